// Streamed mode's reader thread: reads the tick file once more, in order, into the
// per-symbol staging queues, which together hold at most half the memory budget.
// Not a hot thread: reading is part of loading, and t0 is taken by the feed threads.
//
// Thread safety: Run() on one thread, the staging queues' only producer.

#ifndef HFTBOT_PIPELINE_READER_LOOP_H_
#define HFTBOT_PIPELINE_READER_LOOP_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "feed/tick_reader.h"
#include "pipeline/lanes.h"

namespace hftbot::pipeline {

class ReaderLoop {
 public:
  // staging[symbol] receives that symbol's events. Progress is published through
  // `position` (one past the last staged file position) and `done`.
  ReaderLoop(std::string path, feed::LoadOptions options, std::vector<StagingQueue*> staging,
             std::atomic<uint64_t>& position, std::atomic<bool>& done, const std::atomic<bool>& stop)
      : path_(std::move(path)),
        options_(options),
        staging_(std::move(staging)),
        position_(position),
        done_(done),
        stop_(stop) {}

  // Stages every event or stops early on `stop`; always ends with done == true.
  void Run();

 private:
  std::string path_;
  feed::LoadOptions options_;
  std::vector<StagingQueue*> staging_;
  std::atomic<uint64_t>& position_;
  std::atomic<bool>& done_;
  const std::atomic<bool>& stop_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_READER_LOOP_H_
