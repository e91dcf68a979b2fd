// The pooled profile allocates nothing per event on any path of the runtime: feed,
// lanes, engine, order hand-off and wire. Proven by counting operator new over whole
// replays of N and 2N events: fixed costs (threads, first samples, queue blocks) are
// the same for both, so any difference is per-event allocation. The naive profile is
// the control: the same measurement must see its per-event allocations.
#include <gtest/gtest.h>

#include <atomic>

#include "engine/allocation_counting.h"
#include "engine/testing.h"
#include "metrics/clock.h"
#include "pipeline/replay.h"

namespace hftbot::pipeline {
namespace {

using engine::testing::QuotingTestStrategy;

enum class Data { kPriceLevel, kOrderLevel };

feed::LoadedTicks Ticks(Data data, size_t events_per_symbol) {
  feed::LoadedTicks ticks;
  ticks.symbols.resize(2);
  uint64_t position = 0;
  for (size_t s = 0; s < 2; ++s) {
    engine::testing::StreamOptions stream;
    stream.seed = 5 + s;
    stream.events = events_per_symbol;
    stream.symbol = static_cast<feed::SymbolId>(s);
    ticks.symbols[s].name = "S" + std::to_string(s);
    ticks.symbols[s].events = data == Data::kPriceLevel ? engine::testing::MakeSyntheticStream(stream)
                                                        : engine::testing::MakeOrderLevelStream(stream);
  }
  // File order: symbol 0's events, then symbol 1's (the feed merges by position).
  for (auto& symbol : ticks.symbols) {
    for (size_t i = 0; i < symbol.events.size(); ++i) symbol.file_positions.push_back(position++);
  }
  ticks.read = position;
  return ticks;
}

RunResult Replay(engine::AllocationProfile profile, Topology topology, Data data, size_t events) {
  feed::LoadedTicks ticks = Ticks(data, events);
  PipelineOptions options;
  options.profile = profile;
  options.topology = topology;
  options.wait = WaitStrategy::kYield;
  options.progress = false;
  options.memory_sample_interval_s = 3600;  // the sampler takes its first and last samples only
  std::atomic<bool> stop{false};
  RunResult result = RunPipeline(
      ticks, options, [](const std::string&) { return std::make_unique<QuotingTestStrategy>(); },
      metrics::DefaultClock(), stop);
  EXPECT_EQ(result.processed, ticks.read);
  return result;
}

uint64_t AllocationsDuringReplay(engine::AllocationProfile profile, Topology topology, Data data, size_t events) {
  return Replay(profile, topology, data, events).allocations.allocations;
}

uint64_t Orders(const RunResult& result) {
  uint64_t orders = 0;
  for (const auto& stats : result.symbol_stats) orders += stats.orders_sent + stats.cancels_sent;
  return orders;
}

const alloc::AllocationTotals& ByComponent(const RunResult& result, alloc::Component component) {
  return result.component_allocations[static_cast<size_t>(component)];
}

class ReplayAllocationTest : public ::testing::TestWithParam<std::tuple<Topology, Data>> {
 protected:
  void SetUp() override {
    std::string unavailable = engine::testing::AllocationCountingUnavailable();
    if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  }
};

TEST_P(ReplayAllocationTest, PooledAllocatesNothingPerEvent) {
  auto [topology, data] = GetParam();
  // Warm the engine pools' first-touch paths and the allocator before measuring.
  (void)AllocationsDuringReplay(engine::AllocationProfile::kPooled, topology, data, 2000);
  uint64_t small = AllocationsDuringReplay(engine::AllocationProfile::kPooled, topology, data, 20'000);
  uint64_t large = AllocationsDuringReplay(engine::AllocationProfile::kPooled, topology, data, 40'000);
  EXPECT_EQ(large, small) << "20,000 more events per symbol cost " << (large - small) << " allocations";
}

TEST_P(ReplayAllocationTest, NaiveAllocationsGrowWithEvents) {
  auto [topology, data] = GetParam();
  uint64_t small = AllocationsDuringReplay(engine::AllocationProfile::kNaive, topology, data, 20'000);
  uint64_t large = AllocationsDuringReplay(engine::AllocationProfile::kNaive, topology, data, 40'000);
  // At least the feed's one make_shared per event: the count really sees per-event allocation.
  EXPECT_GE(large - small, 40'000u);
}

// Attribution: the naive hand-off makes one event per published tick on the feed
// thread (queue), the threaded hand-off one message per order (queue), and the
// gateway one wire string per order (gateway); the feed loop itself allocates nothing.
TEST(ReplayAttributionTest, NaiveAllocationsLandOnTheComponentThatMadeThem) {
  std::string unavailable = engine::testing::AllocationCountingUnavailable();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  RunResult result = Replay(engine::AllocationProfile::kNaive, Topology::kThreaded, Data::kPriceLevel, 20'000);
  const uint64_t events = result.processed;
  const uint64_t orders = Orders(result);
  ASSERT_GT(orders, 0u);
  EXPECT_GE(ByComponent(result, alloc::Component::kQueue).allocations, events + orders);
  EXPECT_GE(ByComponent(result, alloc::Component::kGateway).allocations, orders);
  EXPECT_LT(ByComponent(result, alloc::Component::kFeed).allocations, 100u) << "the feed loop allocates per event";
}

TEST(ReplayAttributionTest, InlineGatewayAllocatesOnTheGatewayComponent) {
  std::string unavailable = engine::testing::AllocationCountingUnavailable();
  if (!unavailable.empty()) GTEST_SKIP() << unavailable;
  RunResult result = Replay(engine::AllocationProfile::kNaive, Topology::kCompact, Data::kPriceLevel, 20'000);
  EXPECT_GE(ByComponent(result, alloc::Component::kGateway).allocations, Orders(result));
  EXPECT_GE(ByComponent(result, alloc::Component::kQueue).allocations, result.processed)
      << "one make_shared per event";
}

std::string CaseName(const ::testing::TestParamInfo<std::tuple<Topology, Data>>& info) {
  return TopologyName(std::get<0>(info.param)) + (std::get<1>(info.param) == Data::kPriceLevel ? "_L2" : "_L3");
}

INSTANTIATE_TEST_SUITE_P(Paths, ReplayAllocationTest,
                         ::testing::Combine(::testing::Values(Topology::kThreaded, Topology::kCompact),
                                            ::testing::Values(Data::kPriceLevel, Data::kOrderLevel)),
                         CaseName);

}  // namespace
}  // namespace hftbot::pipeline
