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

uint64_t AllocationsDuringReplay(engine::AllocationProfile profile, Topology topology, Data data, size_t events) {
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
  return result.allocations.allocations;
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

std::string CaseName(const ::testing::TestParamInfo<std::tuple<Topology, Data>>& info) {
  return TopologyName(std::get<0>(info.param)) + (std::get<1>(info.param) == Data::kPriceLevel ? "_L2" : "_L3");
}

INSTANTIATE_TEST_SUITE_P(Paths, ReplayAllocationTest,
                         ::testing::Combine(::testing::Values(Topology::kThreaded, Topology::kCompact),
                                            ::testing::Values(Data::kPriceLevel, Data::kOrderLevel)),
                         CaseName);

}  // namespace
}  // namespace hftbot::pipeline
