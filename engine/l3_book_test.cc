#include "engine/l3_book.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/testing.h"
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

// The pooled store (intrusive queues, flat indexes) against the naive one on a long
// LOBSTER-like stream: same levels, orders, queue positions and counters.
TEST(L3BookParityTest, PooledStoreAgreesWithNaiveStore) {
  testing::StreamOptions options;
  options.seed = 17;
  options.events = 100'000;
  const std::vector<Event> events = testing::MakeOrderLevelStream(options, 500);
  NaiveOrderBook naive_levels(64);
  PooledOrderBook pooled_levels(64);
  BasicL3Book<NaiveOrderBook, NaiveOrderStore> naive(naive_levels);
  BasicL3Book<PooledOrderBook, PooledOrderStore> pooled(pooled_levels, /*expected_orders=*/16);
  std::vector<Level> a(64);
  std::vector<Level> b(64);
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    ASSERT_EQ(naive.Apply(e), pooled.Apply(e)) << "event " << i;
    ASSERT_EQ(naive.order_count(), pooled.order_count()) << "event " << i;
    for (Side side : {Side::kBid, Side::kAsk}) {
      const size_t n = naive_levels.Depth(side, a.data(), a.size());
      ASSERT_EQ(n, pooled_levels.Depth(side, b.data(), b.size())) << "event " << i;
      for (size_t k = 0; k < n; ++k) ASSERT_EQ(a[k], b[k]) << "event " << i;
    }
    if (i % 97 == 0) {
      for (uint64_t id = e.id > 50 ? e.id - 50 : 0; id <= e.id; ++id) {
        ASSERT_EQ(naive.QueueAhead(id), pooled.QueueAhead(id)) << "id " << id;
        const auto x = naive.Find(id);
        const auto y = pooled.Find(id);
        ASSERT_EQ(x.has_value(), y.has_value());
        if (x) {
          ASSERT_EQ(x->quantity, y->quantity);
        }
      }
    }
  }
  const L3Stats& x = naive.stats();
  const L3Stats& y = pooled.stats();
  EXPECT_EQ(x.adds, y.adds);
  EXPECT_EQ(x.cancels, y.cancels);
  EXPECT_EQ(x.executions, y.executions);
  EXPECT_EQ(x.unknown_ids, y.unknown_ids);
  EXPECT_EQ(x.clamped, y.clamped);
  EXPECT_EQ(x.dropped_orders, y.dropped_orders);
  // The stream exercised what it should: growth past 16 orders, unknown ids.
  EXPECT_GT(naive.order_count(), 100u);
  EXPECT_GT(x.unknown_ids, 100u);
  EXPECT_GT(x.executions, 10'000u);
}

}  // namespace
}  // namespace hftbot::engine
