// The feed thread: takes its symbols' events in recording order from a FeedSource,
// waits until each is due, and pushes it into its symbol's lane stamped with
//   t0     the scheduled publish time (fixed before the wait, so a feed that falls
//          behind shows up as latency: no coordinated omission), and
//   t_pub  the time it actually published,
// recording publish_lag = t_pub - t0 (paced replays only: at max speed t0 is t_pub).
// A full lane either blocks the feed (the wait becomes latency) or drops the event
// and counts it, as the options say.
//
// Thread safety: Run() on one feed thread; it is the producer of its symbols' lanes.
// publish_lag() and published() are read after the thread joined.

#ifndef HFTBOT_PIPELINE_FEED_LOOP_H_
#define HFTBOT_PIPELINE_FEED_LOOP_H_

#include <cstdint>

#include "metrics/histogram.h"
#include "pipeline/stage_recorder.h"
#include "pipeline/feed_source.h"
#include "pipeline/lanes.h"
#include "pipeline/replay_state.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class FeedLoop {
 public:
  // `total_events`: how many events `source` holds, to count the unpublished ones.
  FeedLoop(ReplayState<kProfile>& state, FeedSource source, uint64_t total_events);

  // Publishes every event, or until a stop; then marks its lanes finished and adds
  // what it did not publish to state.unreplayed.
  void Run();

  uint64_t published() const { return published_; }
  StageRecorder& publish_lag() { return publish_lag_; }

 private:
  // Stamps t_pub (and, unpaced, t0 = t_pub) right before the push.
  // REQUIRES: `event` stays valid until the engine popped it (in memory: always;
  // streamed pooled: copied into the lane's ring first).
  void Publish(size_t symbol, const feed::Event& event, bool paced, int64_t t0);

  ReplayState<kProfile>& state_;
  FeedSource source_;
  const uint64_t total_events_;
  uint64_t published_ = 0;
  StageRecorder publish_lag_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_FEED_LOOP_H_
