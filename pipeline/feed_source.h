// The events one feed thread publishes: its symbols merged by file position, so the
// thread publishes in the order the recording happened. The events come from memory
// (the usual case) or, for a file larger than the memory budget, from the per-symbol
// staging queues the reader thread fills.
//
// In memory the merge is done once, at construction: the hot loop then takes the next
// symbol from a list instead of comparing every symbol's next position per event
// (with four symbols that comparison was about 225 instructions an event).
//
// Not thread-safe: owned by one feed thread (it is the staging queues' consumer).

#ifndef HFTBOT_PIPELINE_FEED_SOURCE_H_
#define HFTBOT_PIPELINE_FEED_SOURCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "feed/event.h"
#include "feed/tick_file.h"
#include "pipeline/lanes.h"

namespace hftbot::pipeline {

class FeedSource {
 public:
  enum class Status {
    kReady,   // event(), position() and symbol() describe the next event
    kNotYet,  // streamed: the reader has not staged far enough; ask again
    kEnd,     // every event of these symbols was handed out
  };

  // In memory: the events of `symbols` in `ticks`.
  FeedSource(const feed::LoadedTicks& ticks, std::vector<size_t> symbols);
  // Streamed: `staging[k]` holds the events of `symbols[k]`; the reader publishes
  // its progress through `reader_position` (one past the last staged file position)
  // and `reader_done`.
  FeedSource(std::vector<size_t> symbols, std::vector<StagingQueue*> staging,
             const std::atomic<uint64_t>& reader_position, const std::atomic<bool>& reader_done);

  // Finds the next event in recording order.
  Status Next();
  // REQUIRES: the last Next() returned kReady.
  const feed::Event& event() const { return *event_; }
  uint64_t position() const { return position_; }
  size_t symbol() const { return symbols_[pick_]; }
  // Hands the event out. REQUIRES: the last Next() returned kReady.
  void Consume();

  const std::vector<size_t>& symbols() const { return symbols_; }

 private:
  Status NextInMemory();
  Status NextStreamed();

  const feed::LoadedTicks* ticks_ = nullptr;
  std::vector<size_t> symbols_;
  // In memory: symbols_[k]'s stream, the next index in it, and the k of every event
  // in file order; next_ indexes merge_order_.
  std::vector<const feed::SymbolStream*> streams_;
  std::vector<size_t> cursor_;
  std::vector<uint32_t> merge_order_;
  size_t next_ = 0;
  std::vector<StagingQueue*> staging_;
  const std::atomic<uint64_t>* reader_position_ = nullptr;
  const std::atomic<bool>* reader_done_ = nullptr;

  size_t pick_ = 0;
  const feed::Event* event_ = nullptr;
  uint64_t position_ = 0;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_FEED_SOURCE_H_
