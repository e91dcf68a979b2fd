#include "pipeline/feed_loop.h"

#include <immintrin.h>
#include <sched.h>
#include <sys/prctl.h>

#include <chrono>
#include <thread>
#include <utility>

#include "alloc/component.h"

namespace hftbot::pipeline {

template <Profile kProfile>
FeedLoop<kProfile>::FeedLoop(ReplayState<kProfile>& state, FeedSource source, uint64_t total_events)
    : state_(state),
      source_(std::move(source)),
      total_events_(total_events),
      publish_lag_(state.options) {}

template <Profile kProfile>
void FeedLoop<kProfile>::Run() {
  alloc::ComponentScope component(alloc::Component::kFeed);
  const WaitStrategy wait = state_.wait;
  const bool paced = state_.schedule.paced();
  // The default 50 us timer slack would make every paced sleep overshoot by that much.
  if (wait == WaitStrategy::kBlock) prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  WaitUntil(state_.clock, state_.start_ns, wait, state_.stop);  // every feed starts together
  for (;;) {
    FeedSource::Status status = source_.Next();
    if (status == FeedSource::Status::kEnd) break;
    // relaxed: a stop seen one event late is harmless; what was not published is counted.
    if (state_.stop.load(std::memory_order_relaxed)) break;
    if (status == FeedSource::Status::kNotYet) {
      if (wait == WaitStrategy::kSpin) {
        _mm_pause();
      } else {
        sched_yield();
      }
      continue;
    }
    const size_t symbol = source_.symbol();
    int64_t t0 = 0;  // at max speed, set to t_pub in Publish
    if (paced) {
      t0 = state_.start_ns + state_.schedule.OffsetNs(source_.event().ts_ns, source_.position());
      WaitUntil(state_.clock, t0, wait, state_.stop);
      if (state_.stop.load(std::memory_order_relaxed)) break;  // not published: counted below
    }
    if constexpr (kProfile == Profile::kPooled) {
      EventRing* ring = state_.lanes[symbol]->ring.get();
      // In memory the event stays put; a staged event is copied out before its slot is freed.
      const feed::Event* event = ring != nullptr ? ring->Put(source_.event()) : &source_.event();
      source_.Consume();
      Publish(symbol, *event, paced, t0);
    } else {
      const feed::Event event = source_.event();
      source_.Consume();
      Publish(symbol, event, paced, t0);
    }
    ++published_;
  }
  state_.unreplayed.fetch_add(total_events_ - published_, std::memory_order_relaxed);
  for (size_t symbol : source_.symbols()) {
    state_.lanes[symbol]->finished.store(true, std::memory_order_release);
    state_.EngineBellOf(symbol).Ring();
  }
}

template <Profile kProfile>
void FeedLoop<kProfile>::Publish(size_t symbol, const feed::Event& event, bool paced, int64_t t0) {
  SymbolLane<kProfile>& lane = *state_.lanes[symbol];
  alloc::ComponentScope component(alloc::Component::kQueue);  // the hand-off: items, queue slots
  FeedItem<kProfile> item;
  if constexpr (kProfile == Profile::kNaive) {
    item.event = std::make_shared<const feed::Event>(event);  // freed by the engine thread
  } else {
    item.event = &event;
  }
  // A fresh read, as late as it can be: everything the feed did for this event before
  // the push (the wait, taking it from the source, building the item) is the replay's
  // own work, in publish_lag; queue_wait then starts at the push itself.
  const int64_t t_pub = state_.clock.NowNs();
  if (paced) {
    publish_lag_.Record(t_pub - t0);
  } else {
    t0 = t_pub;
  }
  item.t0 = t0;
  item.t_pub = t_pub;
  bool pushed = lane.queue.Push(std::move(item));  // a full ring leaves `item` as it was
  if (!pushed && state_.options.on_full == OnFull::kDrop) {
    // Only this thread writes the counter; relaxed because it is read after join.
    lane.dropped.store(lane.dropped.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    return;
  }
  while (!pushed) {
    // Backpressure: the wait is part of this event's latency (t0 and t_pub were fixed above).
    if (state_.wait == WaitStrategy::kSpin) {
      _mm_pause();
    } else if (state_.wait == WaitStrategy::kBlock) {
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    } else {
      sched_yield();
    }
    pushed = lane.queue.Push(std::move(item));
  }
  // A parked engine needs the doorbell; a spinning one would only pay for its fence.
  if (state_.wait == WaitStrategy::kBlock) state_.EngineBellOf(symbol).Ring();
}

template class FeedLoop<Profile::kNaive>;
template class FeedLoop<Profile::kPooled>;

}  // namespace hftbot::pipeline
