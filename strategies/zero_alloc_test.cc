// Proves that every strategy, in the pooled profile, runs without heap allocations
// per event after warm-up (engine included). This binary links
// //alloc:allocation_counter, which replaces the global operator new.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/allocation_counting.h"
#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "strategies/registry.h"
#include "strategies/testing.h"

namespace hftbot::strategies {
namespace {

class ZeroAllocTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ZeroAllocTest, PooledSteadyStateAllocatesNothing) {
  if (const std::string why = engine::testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  const std::vector<feed::Event> events = testing::TrendingStream(51, 60'000);
  engine::EngineConfig config;
  config.profile = engine::AllocationProfile::kPooled;
  config.risk.max_orders_per_second = 10'000;
  engine::testing::CountingSink sink;
  engine::SymbolEngine engine(0, "ALLOC", config, CreateStrategy(GetParam(), {}), sink);
  constexpr size_t kWarmUp = 10'000;
  for (size_t i = 0; i < kWarmUp; ++i) engine.OnEvent(events[i]);
  const uint64_t sent_before = sink.count;
  const uint64_t before = engine::testing::AllocationCount();
  for (size_t i = kWarmUp; i < events.size(); ++i) engine.OnEvent(events[i]);
  const uint64_t allocations = engine::testing::AllocationCount() - before;
  EXPECT_EQ(allocations, 0u);
  EXPECT_GT(sink.count, sent_before);  // it traded in the measured window
}

INSTANTIATE_TEST_SUITE_P(Strategies, ZeroAllocTest,
                         ::testing::Values("market_maker", "ema_momentum", "zscore_reversion"));

}  // namespace
}  // namespace hftbot::strategies
