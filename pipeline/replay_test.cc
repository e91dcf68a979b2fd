// The whole runtime on synthetic streams: every topology, wait strategy and profile
// must give each symbol exactly the results a single-threaded SymbolEngine gives, and
// every event and order must be counted once in each stage.
#include "pipeline/replay.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <tuple>

#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "feed/input_error.h"
#include "metrics/clock.h"

namespace hftbot::pipeline {
namespace {

using engine::testing::MakeSyntheticStream;
using engine::testing::QuotingTestStrategy;

constexpr size_t kSymbols = 3;

// Three symbols, interleaved in "file" order by timestamp.
feed::LoadedTicks SyntheticTicks() {
  feed::LoadedTicks ticks;
  std::vector<std::pair<int64_t, std::pair<size_t, size_t>>> order;  // (ts, (symbol, index))
  ticks.symbols.resize(kSymbols);
  for (size_t s = 0; s < kSymbols; ++s) {
    engine::testing::StreamOptions stream;
    stream.seed = 11 + s;
    stream.events = 4000;
    stream.symbol = static_cast<feed::SymbolId>(s);
    ticks.symbols[s].name = "SYM" + std::to_string(s);
    ticks.symbols[s].events = MakeSyntheticStream(stream);
    for (size_t i = 0; i < ticks.symbols[s].events.size(); ++i) {
      order.push_back({ticks.symbols[s].events[i].ts_ns, {s, i}});
    }
  }
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (size_t s = 0; s < kSymbols; ++s) ticks.symbols[s].file_positions.resize(ticks.symbols[s].events.size());
  for (size_t position = 0; position < order.size(); ++position) {
    auto [s, i] = order[position].second;
    ticks.symbols[s].file_positions[i] = position;
  }
  ticks.read = order.size();
  return ticks;
}

std::vector<uint64_t> ReferenceDigests(const feed::LoadedTicks& ticks, const engine::EngineConfig& config) {
  std::vector<uint64_t> digests;
  for (size_t s = 0; s < ticks.symbols.size(); ++s) {
    engine::testing::CountingSink sink;
    engine::SymbolEngine symbol_engine(static_cast<feed::SymbolId>(s), ticks.symbols[s].name, config,
                                       std::make_unique<QuotingTestStrategy>(), sink);
    for (const feed::Event& event : ticks.symbols[s].events) symbol_engine.OnEvent(event);
    symbol_engine.Finish();
    digests.push_back(symbol_engine.stats().digest);
  }
  return digests;
}

using Profile = engine::AllocationProfile;
using Shape = std::tuple<Profile, WaitStrategy, Topology, int /*feed threads*/, int /*engine threads*/>;

uint64_t CountOf(const RunResult& result, const std::string& stage) {
  const StageLatency* found = FindStage(result, stage);
  EXPECT_NE(found, nullptr) << stage;
  return found == nullptr ? 0 : static_cast<uint64_t>(found->histogram.Count());
}

class ReplayTest : public ::testing::TestWithParam<Shape> {};

TEST_P(ReplayTest, EverySymbolMatchesTheSingleThreadedEngineAndEveryEventIsCounted) {
  auto [profile, wait, topology, feed_threads, engine_threads] = GetParam();
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.profile = profile;
  options.wait = wait;
  options.topology = topology;
  options.feed_threads = feed_threads;
  options.engine_threads = engine_threads;
  options.feed_queue_capacity = 64;  // small: exercises backpressure
  options.progress = false;
  std::atomic<bool> stop{false};
  RunResult result = RunPipeline(
      ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); },
      metrics::DefaultClock(), stop);

  std::vector<uint64_t> expected = ReferenceDigests(ticks, options.engine);
  ASSERT_EQ(result.symbol_stats.size(), kSymbols);
  uint64_t orders = 0;
  for (size_t s = 0; s < kSymbols; ++s) {
    EXPECT_EQ(result.symbol_stats[s].digest, expected[s]) << "symbol " << s;
    orders += result.symbol_stats[s].orders_sent + result.symbol_stats[s].cancels_sent;
  }
  EXPECT_EQ(result.processed, ticks.read);
  EXPECT_EQ(result.unreplayed, 0u);
  EXPECT_FALSE(result.partial);
  EXPECT_EQ(result.topology, topology);
  EXPECT_EQ(result.gateway, topology == Topology::kCompact ? GatewayMode::kInline : GatewayMode::kThread);
  EXPECT_EQ(CountOf(result, "publish_lag"), 0u) << "max speed: t0 is the publish time";
  EXPECT_EQ(CountOf(result, "queue_wait"), ticks.read);
  EXPECT_EQ(CountOf(result, "engine_service"), ticks.read);
  EXPECT_EQ(CountOf(result, "tick_to_order"), orders);
  EXPECT_EQ(CountOf(result, "order_to_wire"), orders);
  EXPECT_EQ(CountOf(result, "gateway_service"), orders);
  EXPECT_EQ(result.orders_on_wire, orders);
  EXPECT_GT(orders, 0u);
  EXPECT_EQ(result.wire_problems, "");
}

std::vector<Shape> Shapes() {
  return {{Profile::kNaive, WaitStrategy::kBlock, Topology::kThreaded, 0, 1},
          {Profile::kPooled, WaitStrategy::kBlock, Topology::kThreaded, 0, 1},
          {Profile::kPooled, WaitStrategy::kYield, Topology::kThreaded, 1, 1},
          {Profile::kNaive, WaitStrategy::kYield, Topology::kThreaded, 2, 2},
          {Profile::kPooled, WaitStrategy::kBlock, Topology::kThreaded, 1, 3},
          {Profile::kNaive, WaitStrategy::kYield, Topology::kCompact, 0, 1},
          {Profile::kPooled, WaitStrategy::kSpin, Topology::kCompact, 1, 1},
          {Profile::kPooled, WaitStrategy::kBlock, Topology::kCompact, 0, 2}};
}

std::string ShapeName(const ::testing::TestParamInfo<Shape>& shape) {
  auto [profile, wait, topology, feeds, engines] = shape.param;
  return std::string(engine::AllocationProfileName(profile)) + "_" + WaitStrategyName(wait) + "_" +
         TopologyName(topology) + "_f" + std::to_string(feeds) + "_e" + std::to_string(engines);
}

INSTANTIATE_TEST_SUITE_P(Shapes, ReplayTest, ::testing::ValuesIn(Shapes()), ShapeName);

// With a clock that moves on every read, each stage's samples must be positive: any
// time stamp taken out of order (t1 before t_pub, t2 before t0, t3 before t2) would
// give a sample <= 0, and the smallest legal difference is one tick of 10 ns.
class StageOrderTest : public ::testing::TestWithParam<std::tuple<Profile, Topology>> {};

TEST_P(StageOrderTest, EveryStageIsPositiveAndCountsWhatItClaims) {
  auto [profile, topology] = GetParam();
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.profile = profile;
  options.topology = topology;
  options.wait = WaitStrategy::kYield;  // a fake clock cannot sleep
  options.rate = 1'000'000;             // paced, so publish_lag is recorded
  options.progress = false;
  metrics::FakeClock clock(1'000'000'000);
  clock.SetTickPerRead(10);
  std::atomic<bool> stop{false};
  RunResult result = RunPipeline(
      ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); }, clock, stop);
  uint64_t orders = 0;
  for (const auto& stats : result.symbol_stats) orders += stats.orders_sent + stats.cancels_sent;
  EXPECT_EQ(CountOf(result, "publish_lag"), ticks.read);
  EXPECT_EQ(CountOf(result, "queue_wait"), ticks.read);
  EXPECT_EQ(CountOf(result, "engine_service"), ticks.read);
  EXPECT_EQ(CountOf(result, "tick_to_order"), orders);
  EXPECT_EQ(CountOf(result, "order_to_wire"), orders);
  EXPECT_EQ(CountOf(result, "gateway_service"), orders);
  for (const StageLatency& stage : result.stages) {
    if (stage.histogram.Count() == 0) continue;
    EXPECT_GE(stage.histogram.Min(), 10) << stage.name << ": a time stamp came out of order";
  }
}

std::string StageOrderName(const ::testing::TestParamInfo<std::tuple<Profile, Topology>>& shape) {
  return std::string(engine::AllocationProfileName(std::get<0>(shape.param))) + "_" +
         TopologyName(std::get<1>(shape.param));
}

INSTANTIATE_TEST_SUITE_P(Shapes, StageOrderTest,
                         ::testing::Combine(::testing::Values(Profile::kNaive, Profile::kPooled),
                                            ::testing::Values(Topology::kThreaded, Topology::kCompact)),
                         StageOrderName);

// time_every = 7: the engine thread times about 1 event in 7 (which ones is
// SampleSchedule's business, tested there), its time stamps in order, and the results
// are those of a run that times every event.
TEST(ReplayTimingTest, TimingOneEventInNTimesThatShareAndKeepsTheResults) {
  feed::LoadedTicks ticks = SyntheticTicks();
  for (Profile profile : {Profile::kNaive, Profile::kPooled}) {
    PipelineOptions options;
    options.profile = profile;
    options.topology = Topology::kCompact;
    options.wait = WaitStrategy::kYield;
    options.progress = false;
    options.time_every = 7;
    metrics::FakeClock clock(1'000'000'000);
    clock.SetTickPerRead(10);
    std::atomic<bool> stop{false};
    RunResult result = RunPipeline(
        ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); }, clock, stop);
    ASSERT_EQ(result.processed, ticks.read);
    EXPECT_EQ(result.time_every, 7u);
    const double one_in_seven = static_cast<double>(ticks.read) / 7;
    EXPECT_NEAR(static_cast<double>(CountOf(result, "queue_wait")), one_in_seven, 0.1 * one_in_seven);
    EXPECT_EQ(CountOf(result, "engine_service"), CountOf(result, "queue_wait")) << "both stages time the same events";
    uint64_t orders = 0;
    for (const auto& stats : result.symbol_stats) orders += stats.orders_sent + stats.cancels_sent;
    EXPECT_EQ(CountOf(result, "tick_to_order"), orders) << "the order stages time every order";
    for (const char* stage : {"queue_wait", "engine_service"}) {
      EXPECT_GE(FindStage(result, stage)->histogram.Min(), 10) << stage << ": a time stamp came out of order";
    }
    std::vector<uint64_t> digests;
    for (const auto& stats : result.symbol_stats) digests.push_back(stats.digest);
    EXPECT_EQ(digests, ReferenceDigests(ticks, options.engine));
  }
}

TEST(ReplayTopologyTest, CompactRejectsSeveralFeedThreadsAndAGatewayThread) {
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.topology = Topology::kCompact;
  options.feed_threads = 2;
  options.progress = false;
  std::atomic<bool> stop{false};
  auto factory = [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); };
  EXPECT_THROW(RunPipeline(ticks, options, factory, metrics::DefaultClock(), stop), feed::InputError);
  options.feed_threads = 1;
  options.gateway = GatewayMode::kThread;
  EXPECT_THROW(RunPipeline(ticks, options, factory, metrics::DefaultClock(), stop), feed::InputError);
}

TEST(ReplayPinningTest, UnusableCpuIsAnErrorBeforeAnyThreadStarts) {
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.pin_cpus = {0, 4095};
  options.progress = false;
  std::atomic<bool> stop{false};
  EXPECT_THROW(RunPipeline(
                   ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); },
                   metrics::DefaultClock(), stop),
               feed::InputError);
}

TEST(ReplayPinningTest, CpusGoToFeedsThenEnginesThenTheGateway) {
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.feed_threads = 2;
  options.topology = Topology::kThreaded;
  options.pin_cpus = {0};
  options.wait = WaitStrategy::kBlock;
  options.progress = false;
  std::atomic<bool> stop{false};
  RunResult result = RunPipeline(
      ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); },
      metrics::DefaultClock(), stop);
  ASSERT_EQ(result.placement.size(), 4u);
  EXPECT_EQ(result.placement[0].thread, "feed 0");
  EXPECT_EQ(result.placement[1].thread, "feed 1");
  EXPECT_EQ(result.placement[2].thread, "engine 0");
  EXPECT_EQ(result.placement[3].thread, "gateway");
  for (const ThreadPlacement& p : result.placement) EXPECT_EQ(p.cpu, 0) << p.thread;
}

// An engine that finds the order queue full waits for the gateway (which drains until
// every engine has finished, stop or not): a full queue is backpressure, never loss,
// and a stop during it still ends the run. Three engines share one queue of the
// smallest capacity, whose few blocks the first engines may take for good (then the
// last one takes heap blocks: order_handoff_test; it used to spin forever here).
TEST(ReplayOrderQueueTest, AFullOrderQueueLosesNoOrderAndAStopStillEndsTheRun) {
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.profile = Profile::kPooled;
  options.wait = WaitStrategy::kYield;
  options.topology = Topology::kThreaded;
  options.engine_threads = 3;
  options.order_queue_capacity = 1;  // moodycamel rounds up to one block per producer
  options.progress = false;
  for (bool stop_midway : {false, true}) {
    std::atomic<bool> stop{false};
    std::thread stopper([&] {
      if (!stop_midway) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      stop.store(true);
    });
    RunResult result = RunPipeline(
        ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); },
        metrics::DefaultClock(), stop);
    stopper.join();
    uint64_t orders = 0;
    for (const auto& stats : result.symbol_stats) orders += stats.orders_sent + stats.cancels_sent;
    // A stop may land before the first event (the replay starts 2 ms after the threads);
    // whenever it lands, every order emitted is on the wire and every event accounted.
    if (!stop_midway) {
      EXPECT_GT(orders, 0u);
    }
    EXPECT_EQ(result.orders_on_wire, orders) << "stop midway: " << stop_midway;
    EXPECT_EQ(CountOf(result, "order_to_wire"), orders) << "stop midway: " << stop_midway;
    EXPECT_EQ(result.processed + result.unreplayed, ticks.read) << "stop midway: " << stop_midway;
  }
}

}  // namespace
}  // namespace hftbot::pipeline
