#include "engine/risk.h"

#include <gtest/gtest.h>

#include <limits>

namespace hftbot::engine {
namespace {

constexpr feed::Quantity kUnit = feed::kFixedPointScale;
constexpr int64_t kMs = 1'000'000;

Order Buy(int64_t ts, feed::Price price, feed::Quantity qty) {
  Order o;
  o.type = OrderType::kLimit;
  o.side = feed::Side::kBid;
  o.price = price;
  o.quantity = qty;
  o.data_ts_ns = ts;
  return o;
}

TEST(RiskTest, MaxNotional) {
  RiskChecker risk({.max_position = 0, .max_orders_per_second = 0, .max_notional = 1000 * kUnit});
  EXPECT_EQ(risk.Check(Buy(0, 100 * kUnit, 10 * kUnit), 0, 0, 0, 100 * kUnit), std::nullopt);
  EXPECT_EQ(risk.Check(Buy(0, 100 * kUnit, 10 * kUnit + 1), 0, 0, 0, 100 * kUnit),
            RejectReason::kMaxNotional);
}

// Notional truncates toward zero like Notional(): 5.99 units of 1e-8 is 5, not over 5.
TEST(RiskTest, MaxNotionalBoundaryTruncates) {
  RiskChecker risk({.max_position = 0, .max_orders_per_second = 0, .max_notional = 5});
  EXPECT_EQ(risk.Check(Buy(0, 3, 2 * kUnit - 1), 0, 0, 0, 3), std::nullopt);
  EXPECT_EQ(risk.Check(Buy(0, 3, 2 * kUnit), 0, 0, 0, 3), RejectReason::kMaxNotional);
}

TEST(RiskTest, MaxPositionCountsOpenSameSideQuantity) {
  RiskChecker risk({.max_position = 10 * kUnit, .max_orders_per_second = 0, .max_notional = 0});
  EXPECT_EQ(risk.Check(Buy(0, kUnit, 4 * kUnit), 3 * kUnit, 3 * kUnit, 0, kUnit), std::nullopt);
  EXPECT_EQ(risk.Check(Buy(0, kUnit, 5 * kUnit), 3 * kUnit, 3 * kUnit, 0, kUnit),
            RejectReason::kMaxPosition);
  Order sell = Buy(0, kUnit, 12 * kUnit);
  sell.side = feed::Side::kAsk;
  // Selling 12 from +3 with 1 already offered ends at -10: allowed; 13 is not.
  EXPECT_EQ(risk.Check(sell, 3 * kUnit, 0, kUnit, kUnit), std::nullopt);
  sell.quantity = 13 * kUnit;
  EXPECT_EQ(risk.Check(sell, 3 * kUnit, 0, kUnit, kUnit), RejectReason::kMaxPosition);
}

TEST(RiskTest, OrderRateIsARollingSecondOfDataTime) {
  RiskChecker risk({.max_position = 0, .max_orders_per_second = 3, .max_notional = 0});
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(risk.Check(Buy(i * kMs, kUnit, kUnit), 0, 0, 0, kUnit), std::nullopt);
    risk.RecordAccepted(i * kMs);
  }
  EXPECT_EQ(risk.Check(Buy(999 * kMs, kUnit, kUnit), 0, 0, 0, kUnit), RejectReason::kMaxOrderRate);
  // The first order leaves the window exactly one second after it was sent.
  EXPECT_EQ(risk.Check(Buy(1000 * kMs, kUnit, kUnit), 0, 0, 0, kUnit), std::nullopt);
}

// The window forgets old orders only once it is full, and then all of them: a burst
// a second after a full window is accepted up to the limit again, and no further.
TEST(RiskTest, OrderRateForgetsEveryExpiredOrderOnceTheWindowIsFull) {
  RiskChecker risk({.max_position = 0, .max_orders_per_second = 3, .max_notional = 0});
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(risk.Check(Buy(i * kMs, kUnit, kUnit), 0, 0, 0, kUnit), std::nullopt);
    risk.RecordAccepted(i * kMs);
  }
  for (int i = 0; i < 3; ++i) {
    const int64_t ts = 5000 * kMs + i;
    ASSERT_EQ(risk.Check(Buy(ts, kUnit, kUnit), 0, 0, 0, kUnit), std::nullopt) << i;
    risk.RecordAccepted(ts);
  }
  EXPECT_EQ(risk.Check(Buy(5000 * kMs + 3, kUnit, kUnit), 0, 0, 0, kUnit),
            RejectReason::kMaxOrderRate);
}

// Sums beyond int64 are beyond every limit, even the largest, on either side.
TEST(RiskTest, MaxPositionRejectsSumsBeyondInt64) {
  constexpr feed::Quantity kMax = std::numeric_limits<feed::Quantity>::max();
  RiskChecker risk({.max_position = kMax, .max_orders_per_second = 0, .max_notional = 0});
  Order sell = Buy(0, kUnit, 3);
  sell.side = feed::Side::kAsk;
  EXPECT_EQ(risk.Check(sell, 0, 0, kMax - 3, kUnit), std::nullopt);
  EXPECT_EQ(risk.Check(sell, 0, 0, kMax - 1, kUnit), RejectReason::kMaxPosition);
  EXPECT_EQ(risk.Check(sell, -kMax + 3, 0, 0, kUnit), std::nullopt);
  EXPECT_EQ(risk.Check(sell, -kMax + 2, 0, 0, kUnit), RejectReason::kMaxPosition);
  EXPECT_EQ(risk.Check(Buy(0, kUnit, 3), kMax - 3, 0, 0, kUnit), std::nullopt);
  EXPECT_EQ(risk.Check(Buy(0, kUnit, 3), kMax - 2, 0, 0, kUnit), RejectReason::kMaxPosition);
}

TEST(RiskTest, ZeroDisablesEveryLimit) {
  RiskChecker risk({.max_position = 0, .max_orders_per_second = 0, .max_notional = 0});
  for (int i = 0; i < 1000; ++i) {
    ASSERT_EQ(risk.Check(Buy(0, 1'000'000 * kUnit, 1'000'000 * kUnit), 0, 0, 0, 1'000'000 * kUnit),
              std::nullopt);
    risk.RecordAccepted(0);
  }
}

}  // namespace
}  // namespace hftbot::engine
