#include "strategies/ema_momentum.h"

#include <gtest/gtest.h>

#include <memory>

#include "engine/order.h"
#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "strategies/testing.h"

namespace hftbot::strategies {
namespace {

using engine::AllocationProfile;
using engine::OrderType;
using engine::testing::kCent;
using engine::testing::kUnit;
using feed::Side;

TEST(EmaMomentumTest, BuysARisingMarketUpToItsCap) {
  engine::EngineConfig config;
  config.order_latency_ns = 1'000;
  engine::testing::RecordingSink sink;
  EmaMomentumParams p;
  p.fast_period = 2;
  p.slow_period = 5;
  p.max_position = 2;
  p.cooldown_ms = 0;
  auto strategy = std::make_unique<EmaMomentum>(p);
  EmaMomentum* s = strategy.get();
  engine::SymbolEngine engine(0, "EMA", config, std::move(strategy), sink);
  int64_t ts = 0;
  for (int i = 0; i < 30; ++i) {
    const feed::Price mid = 100 * kUnit + i * 10 * kCent;
    engine.OnEvent(
        engine::testing::Quote(ts += 1'000'000, mid - kCent, 10 * kUnit, mid + kCent, 10 * kUnit));
  }
  EXPECT_EQ(s->regime(), 1);
  ASSERT_FALSE(sink.orders.empty());
  for (const engine::Order& o : sink.orders) {
    EXPECT_EQ(o.type, OrderType::kMarket);
    EXPECT_EQ(o.side, Side::kBid);
  }
  EXPECT_EQ(engine.stats().position, 2 * kUnit);
  EXPECT_EQ(sink.orders.size(), 2u);
}

TEST(EmaMomentumTest, TradesBothWaysWithinItsCapAndMatchesAcrossProfiles) {
  const auto events = testing::TrendingStream(31, 40'000);
  const std::map<std::string, double> params = {{"max_position", 3}, {"cooldown_ms", 10}};
  const auto naive =
      testing::RunStrategy("ema_momentum", params, AllocationProfile::kNaive, events);
  const auto pooled =
      testing::RunStrategy("ema_momentum", params, AllocationProfile::kPooled, events);
  testing::ExpectSameResults(naive, pooled);
  EXPECT_GT(pooled.stats.orders_sent, 20u);
  bool bought = false;
  bool sold = false;
  for (const engine::Order& o : pooled.orders) {
    bought |= o.side == Side::kBid;
    sold |= o.side == Side::kAsk;
  }
  EXPECT_TRUE(bought && sold);
  EXPECT_LE(pooled.max_abs_position, 3 * kUnit);
}

TEST(EmaMomentumTest, RejectsBadParameters) {
  EXPECT_THROW(EmaMomentumParams::FromMap({{"fast_period", 50}, {"slow_period", 20}}),
               std::invalid_argument);
  EXPECT_THROW(EmaMomentumParams::FromMap({{"use_trades", 2}}), std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::strategies
