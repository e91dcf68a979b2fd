// How a tick file reaches the replay: loaded whole into memory (the usual case), or,
// when it would not fit the memory budget, scanned once for symbols and counts and
// then streamed again during the replay through bounded staging queues.
//
// Start-up code (throws feed::InputError); main thread only.

#ifndef HFTBOT_PIPELINE_REPLAY_SOURCE_H_
#define HFTBOT_PIPELINE_REPLAY_SOURCE_H_

#include <cstdint>
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

PreparedTicks PrepareTicks(const std::string& path, const feed::LoadOptions& options, uint64_t budget_bytes);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_REPLAY_SOURCE_H_
