#include "engine/position.h"

#include <gtest/gtest.h>

namespace hftbot::engine {
namespace {

using feed::Side;
constexpr int64_t kUnit = feed::kFixedPointScale;

TEST(PositionTest, RoundTripRealizesTheDifference) {
  PositionTracker p;
  p.OnFill(Side::kBid, 100 * kUnit, 2 * kUnit, true);
  p.OnFill(Side::kBid, 101 * kUnit, 2 * kUnit, true);
  EXPECT_EQ(p.position(), 4 * kUnit);
  EXPECT_EQ(p.average_price(), 100 * kUnit + kUnit / 2);
  EXPECT_EQ(p.unrealized_pnl(102 * kUnit), 6 * kUnit);  // 4 x (102 - 100.5)
  p.OnFill(Side::kAsk, 103 * kUnit, kUnit, false);
  EXPECT_EQ(p.realized_pnl(), 2 * kUnit + kUnit / 2);  // 1 x (103 - 100.5)
  EXPECT_EQ(p.average_price(), 100 * kUnit + kUnit / 2);
  p.OnFill(Side::kAsk, 100 * kUnit, 3 * kUnit, false);
  EXPECT_EQ(p.position(), 0);
  EXPECT_EQ(p.realized_pnl(), 2 * kUnit + kUnit / 2 - 3 * kUnit / 2);
  EXPECT_EQ(p.unrealized_pnl(50 * kUnit), 0);
  EXPECT_EQ(p.average_price(), 0);
}

TEST(PositionTest, FlipClosesThenOpensAtTheFillPrice) {
  PositionTracker p;
  p.OnFill(Side::kAsk, 50 * kUnit, 3 * kUnit, true);  // short 3 @ 50
  EXPECT_EQ(p.unrealized_pnl(49 * kUnit), 3 * kUnit);
  p.OnFill(Side::kBid, 48 * kUnit, 5 * kUnit, true);  // close 3 (+6), long 2 @ 48
  EXPECT_EQ(p.position(), 2 * kUnit);
  EXPECT_EQ(p.realized_pnl(), 6 * kUnit);
  EXPECT_EQ(p.average_price(), 48 * kUnit);
  EXPECT_EQ(p.unrealized_pnl(47 * kUnit), -2 * kUnit);
}

TEST(PositionTest, FeesAreDeductedByMakerOrTakerRate) {
  PositionTracker p(/*maker_fee_ppm=*/-100, /*taker_fee_ppm=*/500);
  p.OnFill(Side::kBid, 100 * kUnit, 10 * kUnit, /*maker=*/false);  // notional 1000, fee 0.5
  p.OnFill(Side::kAsk, 100 * kUnit, 10 * kUnit, /*maker=*/true);   // rebate 0.1
  EXPECT_EQ(p.fees(), kUnit / 2 - kUnit / 10);
  EXPECT_EQ(p.realized_pnl(), -(kUnit / 2 - kUnit / 10));
}

TEST(PositionTest, ExactWithUnevenAverages) {
  PositionTracker p;
  // Three buys at prices whose average is not a whole 1e-8 unit.
  p.OnFill(Side::kBid, 1, 1, true);
  p.OnFill(Side::kBid, 2, 1, true);
  p.OnFill(Side::kBid, 2, 1, true);
  for (int i = 0; i < 3; ++i) p.OnFill(Side::kAsk, 2, 1, true);
  // Cash: bought for 5e-16, sold for 6e-16: realized is exactly 1e-16, below one unit.
  EXPECT_EQ(p.position(), 0);
  EXPECT_EQ(p.realized_pnl(), 0);
}

}  // namespace
}  // namespace hftbot::engine
