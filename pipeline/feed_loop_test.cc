#include "pipeline/feed_loop.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "metrics/clock.h"

namespace hftbot::pipeline {
namespace {

feed::LoadedTicks OneSymbol(int events) {
  feed::LoadedTicks ticks;
  ticks.symbols.resize(1);
  for (int i = 0; i < events; ++i) {
    feed::Event event;
    event.ts_ns = 1000 + i;
    event.id = static_cast<uint64_t>(i);
    ticks.symbols[0].events.push_back(event);
    ticks.symbols[0].file_positions.push_back(static_cast<uint64_t>(i));
  }
  return ticks;
}

template <Profile kProfile>
struct Fixture {
  Fixture(OnFull on_full, WaitStrategy wait, size_t capacity) {
    options.on_full = on_full;
    options.feed_queue_capacity = capacity;
    state = std::make_unique<ReplayState<kProfile>>(options, metrics::DefaultClock(), wait, 1, 1, 0, stop,
                                                    Schedule(0, 0, 0));
  }
  PipelineOptions options;
  std::atomic<bool> stop{false};
  std::unique_ptr<ReplayState<kProfile>> state;
};

// Nobody consumes: a 4-slot lane takes 4 events and every other one is dropped and counted.
TEST(FeedLoopTest, DropCountsEveryEventThatFoundTheLaneFull) {
  Fixture<Profile::kPooled> f(OnFull::kDrop, WaitStrategy::kSpin, 4);
  feed::LoadedTicks ticks = OneSymbol(100);
  FeedLoop<Profile::kPooled> loop(*f.state, FeedSource(ticks, {0}), 100);
  loop.Run();
  SymbolLane<Profile::kPooled>& lane = *f.state->lanes[0];
  PooledFeedItem items[8];
  EXPECT_EQ(lane.queue.Pop(items, 8), 4u);
  EXPECT_EQ(lane.dropped.load(), 96u);
  EXPECT_EQ(loop.published(), 100u);
  EXPECT_TRUE(lane.finished.load());
  EXPECT_EQ(f.state->unreplayed.load(), 0u);
}

// block loses nothing: a slow consumer gets every event, in order, from a 2-slot lane.
template <Profile kProfile>
void BlockDeliversEverything(WaitStrategy wait) {
  Fixture<kProfile> f(OnFull::kBlock, wait, 2);
  feed::LoadedTicks ticks = OneSymbol(2000);
  FeedLoop<kProfile> loop(*f.state, FeedSource(ticks, {0}), 2000);
  std::thread feed([&] { loop.Run(); });
  SymbolLane<kProfile>& lane = *f.state->lanes[0];
  uint64_t expected = 0;
  FeedItem<kProfile> item;
  while (expected < 2000) {
    if (lane.queue.Pop(&item, 1) == 0) {
      std::this_thread::yield();
      continue;
    }
    EXPECT_EQ(EventOf(item).id, expected);
    ++expected;
  }
  feed.join();
  EXPECT_EQ(lane.dropped.load(), 0u);
  EXPECT_TRUE(lane.finished.load());
}

TEST(FeedLoopTest, BlockDeliversEverythingPooledSpin) { BlockDeliversEverything<Profile::kPooled>(WaitStrategy::kSpin); }
TEST(FeedLoopTest, BlockDeliversEverythingNaiveBlock) { BlockDeliversEverything<Profile::kNaive>(WaitStrategy::kBlock); }

// A stop before the replay starts publishes nothing and counts every event as unreplayed.
TEST(FeedLoopTest, StopCountsUnpublishedEvents) {
  Fixture<Profile::kPooled> f(OnFull::kBlock, WaitStrategy::kSpin, 8);
  f.stop.store(true);
  feed::LoadedTicks ticks = OneSymbol(50);
  FeedLoop<Profile::kPooled> loop(*f.state, FeedSource(ticks, {0}), 50);
  loop.Run();
  EXPECT_EQ(loop.published(), 0u);
  EXPECT_EQ(f.state->unreplayed.load(), 50u);
  EXPECT_TRUE(f.state->lanes[0]->finished.load());
}

// Paced: t0 is the scheduled time (start + offset), never the time of publishing.
TEST(FeedLoopTest, PacedT0IsTheScheduledTime) {
  PipelineOptions options;
  options.feed_queue_capacity = 16;
  std::atomic<bool> stop{false};
  metrics::FakeClock clock(1'000'000);
  ReplayState<Profile::kPooled> state(options, clock, WaitStrategy::kSpin, 1, 1, 0, stop, Schedule(0, 1000, 0));
  state.start_ns = 2'000'000;
  feed::LoadedTicks ticks = OneSymbol(3);
  FeedLoop<Profile::kPooled> loop(state, FeedSource(ticks, {0}), 3);
  std::thread feed([&] { loop.Run(); });
  clock.SetNs(2'000'000 + 5'000'000);  // late for every event
  feed.join();
  SymbolLane<Profile::kPooled>& lane = *state.lanes[0];
  PooledFeedItem item;
  for (int64_t i = 0; i < 3; ++i) {
    ASSERT_EQ(lane.queue.Pop(&item, 1), 1u);
    EXPECT_EQ(item.t0, 2'000'000 + i * 1'000'000);
    EXPECT_GE(item.t_pub, 2'000'000 + 5'000'000);  // stamped when published, late
  }
}

}  // namespace
}  // namespace hftbot::pipeline
