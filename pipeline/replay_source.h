// How a tick file reaches the replay: loaded whole into memory in one pass (the usual
// case), or, when its events would not fit the memory budget, counted in that same
// pass (the events read so far are let go the moment the budget is exceeded) and then
// streamed again during the replay through bounded staging queues.
//
// Start-up code (throws feed::InputError, and LoadStopped when a stop is requested
// while loading); main thread only.

#ifndef HFTBOT_PIPELINE_REPLAY_SOURCE_H_
#define HFTBOT_PIPELINE_REPLAY_SOURCE_H_

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "feed/tick_file.h"
#include "feed/tick_reader.h"

namespace hftbot::pipeline {

// A file bigger than the memory budget is not held in memory: LoadedTicks then has
// the symbols and counts only (from a first pass), and the replay reads the file again,
// in order, through bounded per-symbol staging queues.
struct StreamSource {
  std::string path;  // empty: every event is in LoadedTicks
  feed::LoadOptions options;
  std::vector<uint64_t> events_per_symbol;  // index == SymbolId
  int64_t first_ts_ns = 0;
  size_t staging_capacity = 0;  // events per symbol
};

struct PreparedTicks {
  feed::LoadedTicks ticks;  // streamed: symbols and counts, no events
  StreamSource stream;      // stream.path empty when everything is in memory
  uint64_t budget_bytes = 0;
  uint64_t in_memory_bytes = 0;  // what holding every event would take
};

// Bytes the replay needs per event held in memory (Event + file position).
inline constexpr uint64_t kBytesPerLoadedEvent = 72;

// A stop (SIGINT, SIGTERM) arrived while the file was being read: nothing was replayed.
class LoadStopped : public std::runtime_error {
 public:
  LoadStopped(const std::string& path, uint64_t records_read)
      : std::runtime_error(path + ": loading stopped by a signal after " + std::to_string(records_read) +
                           " records; nothing was replayed"),
        records_read_(records_read) {}
  uint64_t records_read() const { return records_read_; }

 private:
  uint64_t records_read_;
};

// Reads `path` once. `stop` is polled every few thousand events (relaxed).
PreparedTicks PrepareTicks(const std::string& path, const feed::LoadOptions& options, uint64_t budget_bytes,
                           const std::atomic<bool>& stop);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_REPLAY_SOURCE_H_
