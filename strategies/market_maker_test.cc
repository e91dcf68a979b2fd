#include "strategies/market_maker.h"

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

TEST(MarketMakerTest, QuotesBothSidesAroundTheMidOnTheTickGrid) {
  engine::EngineConfig config;
  engine::testing::RecordingSink sink;
  MarketMakerParams p;
  p.half_spread_bps = 10;  // 0.10 at 100
  engine::SymbolEngine engine(0, "MM", config, std::make_unique<MarketMaker>(p), sink);
  engine.OnEvent(engine::testing::Quote(1, 100 * kUnit - kCent, kUnit, 100 * kUnit + kCent, kUnit));
  ASSERT_EQ(sink.orders.size(), 2u);
  EXPECT_EQ(sink.orders[0].side, Side::kBid);
  EXPECT_EQ(sink.orders[0].price, 100 * kUnit - 10 * kCent);
  EXPECT_EQ(sink.orders[1].side, Side::kAsk);
  EXPECT_EQ(sink.orders[1].price, 100 * kUnit + 10 * kCent);
  EXPECT_EQ(sink.orders[1].quantity, kUnit);
  // Nothing moved: no requote.
  engine.OnEvent(engine::testing::Quote(2, 100 * kUnit - kCent, kUnit, 100 * kUnit + kCent, kUnit));
  EXPECT_EQ(sink.orders.size(), 2u);
}

TEST(MarketMakerTest, RequotesOnMoveAndCancelsStaleQuotes) {
  engine::EngineConfig config;
  config.order_latency_ns = 0;
  engine::testing::RecordingSink sink;
  MarketMakerParams p;
  p.half_spread_bps = 5;
  p.requote_bps = 2;
  p.max_quote_age_ms = 1;
  engine::SymbolEngine engine(0, "MM", config, std::make_unique<MarketMaker>(p), sink);
  engine.OnEvent(engine::testing::Quote(1, 100 * kUnit - kCent, kUnit, 100 * kUnit + kCent, kUnit));
  // The mid moves 0.05: both wanted prices move > requote_bps, and the book does not reach
  // our quotes at 99.95/100.05: cancel both and replace.
  engine.OnEvent(
      engine::testing::Quote(2, 100 * kUnit + 4 * kCent, kUnit, 100 * kUnit + 6 * kCent, kUnit));
  ASSERT_EQ(sink.orders.size(), 6u);
  EXPECT_EQ(sink.orders[2].type, OrderType::kCancel);
  EXPECT_EQ(sink.orders[3].type, OrderType::kCancel);
  EXPECT_EQ(sink.orders[4].type, OrderType::kLimit);
  // 2 ms later the new quotes are stale.
  engine.OnEvent(engine::testing::Quote(2'000'003, 100 * kUnit + 4 * kCent, kUnit,
                                        100 * kUnit + 6 * kCent, kUnit));
  EXPECT_EQ(sink.orders[6].type, OrderType::kCancel);
}

TEST(MarketMakerTest, TradesRespectsInventoryAndMatchesAcrossProfiles) {
  const auto events = testing::TrendingStream(21, 40'000);
  const std::map<std::string, double> params = {
      {"max_inventory", 4}, {"skew_bps_per_unit", 2}, {"half_spread_bps", 2}};
  const auto naive =
      testing::RunStrategy("market_maker", params, AllocationProfile::kNaive, events);
  const auto pooled =
      testing::RunStrategy("market_maker", params, AllocationProfile::kPooled, events);
  testing::ExpectSameResults(naive, pooled);
  EXPECT_GT(pooled.stats.orders_sent, 500u);
  EXPECT_GT(pooled.stats.cancels_sent, 100u);
  EXPECT_GT(pooled.stats.fills, 20u);
  // It never quotes past max_inventory; a full 1-unit fill can land on the limit.
  EXPECT_LE(pooled.max_abs_position, 4 * kUnit);
}

TEST(MarketMakerTest, BacksOffAfterARejectedQuote) {
  engine::EngineConfig config;
  config.risk.max_orders_per_second = 2;
  engine::testing::RecordingSink sink;
  MarketMakerParams p;
  p.max_quote_age_ms = 0;
  p.requote_bps = 1;
  p.reject_backoff_ms = 10;
  engine::SymbolEngine engine(0, "MM", config, std::make_unique<MarketMaker>(p), sink);
  int64_t ts = 0;
  // Each event moves the mid enough to requote: the rate limit (2/s) rejects the
  // third quote, then the strategy stays quiet for 10 ms instead of retrying.
  for (int i = 0; i < 20; ++i) {
    const feed::Price mid = 100 * kUnit + (i % 2) * 10 * kCent;
    engine.OnEvent(engine::testing::Quote(ts += 1'000'000, mid - kCent, kUnit, mid + kCent, kUnit));
  }
  const auto& st = engine.stats();
  EXPECT_EQ(st.orders_sent, 2u);
  EXPECT_EQ(st.rejects[static_cast<size_t>(engine::RejectReason::kMaxOrderRate)], 2u);
}

TEST(MarketMakerTest, RejectsBadParameters) {
  EXPECT_THROW(MarketMakerParams::FromMap({{"half_spread_bps", -1}}), std::invalid_argument);
  EXPECT_THROW(MarketMakerParams::FromMap({{"spread", 1}}), std::invalid_argument);
  EXPECT_EQ(MarketMakerParams::FromMap({}).half_spread_bps, 1.0);
}

}  // namespace
}  // namespace hftbot::strategies
