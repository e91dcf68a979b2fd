#include "engine/exchange_sim.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/testing.h"
#include "feed/event.h"

namespace hftbot::engine {
namespace {

using feed::Side;
using testing::kCent;
using testing::kUnit;
using testing::Level;
using testing::Quote;
using testing::Trade;

constexpr feed::Price P(int cents) { return 100 * kUnit + cents * kCent; }
constexpr int64_t kLatency = 1'000;

// Drives a book and an exchange the way SymbolEngine does, with the engine's types.
template <class Profile>
class ExchangeSimTest : public ::testing::Test {
 protected:
  static constexpr AllocationProfile kProfile = Profile::value;

  void Feed(const feed::Event& e) {
    exchange_.ProcessArrivals(e.ts_ns, book_, &reports_);
    ASSERT_EQ(book_.Apply(e), ApplyResult::kApplied);
    exchange_.OnMarketEvent(e, book_, &reports_);
    // As SymbolEngine does: the book's record of changed levels lasts one event (a
    // print's lasts until the next event that is not one).
    if (e.kind != feed::EventKind::kTrade) book_.ResetChanges();
  }

  uint64_t Send(OrderType type, Side side, feed::Price price, feed::Quantity qty, int64_t ts) {
    Order o;
    o.client_order_id = ++next_id_;
    o.type = type;
    o.side = side;
    o.price = price;
    o.quantity = qty;
    o.data_ts_ns = ts;
    EXPECT_TRUE(exchange_.Submit(o));
    return o.client_order_id;
  }

  bool SendCancel(uint64_t target, int64_t ts) {
    Order o;
    o.client_order_id = ++next_id_;
    o.type = OrderType::kCancel;
    o.cancel_target = target;
    o.data_ts_ns = ts;
    return exchange_.Submit(o);
  }

  std::vector<ExecutionReport> Take() {
    std::vector<ExecutionReport> out(reports_.begin(), reports_.end());
    reports_.clear();
    return out;
  }

  ProfileOrderBook<kProfile> book_{64};
  SimulatedExchange<kProfile> exchange_{{kLatency, 16}};
  ReportList reports_;
  uint64_t next_id_ = 0;
};

TYPED_TEST_SUITE(ExchangeSimTest, testing::Profiles, testing::ProfileTypeName);

TYPED_TEST(ExchangeSimTest, OrderReachesTheBookOnlyAfterLatency) {
  this->Feed(Quote(100, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kBid, P(-1), kUnit, 100);
  this->Feed(Quote(100 + kLatency - 1, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  EXPECT_TRUE(this->Take().empty());
  ASSERT_FALSE(this->exchange_.open_orders()[0]->resting);
  this->Feed(Quote(100 + kLatency, P(-1), 6 * kUnit, P(1), 5 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind, ReportKind::kAck);
  EXPECT_EQ(r[0].client_order_id, id);
  EXPECT_EQ(r[0].ts_ns, 100 + kLatency);
  // Queue position is the size displayed when it arrived, before that event applied.
  EXPECT_EQ(this->exchange_.Find(id)->queue_ahead, 5 * kUnit);
}

TYPED_TEST(ExchangeSimTest, TradesAtThePriceConsumeTheQueueThenFillFifo) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t a = this->Send(OrderType::kLimit, Side::kBid, P(-1), 2 * kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t b = this->Send(OrderType::kLimit, Side::kBid, P(-1), 2 * kUnit, kLatency);
  this->Feed(Quote(2 * kLatency, P(-1), 7 * kUnit, P(1), 5 * kUnit));
  this->Take();
  EXPECT_EQ(this->exchange_.Find(a)->queue_ahead, 5 * kUnit);
  EXPECT_EQ(this->exchange_.Find(b)->queue_ahead, 5 * kUnit);
  // A buyer-initiated print does not touch bids.
  this->Feed(Trade(3 * kLatency, P(1), 10 * kUnit, Side::kBid));
  EXPECT_TRUE(this->Take().empty());
  // 4 sold at our price: still 1 ahead.
  this->Feed(Trade(4 * kLatency, P(-1), 4 * kUnit, Side::kAsk));
  EXPECT_TRUE(this->Take().empty());
  EXPECT_EQ(this->exchange_.Find(a)->queue_ahead, kUnit);
  // 4 more: 1 clears the queue, 2 fill a completely, the last 1 goes to b.
  this->Feed(Trade(5 * kLatency, P(-1), 4 * kUnit, Side::kAsk));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, ReportKind::kFill);
  EXPECT_EQ(r[0].client_order_id, a);
  EXPECT_EQ(r[0].quantity, 2 * kUnit);
  EXPECT_EQ(r[0].remaining, 0);
  EXPECT_TRUE(r[0].maker);
  EXPECT_EQ(r[1].client_order_id, b);
  EXPECT_EQ(r[1].quantity, kUnit);
  EXPECT_EQ(r[1].remaining, kUnit);  // partial
  EXPECT_EQ(this->exchange_.Find(a), nullptr);
  ASSERT_NE(this->exchange_.Find(b), nullptr);
  EXPECT_EQ(this->exchange_.open_quantity(Side::kBid), kUnit);
  EXPECT_EQ(this->exchange_.open_quantity(Side::kAsk), 0);
}

TYPED_TEST(ExchangeSimTest, TradeThroughFillsEverythingAtOurPrice) {
  this->Feed(Quote(0, P(-1), 50 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kBid, P(-1), 3 * kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 50 * kUnit, P(1), 5 * kUnit));
  this->Take();
  this->Feed(Trade(2 * kLatency, P(-2), kUnit, Side::kAsk));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].client_order_id, id);
  EXPECT_EQ(r[0].price, P(-1));
  EXPECT_EQ(r[0].quantity, 3 * kUnit);
}

TYPED_TEST(ExchangeSimTest, OppositeSideCrossingOurPriceFillsUs) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kAsk, P(2), kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  this->Take();
  EXPECT_EQ(this->exchange_.Find(id)->queue_ahead, 0);  // no level at 2: front of the queue
  this->Feed(Quote(2 * kLatency, P(0), 5 * kUnit, P(3), 5 * kUnit));
  EXPECT_TRUE(this->Take().empty());
  this->Feed(Level(3 * kLatency, Side::kBid, P(2), kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind, ReportKind::kFill);
  EXPECT_EQ(r[0].price, P(2));
}

TYPED_TEST(ExchangeSimTest, QueueShrinksWhenTheLevelShrinks) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kBid, P(-1), kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  this->Feed(Quote(2 * kLatency, P(-1), 2 * kUnit, P(1), 5 * kUnit));
  EXPECT_EQ(this->exchange_.Find(id)->queue_ahead, 2 * kUnit);
  this->Feed(Quote(3 * kLatency, P(-1), 9 * kUnit, P(1), 5 * kUnit));
  EXPECT_EQ(this->exchange_.Find(id)->queue_ahead, 2 * kUnit);  // growth is behind us
}

// The exchange knows the size of an order's level without a lookup at the touch (the
// touch's) and better than it (none), and looks it up behind the touch where the
// book changed it; a bid and an ask rest at once, so each must read its own side.
TYPED_TEST(ExchangeSimTest, QueueFollowsItsLevelAtBetterThanAndBehindTheTouch) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t bid = this->Send(OrderType::kLimit, Side::kBid, P(-1), 4 * kUnit, 0);
  const uint64_t ask = this->Send(OrderType::kLimit, Side::kAsk, P(1), 4 * kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 6 * kUnit));
  EXPECT_EQ(this->exchange_.Find(bid)->queue_ahead, 5 * kUnit);
  EXPECT_EQ(this->exchange_.Find(ask)->queue_ahead, 5 * kUnit);
  // Both touches shrink: each queue drops to its own side's size.
  this->Feed(Quote(2 * kLatency, P(-1), 3 * kUnit, P(1), 2 * kUnit));
  EXPECT_EQ(this->exchange_.Find(bid)->queue_ahead, 3 * kUnit);
  EXPECT_EQ(this->exchange_.Find(ask)->queue_ahead, 2 * kUnit);
  // The market moves up: the bid is behind the new touch, its level untouched; the
  // ask's level is gone (the ask touch is above it), so nothing is ahead of it.
  this->Feed(Quote(3 * kLatency, P(0), 7 * kUnit, P(2), 7 * kUnit));
  EXPECT_EQ(this->exchange_.Find(bid)->queue_ahead, 3 * kUnit);
  EXPECT_EQ(this->exchange_.Find(ask)->queue_ahead, 0);
  // Behind the touch, a change at the bid's level reaches its queue.
  this->Feed(Level(4 * kLatency, Side::kBid, P(-1), kUnit));
  EXPECT_EQ(this->exchange_.Find(bid)->queue_ahead, kUnit);
  // A change elsewhere behind the touch does not.
  this->Feed(Level(5 * kLatency, Side::kBid, P(-2), kUnit / 2));
  EXPECT_EQ(this->exchange_.Find(bid)->queue_ahead, kUnit);
  this->Take();
  // 2 sold at the bid: 1 clears the queue, 1 fills; 1 bought at the ask fills at once.
  this->Feed(Trade(6 * kLatency, P(-1), 2 * kUnit, Side::kAsk));
  this->Feed(Trade(7 * kLatency, P(1), kUnit, Side::kBid));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].client_order_id, bid);
  EXPECT_EQ(r[0].quantity, kUnit);
  EXPECT_EQ(r[1].client_order_id, ask);
  EXPECT_EQ(r[1].quantity, kUnit);
}

// An order that ends (cancelled, filled) leaves the list the market events walk: it
// never fills again, and its storage, reused by the next order, fills once.
TYPED_TEST(ExchangeSimTest, AnEndedOrderNeverFillsAgain) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t first = this->Send(OrderType::kLimit, Side::kBid, P(-1), 2 * kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  ASSERT_TRUE(this->SendCancel(first, kLatency));
  this->Feed(Quote(2 * kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t second = this->Send(OrderType::kLimit, Side::kBid, P(-1), 2 * kUnit, 2 * kLatency);
  this->Feed(Quote(3 * kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  this->Take();
  // Through the price, then the ask crossing it: the second order fills once, in full.
  this->Feed(Trade(4 * kLatency, P(-2), kUnit, Side::kAsk));
  this->Feed(Quote(5 * kLatency, P(-3), 5 * kUnit, P(-2), 5 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind, ReportKind::kFill);
  EXPECT_EQ(r[0].client_order_id, second);
  EXPECT_EQ(r[0].quantity, 2 * kUnit);
  EXPECT_TRUE(this->exchange_.open_orders().empty());
}

TYPED_TEST(ExchangeSimTest, MarketOrderTakesTheTouchAndCancelsTheRest) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 2 * kUnit));
  this->Feed(Level(1, Side::kAsk, P(2), 100 * kUnit));
  const uint64_t id = this->Send(OrderType::kMarket, Side::kBid, 0, 3 * kUnit, 1);
  this->Feed(Quote(1 + kLatency, P(-1), 5 * kUnit, P(1), 2 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].kind, ReportKind::kAck);
  EXPECT_EQ(r[1].kind, ReportKind::kFill);
  EXPECT_EQ(r[1].price, P(1));
  EXPECT_EQ(r[1].quantity, 2 * kUnit);
  EXPECT_FALSE(r[1].maker);
  EXPECT_EQ(r[2].kind, ReportKind::kCancelled);
  EXPECT_EQ(r[2].quantity, kUnit);
  EXPECT_FALSE(r[2].by_request);
  EXPECT_EQ(this->exchange_.Find(id), nullptr);
  EXPECT_EQ(this->exchange_.open_quantity(Side::kBid), 0);
}

TYPED_TEST(ExchangeSimTest, MarketOrderWithoutLiquidityIsRejected) {
  this->Feed(Level(0, Side::kBid, P(-1), kUnit));
  this->Send(OrderType::kMarket, Side::kBid, 0, kUnit, 0);
  this->Feed(Level(kLatency, Side::kBid, P(-1), kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].kind, ReportKind::kReject);
  EXPECT_EQ(r[0].reason, RejectReason::kNoLiquidity);
  EXPECT_EQ(this->exchange_.open_quantity(Side::kBid), 0);
}

TYPED_TEST(ExchangeSimTest, MarketableLimitIsImmediateOrCancel) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 2 * kUnit));
  this->Send(OrderType::kLimit, Side::kBid, P(3), 5 * kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 2 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1].price, P(1));  // at the touch, not our limit
  EXPECT_EQ(r[1].quantity, 2 * kUnit);
  EXPECT_EQ(r[2].kind, ReportKind::kCancelled);
  EXPECT_TRUE(this->exchange_.open_orders().empty());
}

TYPED_TEST(ExchangeSimTest, CancelArrivesAfterLatency) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kBid, P(-1), kUnit, 0);
  this->Feed(Quote(kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  this->Take();
  ASSERT_TRUE(this->SendCancel(id, 2 * kLatency));
  EXPECT_FALSE(this->SendCancel(id, 2 * kLatency));  // one cancel in flight at a time
  // Before the cancel lands, a print can still fill it.
  this->Feed(Trade(2 * kLatency + 1, P(-1), 6 * kUnit, Side::kAsk));
  this->Feed(Quote(3 * kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, ReportKind::kFill);
  // Too late: the cancel finds nothing open.
  EXPECT_EQ(r[1].kind, ReportKind::kReject);
  EXPECT_EQ(r[1].reason, RejectReason::kUnknownOrder);
  EXPECT_EQ(r[1].client_order_id, id + 1);
}

TYPED_TEST(ExchangeSimTest, CancelInTimeRemovesTheOrder) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  const uint64_t id = this->Send(OrderType::kLimit, Side::kBid, P(-1), 2 * kUnit, 0);
  // Sent before the order even arrived; FIFO delivery keeps them in order.
  ASSERT_TRUE(this->SendCancel(id, 1));
  this->Feed(Quote(1 + kLatency, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  auto r = this->Take();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].kind, ReportKind::kAck);
  EXPECT_EQ(r[1].kind, ReportKind::kCancelled);
  EXPECT_TRUE(r[1].by_request);
  EXPECT_EQ(r[1].quantity, 2 * kUnit);
  EXPECT_TRUE(this->exchange_.open_orders().empty());
  EXPECT_EQ(this->exchange_.open_quantity(Side::kBid), 0);
}

TYPED_TEST(ExchangeSimTest, CapacityIsEnforced) {
  this->Feed(Quote(0, P(-1), 5 * kUnit, P(1), 5 * kUnit));
  for (int i = 0; i < 16; ++i) this->Send(OrderType::kLimit, Side::kBid, P(-5), kUnit, 0);
  EXPECT_FALSE(this->exchange_.has_capacity());
  Order o;
  o.client_order_id = 1000;
  o.type = OrderType::kLimit;
  o.side = Side::kBid;
  o.price = P(-5);
  o.quantity = kUnit;
  EXPECT_FALSE(this->exchange_.Submit(o));
  EXPECT_EQ(this->exchange_.open_quantity(Side::kBid), 16 * kUnit);
}


}  // namespace
}  // namespace hftbot::engine
