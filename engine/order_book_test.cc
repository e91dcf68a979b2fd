#include "engine/order_book.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

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

class OrderBookTest : public ::testing::TestWithParam<AllocationProfile> {
 protected:
  std::unique_ptr<OrderBook> book_ = MakeOrderBook({GetParam(), 8});
};

TEST_P(OrderBookTest, QuoteSetsTouchAndClearsBetterLevels) {
  ASSERT_EQ(book_->Apply(Level(1, Side::kBid, P(-3), 5 * kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(2, Side::kBid, P(-1), 5 * kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(3, Side::kAsk, P(1), 5 * kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Quote(4, P(-2), 7 * kUnit, P(2), 9 * kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_bid(), (engine::Level{P(-2), 7 * kUnit}));
  EXPECT_EQ(book_->best_ask(), (engine::Level{P(2), 9 * kUnit}));
  EXPECT_EQ(book_->SizeAt(Side::kBid, P(-1)), 0);          // better than the quoted bid: gone
  EXPECT_EQ(book_->SizeAt(Side::kBid, P(-3)), 5 * kUnit);  // deeper: kept
  EXPECT_EQ(book_->level_count(Side::kAsk), 1u);
  EXPECT_EQ(book_->mid(), P(0));
}

TEST_P(OrderBookTest, QuoteWithZeroSizeEmptiesThatPriceAndBetter) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(2, Side::kBid, P(-2), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Quote(3, P(-1), 0, P(1), kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_bid().price, P(-2));
}

// A two-sided quote skips the cross-side pass (its own sides remove the same
// levels); a one-sided quote must still remove the stale levels it crosses.
TEST_P(OrderBookTest, OneSidedQuoteRemovesTheOtherSidesLevelsItCrosses) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(2, Side::kAsk, P(2), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Quote(3, P(1), 2 * kUnit, 0, 0)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_bid(), (engine::Level{P(1), 2 * kUnit}));
  EXPECT_EQ(book_->best_ask(), (engine::Level{P(2), kUnit}));  // the ask at P(1) went
  EXPECT_EQ(book_->level_count(Side::kAsk), 1u);
  ASSERT_EQ(book_->Apply(Quote(4, 0, 0, P(-1), 3 * kUnit)), ApplyResult::kApplied);
  EXPECT_FALSE(book_->has_bid());  // both bids were at or above the new ask
  EXPECT_EQ(book_->best_ask(), (engine::Level{P(-1), 3 * kUnit}));
  EXPECT_EQ(book_->level_count(Side::kAsk), 2u);
}

TEST_P(OrderBookTest, RejectsCrossedQuoteAndBadFieldsWithoutChange) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->Apply(Quote(2, P(1), kUnit, P(1), kUnit)), ApplyResult::kCrossedQuote);
  EXPECT_EQ(book_->Apply(Level(3, Side::kNone, P(0), kUnit)), ApplyResult::kBadSide);
  EXPECT_EQ(book_->Apply(Level(4, Side::kBid, 0, kUnit)), ApplyResult::kBadPrice);
  EXPECT_EQ(book_->Apply(Level(5, Side::kBid, P(-2), -kUnit)), ApplyResult::kBadQuantity);
  feed::Event l3 = Level(6, Side::kBid, P(-2), kUnit);
  l3.kind = feed::EventKind::kOrderAdd;
  EXPECT_EQ(book_->Apply(l3), ApplyResult::kIgnored);
  EXPECT_EQ(book_->best_bid(), (engine::Level{P(-1), kUnit}));
  EXPECT_EQ(book_->best_ask(), (engine::Level{P(1), kUnit}));
  EXPECT_EQ(book_->level_count(Side::kBid), 1u);
}

TEST_P(OrderBookTest, TradeLeavesLevelsAlone) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Trade(2, P(1), 5 * kUnit, Side::kBid)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_ask(), (engine::Level{P(1), kUnit}));
}

TEST_P(OrderBookTest, LevelUpdateSizeZeroRemovesAndCrossingLevelWins) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(2, Side::kAsk, P(3), kUnit)), ApplyResult::kApplied);
  ASSERT_EQ(book_->Apply(Level(3, Side::kAsk, P(1), 0)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_ask().price, P(3));
  // A bid at the ask's price: the newest update wins, the ask level goes.
  ASSERT_EQ(book_->Apply(Level(4, Side::kBid, P(3), 2 * kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->best_bid(), (engine::Level{P(3), 2 * kUnit}));
  EXPECT_FALSE(book_->has_ask());
  EXPECT_EQ(book_->mid(), 0);
}

TEST_P(OrderBookTest, SnapshotStartsAFreshBook) {
  ASSERT_EQ(book_->Apply(Quote(1, P(-1), kUnit, P(1), kUnit)), ApplyResult::kApplied);
  feed::Event s = Level(2, Side::kBid, P(-5), kUnit);
  s.kind = feed::EventKind::kSnapshotLevel;
  ASSERT_EQ(book_->Apply(s), ApplyResult::kApplied);
  s.side = Side::kAsk;
  s.price = P(5);
  ASSERT_EQ(book_->Apply(s), ApplyResult::kApplied);  // same snapshot: no clear
  EXPECT_EQ(book_->best_bid().price, P(-5));
  EXPECT_EQ(book_->best_ask().price, P(5));
  EXPECT_EQ(book_->level_count(Side::kBid), 1u);
}

TEST_P(OrderBookTest, FullSideDropsTheWorstLevel) {
  for (int i = 1; i <= 8; ++i) {
    ASSERT_EQ(book_->Apply(Level(i, Side::kBid, P(-i), kUnit)), ApplyResult::kApplied);
  }
  ASSERT_EQ(book_->Apply(Level(9, Side::kBid, P(-20), kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->SizeAt(Side::kBid, P(-20)), 0);  // worst: dropped
  ASSERT_EQ(book_->Apply(Level(10, Side::kBid, P(0), kUnit)), ApplyResult::kApplied);
  EXPECT_EQ(book_->level_count(Side::kBid), 8u);
  EXPECT_EQ(book_->SizeAt(Side::kBid, P(-8)), 0);
  engine::Level depth[3];
  ASSERT_EQ(book_->Depth(Side::kBid, depth, 3), 3u);
  EXPECT_EQ(depth[0].price, P(0));
  EXPECT_EQ(depth[2].price, P(-2));
}

INSTANTIATE_TEST_SUITE_P(Profiles, OrderBookTest,
                         ::testing::Values(AllocationProfile::kNaive, AllocationProfile::kPooled),
                         testing::ProfileName);

class OrderBookParityTest : public ::testing::TestWithParam<size_t> {};

// The flat side's shifts, drops of the worst level and recentring against std::map,
// with sides small enough to be full most of the time and large enough not to be.
TEST_P(OrderBookParityTest, ProfilesAgreeOnARandomStream) {
  testing::StreamOptions options;
  options.seed = 42;
  options.events = 50'000;
  const std::vector<feed::Event> events = testing::MakeSyntheticStream(options);
  auto naive = MakeOrderBook({AllocationProfile::kNaive, GetParam()});
  auto pooled = MakeOrderBook({AllocationProfile::kPooled, GetParam()});
  std::vector<engine::Level> a(GetParam());
  std::vector<engine::Level> b(GetParam());
  size_t applied = 0;
  for (const feed::Event& e : events) {
    const ApplyResult ra = naive->Apply(e);
    ASSERT_EQ(ra, pooled->Apply(e));
    applied += ra == ApplyResult::kApplied;
    for (Side side : {Side::kBid, Side::kAsk}) {
      const size_t na = naive->Depth(side, a.data(), a.size());
      ASSERT_EQ(na, pooled->Depth(side, b.data(), b.size()));
      for (size_t i = 0; i < na; ++i) ASSERT_EQ(a[i], b[i]);
      ASSERT_EQ(naive->level_count(side), pooled->level_count(side));
    }
    if (naive->two_sided()) {
      ASSERT_LT(naive->best_bid().price, naive->best_ask().price);
    }
  }
  EXPECT_GT(applied, events.size() * 9 / 10);
}

INSTANTIATE_TEST_SUITE_P(MaxLevels, OrderBookParityTest, ::testing::Values(1, 3, 8, 64, 1024));

// LevelMayHaveChanged must cover every level an Apply changed (the exchange skips the
// queue refresh elsewhere), and should not cover most of the book.
template <class Book>
class ChangedLevelsTest : public ::testing::Test {};
using Books = ::testing::Types<NaiveOrderBook, PooledOrderBook>;
TYPED_TEST_SUITE(ChangedLevelsTest, Books);

TYPED_TEST(ChangedLevelsTest, EveryChangedLevelIsCovered) {
  for (size_t max_levels : {size_t{3}, size_t{64}}) {
    testing::StreamOptions options;
    options.seed = 7;
    options.events = 20'000;
    TypeParam book(max_levels);
    std::vector<engine::Level> buffer(max_levels);
    auto levels = [&](Side side) {
      std::map<feed::Price, feed::Quantity> out;
      const size_t n = book.Depth(side, buffer.data(), buffer.size());
      for (size_t i = 0; i < n; ++i) out[buffer[i].price] = buffer[i].quantity;
      return out;
    };
    size_t unchanged = 0;
    size_t unchanged_covered = 0;
    for (const feed::Event& e : testing::MakeSyntheticStream(options)) {
      const std::map<feed::Price, feed::Quantity> before[2] = {levels(Side::kBid),
                                                               levels(Side::kAsk)};
      book.ResetChanges();
      (void)book.Apply(e);
      for (Side side : {Side::kBid, Side::kAsk}) {
        const auto& old_levels = before[side == Side::kBid ? 0 : 1];
        std::map<feed::Price, feed::Quantity> now = levels(side);
        std::map<feed::Price, feed::Quantity> all = now;
        all.insert(old_levels.begin(), old_levels.end());
        for (const auto& [price, unused] : all) {
          const auto was = old_levels.find(price);
          const auto is = now.find(price);
          const feed::Quantity q0 = was == old_levels.end() ? 0 : was->second;
          const feed::Quantity q1 = is == now.end() ? 0 : is->second;
          if (q0 != q1) {
            ASSERT_TRUE(book.LevelMayHaveChanged(side, price))
                << "max_levels " << max_levels << " side " << static_cast<int>(side) << " price "
                << price << ": " << q0 << " -> " << q1;
          } else {
            ++unchanged;
            unchanged_covered += book.LevelMayHaveChanged(side, price);
          }
        }
      }
    }
    EXPECT_LT(unchanged_covered, unchanged / 2) << "max_levels " << max_levels;
  }
}

}  // namespace
}  // namespace hftbot::engine
