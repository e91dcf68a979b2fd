// Proves the pooled profile's steady state: zero heap allocations per event.
// This binary links //alloc:allocation_counter, which replaces the global operator new.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/allocation_counting.h"
#include "engine/strategy.h"
#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "feed/event.h"

namespace hftbot::engine {
namespace {

enum class Data { kLevels, kOrders };

uint64_t AllocationsInSteadyState(AllocationProfile profile, Data data = Data::kLevels) {
  testing::StreamOptions options;
  options.seed = 3;
  options.events = 60'000;
  const std::vector<feed::Event> events = data == Data::kLevels
                                              ? testing::MakeSyntheticStream(options)
                                              : testing::MakeOrderLevelStream(options);
  EngineConfig config;
  config.profile = profile;
  config.risk.max_orders_per_second = 5'000;
  testing::CountingSink sink;
  auto strategy = std::make_unique<testing::QuotingTestStrategy>();
  testing::QuotingTestStrategy* s = strategy.get();
  SymbolEngine engine(0, "ALLOC", config, std::move(strategy), sink);
  constexpr size_t kWarmUp = 10'000;
  for (size_t i = 0; i < kWarmUp; ++i) engine.OnEvent(events[i]);
  const uint64_t before = testing::AllocationCount();
  for (size_t i = kWarmUp; i < events.size(); ++i) engine.OnEvent(events[i]);
  const uint64_t after = testing::AllocationCount();
  // The measured window did real work.
  EXPECT_GT(sink.count, 1'000u);
  EXPECT_GT(s->fills, 500u);
  return after - before;
}

TEST(SymbolEngineAllocTest, PooledAllocatesNothingPerEventAfterWarmUp) {
  if (const std::string why = testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  EXPECT_EQ(AllocationsInSteadyState(AllocationProfile::kPooled), 0u);
}

// LOBSTER-like adds, cancels and executions through the pooled L3 store.
TEST(SymbolEngineAllocTest, PooledAllocatesNothingPerOrderLevelEventAfterWarmUp) {
  if (const std::string why = testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  EXPECT_EQ(AllocationsInSteadyState(AllocationProfile::kPooled, Data::kOrders), 0u);
}

TEST(SymbolEngineAllocTest, NaiveAllocatesAsAFirstBotWould) {
  if (const std::string why = testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  // Not a contract, a sanity check that the counter sees the naive profile's heap use.
  EXPECT_GT(AllocationsInSteadyState(AllocationProfile::kNaive), 50'000u);
}

}  // namespace
}  // namespace hftbot::engine
