// Proves that SymbolEngine's components allocate from the memory resources
// EngineConfig::resources gives them: with a counting resource per component, every
// operator new call the naive engine makes under a component is one of its resource's
// allocations, and the pooled engine takes its storage from them at construction.
// This binary links //alloc:allocation_counter, which replaces the global operator new.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "alloc/component.h"
#include "engine/allocation_counting.h"
#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "feed/event.h"

namespace hftbot::engine {
namespace {

using alloc::Component;
using testing::ComponentAllocations;
using testing::CountingResource;

enum class Data { kLevels, kOrders };

struct Resources {
  CountingResource book;
  CountingResource exchange;
  CountingResource strategy;
  CountingResource risk;

  EngineResources ForEngine() { return {&book, &exchange, &strategy, &risk}; }
};

// Allocations per component.
struct Counts {
  uint64_t book = 0;
  uint64_t exchange = 0;
  uint64_t strategy = 0;
  uint64_t risk = 0;
};

// What each resource saw during construction and during the events, and the operator
// new calls made under each component during the events.
struct Replay {
  Counts at_construction;
  Counts during_events;
  Counts operator_new_during_events;
  uint64_t orders_sent = 0;
};

Counts Snapshot(const Resources& r) {
  return {r.book.allocations, r.exchange.allocations, r.strategy.allocations,
          r.risk.allocations};
}

Replay ReplayWithCountingResources(AllocationProfile profile, Data data) {
  testing::StreamOptions options;
  options.seed = 3;
  options.events = 30'000;
  const std::vector<feed::Event> events = data == Data::kLevels
                                              ? testing::MakeSyntheticStream(options)
                                              : testing::MakeOrderLevelStream(options);
  Resources resources;
  EngineConfig config;
  config.profile = profile;
  config.risk.max_orders_per_second = 5'000;
  config.resources = resources.ForEngine();
  testing::CountingSink sink;
  Replay replay;
  {
    SymbolEngine engine(0, "RESOURCES", config, std::make_unique<testing::QuotingTestStrategy>(),
                        sink);
    replay.at_construction = Snapshot(resources);
    // The first event builds the L3 store (order-level data), the rest is steady state.
    engine.OnEvent(events[0]);
    const Counts before = Snapshot(resources);
    const ComponentAllocations operator_new;
    for (size_t i = 1; i < events.size(); ++i) engine.OnEvent(events[i]);
    const Counts after = Snapshot(resources);
    replay.during_events = {after.book - before.book, after.exchange - before.exchange,
                            after.strategy - before.strategy, after.risk - before.risk};
    replay.operator_new_during_events = {
        operator_new(Component::kBook), operator_new(Component::kExchange),
        operator_new(Component::kStrategy), operator_new(Component::kRisk)};
  }
  replay.orders_sent = sink.count;
  // Everything taken from a resource went back to it when the engine died.
  EXPECT_EQ(resources.book.live_bytes, 0u);
  EXPECT_EQ(resources.exchange.live_bytes, 0u);
  EXPECT_EQ(resources.strategy.live_bytes, 0u);
  EXPECT_EQ(resources.risk.live_bytes, 0u);
  return replay;
}

class SymbolEngineResourcesTest : public ::testing::TestWithParam<Data> {
 protected:
  void SetUp() override {
    if (const std::string why = testing::AllocationCountingUnavailable(); !why.empty()) {
      GTEST_SKIP() << why;
    }
  }
};

TEST_P(SymbolEngineResourcesTest, NaiveComponentsAllocateOnlyFromTheirResources) {
  const Replay r = ReplayWithCountingResources(AllocationProfile::kNaive, GetParam());
  EXPECT_GT(r.orders_sent, 1'000u);
  // Each naive component allocates per event, from its own resource...
  EXPECT_GT(r.during_events.book, 1'000u);
  EXPECT_GT(r.during_events.exchange, 1'000u);
  EXPECT_GT(r.during_events.risk, 10u);
  // ...and nowhere else: every operator new under its scope is a resource call (the
  // counting resources forward to operator new). The test strategy allocates nothing.
  EXPECT_EQ(r.operator_new_during_events.book, r.during_events.book);
  EXPECT_EQ(r.operator_new_during_events.exchange, r.during_events.exchange);
  EXPECT_EQ(r.operator_new_during_events.risk, r.during_events.risk);
  EXPECT_EQ(r.operator_new_during_events.strategy, r.during_events.strategy);
}

TEST_P(SymbolEngineResourcesTest, PooledComponentsTakeTheirStorageFromTheirResourcesOnce) {
  const Replay r = ReplayWithCountingResources(AllocationProfile::kPooled, GetParam());
  EXPECT_GT(r.orders_sent, 1'000u);
  EXPECT_GT(r.at_construction.book, 0u);      // the two flat sides
  EXPECT_GT(r.at_construction.exchange, 0u);  // order pool, ring, reports
  EXPECT_GT(r.at_construction.risk, 0u);      // the order-rate window
  EXPECT_EQ(r.during_events.book, 0u);
  EXPECT_EQ(r.during_events.exchange, 0u);
  EXPECT_EQ(r.during_events.strategy, 0u);
  EXPECT_EQ(r.during_events.risk, 0u);
  EXPECT_EQ(r.operator_new_during_events.book, 0u);
  EXPECT_EQ(r.operator_new_during_events.exchange, 0u);
  EXPECT_EQ(r.operator_new_during_events.strategy, 0u);
  EXPECT_EQ(r.operator_new_during_events.risk, 0u);
}

INSTANTIATE_TEST_SUITE_P(Streams, SymbolEngineResourcesTest,
                         ::testing::Values(Data::kLevels, Data::kOrders),
                         [](const ::testing::TestParamInfo<Data>& param) {
                           return std::string(param.param == Data::kLevels ? "levels" : "orders");
                         });

}  // namespace
}  // namespace hftbot::engine
