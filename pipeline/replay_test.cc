// The whole runtime on synthetic streams: every topology, wait strategy and profile
// must give each symbol exactly the results a single-threaded SymbolEngine gives, and
// every event and order must be counted once in each stage.
#include "pipeline/replay.h"

#include <gtest/gtest.h>

#include <atomic>
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
using Topology = std::tuple<Profile, WaitStrategy, int /*feed threads*/, int /*engine threads*/>;

class ReplayTest : public ::testing::TestWithParam<Topology> {};

TEST_P(ReplayTest, EverySymbolMatchesTheSingleThreadedEngineAndEveryEventIsCounted) {
  auto [profile, wait, feed_threads, engine_threads] = GetParam();
  feed::LoadedTicks ticks = SyntheticTicks();
  PipelineOptions options;
  options.profile = profile;
  options.wait = wait;
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
  ASSERT_EQ(result.stages.size(), 3u);
  EXPECT_EQ(static_cast<uint64_t>(result.stages[0].histogram.Count()), ticks.read) << result.stages[0].name;
  EXPECT_EQ(static_cast<uint64_t>(result.stages[1].histogram.Count()), orders) << result.stages[1].name;
  EXPECT_EQ(static_cast<uint64_t>(result.stages[2].histogram.Count()), orders) << result.stages[2].name;
  EXPECT_EQ(result.orders_on_wire, orders);
  EXPECT_GT(orders, 0u);
  EXPECT_EQ(result.wire_problems, "");
}

std::vector<Topology> Topologies() {
  return {{Profile::kNaive, WaitStrategy::kBlock, 0, 1},
          {Profile::kPooled, WaitStrategy::kBlock, 0, 1},
          {Profile::kPooled, WaitStrategy::kYield, 1, 1},
          {Profile::kNaive, WaitStrategy::kYield, 2, 2},
          {Profile::kPooled, WaitStrategy::kBlock, 1, 3}};
}

std::string TopologyName(const ::testing::TestParamInfo<Topology>& topology) {
  auto [profile, wait, feeds, engines] = topology.param;
  return std::string(engine::AllocationProfileName(profile)) + "_" + WaitStrategyName(wait) + "_f" +
         std::to_string(feeds) + "_e" + std::to_string(engines);
}

INSTANTIATE_TEST_SUITE_P(Topologies, ReplayTest, ::testing::ValuesIn(Topologies()), TopologyName);

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

}  // namespace
}  // namespace hftbot::pipeline
