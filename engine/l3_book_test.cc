#include "engine/l3_book.h"

#include <gtest/gtest.h>

#include "feed/event_flags.h"

namespace hftbot::engine {
namespace {

using feed::Event;
using feed::EventKind;
using feed::Side;

Event Order(EventKind kind, uint64_t id, Side side, int64_t price, int64_t qty) {
  Event e;
  e.kind = kind;
  e.id = id;
  e.side = side;
  e.price = price;
  e.quantity = qty;
  return e;
}

TEST(L3BookTest, FifoLevelsExecutionsAndCancels) {
  auto levels = MakeOrderBook({});
  L3Book book(*levels);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderAdd, 1, Side::kBid, 100, 5)), ApplyResult::kApplied);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderAdd, 2, Side::kBid, 100, 7)), ApplyResult::kApplied);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderAdd, 3, Side::kAsk, 101, 4)), ApplyResult::kApplied);
  EXPECT_EQ(levels->best_bid(), (Level{100, 12}));
  EXPECT_EQ(book.QueueAhead(2), 5);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderExecute, 1, Side::kBid, 100, 5)), ApplyResult::kApplied);
  EXPECT_FALSE(book.Find(1).has_value());
  EXPECT_EQ(book.QueueAhead(2), 0);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderCancel, 2, Side::kBid, 100, 3)), ApplyResult::kApplied);
  EXPECT_EQ(book.Find(2)->quantity, 4);
  EXPECT_EQ(levels->best_bid(), (Level{100, 4}));
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderCancel, 3, Side::kAsk, 101, 4)), ApplyResult::kApplied);
  EXPECT_FALSE(levels->has_ask());
  EXPECT_EQ(book.order_count(), 1u);
  EXPECT_EQ(book.stats().unknown_ids, 0u);
}

TEST(L3BookTest, UnknownIdsComeOffTheLevelAndAreCounted) {
  auto levels = MakeOrderBook({});
  L3Book book(*levels);
  Event seed = Order(EventKind::kSnapshotLevel, 0, Side::kAsk, 200, 10);
  seed.flags = feed::kFlagSnapshotStart;
  ASSERT_EQ(book.Apply(seed), ApplyResult::kApplied);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderExecute, 77, Side::kAsk, 200, 4)), ApplyResult::kApplied);
  EXPECT_EQ(levels->best_ask(), (Level{200, 6}));
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderCancel, 78, Side::kAsk, 200, 9)), ApplyResult::kApplied);
  EXPECT_FALSE(levels->has_ask());
  EXPECT_EQ(book.stats().unknown_ids, 2u);
  EXPECT_EQ(book.stats().clamped, 1u);
}

TEST(L3BookTest, ResyncToZeroDropsKnownOrders) {
  auto levels = MakeOrderBook({});
  L3Book book(*levels);
  ASSERT_EQ(book.Apply(Order(EventKind::kOrderAdd, 1, Side::kBid, 100, 5)), ApplyResult::kApplied);
  Event resync = Order(EventKind::kLevelUpdate, 0, Side::kBid, 100, 0);
  resync.flags = feed::kFlagResync;
  ASSERT_EQ(book.Apply(resync), ApplyResult::kApplied);
  EXPECT_EQ(book.order_count(), 0u);
  EXPECT_EQ(book.stats().dropped_orders, 1u);
}

TEST(L3BookTest, InformationalQuoteLeavesLevelsAlone) {
  auto levels = MakeOrderBook({});
  ASSERT_EQ(levels->Apply(Order(EventKind::kLevelUpdate, 0, Side::kBid, 100, 5)), ApplyResult::kApplied);
  Event quote;
  quote.kind = EventKind::kQuote;
  quote.price = 101;
  quote.quantity = 1;
  quote.ask_price = 102;
  quote.ask_quantity = 1;
  quote.flags = feed::kFlagQuoteInformational;
  ASSERT_EQ(levels->Apply(quote), ApplyResult::kApplied);
  EXPECT_EQ(levels->best_bid(), (Level{100, 5}));
  EXPECT_FALSE(levels->has_ask());
  quote.flags = 0;
  ASSERT_EQ(levels->Apply(quote), ApplyResult::kApplied);
  EXPECT_EQ(levels->best_bid(), (Level{101, 1}));
}

}  // namespace
}  // namespace hftbot::engine
