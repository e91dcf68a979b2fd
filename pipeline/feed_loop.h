// The feed thread: takes its symbols' events in recording order from a FeedSource,
// waits until each is due (t0, fixed before the wait), and pushes it into its
// symbol's lane. A full lane either blocks the feed (the wait becomes latency) or
// drops the event and counts it, as the options say.
//
// Thread safety: Run() on one feed thread; it is the producer of its symbols' lanes.

#ifndef HFTBOT_PIPELINE_FEED_LOOP_H_
#define HFTBOT_PIPELINE_FEED_LOOP_H_

#include <cstdint>

#include "pipeline/feed_source.h"
#include "pipeline/lanes.h"
#include "pipeline/replay_state.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class FeedLoop {
 public:
  // `total_events`: how many events `source` holds, to count the unpublished ones.
  FeedLoop(ReplayState<kProfile>& state, FeedSource source, uint64_t total_events)
      : state_(state), source_(std::move(source)), total_events_(total_events) {}

  // Publishes every event, or until a stop; then marks its lanes finished and adds
  // what it did not publish to state.unreplayed.
  void Run();

  uint64_t published() const { return published_; }

 private:
  void Publish(size_t symbol, const feed::Event& event, int64_t t0);

  ReplayState<kProfile>& state_;
  FeedSource source_;
  const uint64_t total_events_;
  uint64_t published_ = 0;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_FEED_LOOP_H_
