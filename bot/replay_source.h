// How a tick file reaches the replay: loaded whole into memory (the usual case), or,
// when it would not fit the memory budget, scanned once for symbols and counts and
// then streamed again during the replay through bounded staging queues.
//
// Start-up code (throws feed::InputError); main thread only.

#ifndef HFTBOT_BOT_REPLAY_SOURCE_H_
#define HFTBOT_BOT_REPLAY_SOURCE_H_

#include <cstdint>
#include <string>

#include "bot/pipeline.h"
#include "feed/tick_file.h"

namespace hftbot::bot {

struct PreparedTicks {
  feed::LoadedTicks ticks;  // streamed: symbols and counts, no events
  StreamSource stream;      // stream.path empty when everything is in memory
  uint64_t budget_bytes = 0;
  uint64_t in_memory_bytes = 0;  // what holding every event would take
};

// Bytes the replay needs per event held in memory (Event + file position).
inline constexpr uint64_t kBytesPerLoadedEvent = 72;

PreparedTicks PrepareTicks(const std::string& path, const feed::LoadOptions& options, uint64_t budget_bytes);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_REPLAY_SOURCE_H_
