// Proves that every strategy keeps its containers in the strategy component's memory
// resource (StrategyStart::resource, EngineConfig::resources.strategy): in the naive
// profile, which allocates per event, every operator new call made under the
// strategy component is one of that resource's allocations. This binary links
// //alloc:allocation_counter, which replaces the global operator new.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "alloc/component.h"
#include "engine/allocation_counting.h"
#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "strategies/registry.h"
#include "strategies/testing.h"

namespace hftbot::strategies {
namespace {

class StrategyResourceTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StrategyResourceTest, NaiveStrategyAllocatesOnlyFromItsResource) {
  if (const std::string why = engine::testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  const std::vector<feed::Event> events = testing::TrendingStream(51, 30'000);
  engine::testing::CountingResource strategy_resource;
  engine::EngineConfig config;
  config.profile = engine::AllocationProfile::kNaive;
  config.risk.max_orders_per_second = 10'000;
  config.resources.strategy = &strategy_resource;
  engine::testing::CountingSink sink;
  {
    engine::SymbolEngine engine(0, "RESOURCE", config, CreateStrategy(GetParam(), {}), sink);
    const uint64_t before = strategy_resource.allocations;
    const engine::testing::ComponentAllocations operator_new;
    for (const feed::Event& event : events) engine.OnEvent(event);
    const uint64_t from_resource = strategy_resource.allocations - before;
    EXPECT_GT(from_resource, 0u);
    EXPECT_EQ(operator_new(alloc::Component::kStrategy), from_resource);
  }
  EXPECT_GT(sink.count, 10u);  // it traded
  EXPECT_EQ(strategy_resource.live_bytes, 0u);
}

INSTANTIATE_TEST_SUITE_P(Strategies, StrategyResourceTest,
                         ::testing::Values("market_maker", "ema_momentum", "zscore_reversion"));

}  // namespace
}  // namespace hftbot::strategies
