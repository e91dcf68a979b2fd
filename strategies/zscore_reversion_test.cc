#include "strategies/zscore_reversion.h"

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

TEST(ZScoreReversionTest, SellsASpikeAndExitsNearTheMean) {
  engine::EngineConfig config;
  config.order_latency_ns = 1'000;
  engine::testing::RecordingSink sink;
  ZScoreReversionParams p;
  p.window = 10;
  p.entry_z = 2;
  p.exit_z = 0.5;
  p.cooldown_ms = 0;
  auto strategy = std::make_unique<ZScoreReversion>(p);
  engine::SymbolEngine engine(0, "Z", config, std::move(strategy), sink);
  int64_t ts = 0;
  auto quote = [&](int cents) {
    const feed::Price mid = 100 * kUnit + cents * kCent;
    engine.OnEvent(
        engine::testing::Quote(ts += 1'000'000, mid - kCent, 10 * kUnit, mid + kCent, 10 * kUnit));
  };
  for (int i = 0; i < 10; ++i) quote(i % 2);  // mean 0.5 cent, sd 0.5 cent
  EXPECT_TRUE(sink.orders.empty());
  quote(5);  // z well above 2
  ASSERT_EQ(sink.orders.size(), 1u);
  EXPECT_EQ(sink.orders[0].type, OrderType::kMarket);
  EXPECT_EQ(sink.orders[0].side, Side::kAsk);
  quote(5);  // fills at the touch; window now has the spike
  EXPECT_EQ(engine.stats().position, -kUnit);
  // Near the window mean again: |z| < exit_z closes the short.
  quote(2);
  ASSERT_EQ(sink.orders.size(), 2u);
  EXPECT_EQ(sink.orders[1].side, Side::kBid);
  EXPECT_EQ(sink.orders[1].quantity, kUnit);
  quote(2);
  EXPECT_EQ(engine.stats().position, 0);
}

TEST(ZScoreReversionTest, TradesWithinItsCapAndMatchesAcrossProfiles) {
  const auto events = testing::TrendingStream(41, 40'000);
  const std::map<std::string, double> params = {{"max_position", 2}, {"window", 100}};
  const auto naive =
      testing::RunStrategy("zscore_reversion", params, AllocationProfile::kNaive, events);
  const auto pooled =
      testing::RunStrategy("zscore_reversion", params, AllocationProfile::kPooled, events);
  testing::ExpectSameResults(naive, pooled);
  EXPECT_GT(pooled.stats.orders_sent, 20u);
  EXPECT_LE(pooled.max_abs_position, 2 * kUnit);
}

TEST(ZScoreReversionTest, RejectsBadParameters) {
  EXPECT_THROW(ZScoreReversionParams::FromMap({{"exit_z", 3}}), std::invalid_argument);
  EXPECT_THROW(ZScoreReversionParams::FromMap({{"window", 1}}), std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::strategies
