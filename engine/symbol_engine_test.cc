#include "engine/symbol_engine.h"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/digest.h"
#include "engine/order.h"
#include "engine/strategy.h"
#include "engine/testing.h"
#include "feed/event.h"

namespace hftbot::engine {
namespace {

using feed::Side;
using testing::kCent;
using testing::kUnit;
using testing::LambdaStrategy;
using testing::Quote;
using testing::RecordingSink;
using testing::Trade;

constexpr feed::Price P(int cents) { return 100 * kUnit + cents * kCent; }
constexpr int64_t kMs = 1'000'000;

struct ReplayResult {
  EngineStats stats;
  std::vector<Order> orders;
};

ReplayResult Replay(AllocationProfile profile, const std::vector<feed::Event>& events,
                    feed::SymbolId symbol = 0) {
  EngineConfig config;
  config.profile = profile;
  config.order_latency_ns = 300'000;
  config.taker_fee_ppm = 200;
  config.maker_fee_ppm = -50;
  config.risk.max_orders_per_second = 5'000;
  RecordingSink sink;
  SymbolEngine engine(symbol, "TEST", config, std::make_unique<testing::QuotingTestStrategy>(),
                      sink);
  for (const feed::Event& e : events) engine.OnEvent(e);
  engine.Finish();
  return {engine.stats(), sink.orders};
}

void ExpectSameOrders(const std::vector<Order>& a, const std::vector<Order>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].client_order_id, b[i].client_order_id);
    ASSERT_EQ(a[i].type, b[i].type);
    ASSERT_EQ(a[i].side, b[i].side);
    ASSERT_EQ(a[i].price, b[i].price);
    ASSERT_EQ(a[i].quantity, b[i].quantity);
    ASSERT_EQ(a[i].cancel_target, b[i].cancel_target);
    ASSERT_EQ(a[i].data_ts_ns, b[i].data_ts_ns);
  }
}

std::vector<feed::Event> Stream(uint64_t seed, size_t n = 30'000) {
  testing::StreamOptions options;
  options.seed = seed;
  options.events = n;
  return testing::MakeSyntheticStream(options);
}

void ExpectSameResults(const ReplayResult& naive, const ReplayResult& pooled) {
  ExpectSameOrders(naive.orders, pooled.orders);
  const EngineStats& a = naive.stats;
  const EngineStats& b = pooled.stats;
  EXPECT_EQ(a.digest, b.digest);
  EXPECT_EQ(a.book_results, b.book_results);
  EXPECT_EQ(a.events_applied, b.events_applied);
  EXPECT_EQ(a.orders_sent, b.orders_sent);
  EXPECT_EQ(a.cancels_sent, b.cancels_sent);
  EXPECT_EQ(a.orders_acked, b.orders_acked);
  EXPECT_EQ(a.orders_filled, b.orders_filled);
  EXPECT_EQ(a.orders_cancelled, b.orders_cancelled);
  EXPECT_EQ(a.orders_rejected, b.orders_rejected);
  EXPECT_EQ(a.rejects, b.rejects);
  EXPECT_EQ(a.fills, b.fills);
  EXPECT_EQ(a.traded_volume, b.traded_volume);
  EXPECT_EQ(a.position, b.position);
  EXPECT_EQ(a.realized_pnl, b.realized_pnl);
  EXPECT_EQ(a.unrealized_pnl, b.unrealized_pnl);
  EXPECT_EQ(a.fees, b.fees);
}

TEST(SymbolEngineTest, ProfilesProduceIdenticalResults) {
  const auto events = Stream(7);
  const ReplayResult naive = Replay(AllocationProfile::kNaive, events);
  const ReplayResult pooled = Replay(AllocationProfile::kPooled, events);
  ExpectSameResults(naive, pooled);
  const EngineStats& a = naive.stats;
  // The stream exercised every path.
  EXPECT_GT(a.orders_sent, 1000u);
  EXPECT_GT(a.fills, 500u);
  EXPECT_GT(a.cancels_sent, 100u);
  EXPECT_GT(a.events_invalid, 0u);
  EXPECT_EQ(a.events_ignored, 0u);  // every kind is applied since the L3 book
  EXPECT_EQ(a.events_processed, events.size());
  EXPECT_EQ(a.events_processed, a.events_applied + a.events_ignored + a.events_invalid);
  EXPECT_EQ(a.orders_sent + a.cancels_sent, naive.orders.size());
}

// Order-level data goes through each profile's L3 store: the results must not tell.
TEST(SymbolEngineTest, ProfilesProduceIdenticalResultsOnOrderLevelData) {
  testing::StreamOptions options;
  options.seed = 8;
  options.events = 40'000;
  const auto events = testing::MakeOrderLevelStream(options);
  const ReplayResult naive = Replay(AllocationProfile::kNaive, events);
  const ReplayResult pooled = Replay(AllocationProfile::kPooled, events);
  ExpectSameResults(naive, pooled);
  EXPECT_GT(naive.stats.orders_sent, 500u);
  EXPECT_GT(naive.stats.fills, 200u);
  EXPECT_EQ(naive.stats.events_ignored, 0u);
}

TEST(SymbolEngineTest, DigestIsStableAndInputSensitive) {
  const auto events = Stream(11, 5'000);
  const ReplayResult first = Replay(AllocationProfile::kPooled, events);
  const ReplayResult second = Replay(AllocationProfile::kPooled, events);
  EXPECT_EQ(first.stats.digest, second.stats.digest);
  EXPECT_NE(first.stats.digest, Replay(AllocationProfile::kPooled, Stream(12, 5'000)).stats.digest);
  // Golden: guards the digest definition and the matching model against drift.
  EXPECT_EQ(FormatDigest(first.stats.digest), "073a51bd894e39b2");
}

// Golden of //engine:symbol_engine_benchmark's run (its stream and configuration):
// the benchmark's speed-ups must leave what it computes alone.
TEST(SymbolEngineTest, BenchmarkRunIsPinned) {
  testing::StreamOptions options;
  options.seed = 9;
  options.events = 200'000;
  const auto events = testing::MakeSyntheticStream(options);
  for (AllocationProfile profile : {AllocationProfile::kNaive, AllocationProfile::kPooled}) {
    EngineConfig config;
    config.profile = profile;
    config.risk.max_orders_per_second = 10'000;
    testing::CountingSink sink;
    SymbolEngine engine(0, "BENCH", config, std::make_unique<testing::QuotingTestStrategy>(),
                        sink);
    for (const feed::Event& e : events) engine.OnEvent(e);
    const EngineStats stats = engine.stats();
    EXPECT_EQ(FormatDigest(stats.digest), "1ff3129c4ab44c70") << AllocationProfileName(profile);
    EXPECT_EQ(sink.count, 30'199u) << AllocationProfileName(profile);
    EXPECT_EQ(stats.cancels_sent, 3'265u) << AllocationProfileName(profile);
  }
}

// StrategyContext::open_quantity is the remaining quantity of the open orders on each
// side, at every event of a run that fills, cancels and rejects.
TEST(SymbolEngineTest, OpenQuantityIsTheOpenOrdersRemaining) {
  EngineConfig config;
  config.profile = AllocationProfile::kPooled;
  config.risk.max_orders_per_second = 10'000;
  RecordingSink sink;
  testing::QuotingTestStrategy quoting;
  size_t checked_with_orders = 0;
  size_t mismatches = 0;
  auto strategy = std::make_unique<LambdaStrategy>(
      [&](const feed::Event& e, const BookView& book, StrategyContext& ctx) {
        feed::Quantity remaining[3] = {};
        for (const OpenOrder* o : ctx.open_orders()) {
          remaining[static_cast<size_t>(o->side)] += o->remaining;
        }
        mismatches += ctx.open_quantity(Side::kBid) != remaining[static_cast<size_t>(Side::kBid)];
        mismatches += ctx.open_quantity(Side::kAsk) != remaining[static_cast<size_t>(Side::kAsk)];
        checked_with_orders += !ctx.open_orders().empty();
        quoting.OnEvent(e, book, ctx);
      });
  SymbolEngine engine(0, "OPEN", config, std::move(strategy), sink);
  for (const feed::Event& e : Stream(7, 20'000)) engine.OnEvent(e);
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(checked_with_orders, 10'000u);
  EXPECT_GT(engine.stats().fills, 300u);
  EXPECT_GT(engine.stats().cancels_sent, 50u);
}

TEST(SymbolEngineTest, RunDigestIsIndependentOfProcessingOrder) {
  std::vector<feed::Event> s0 = Stream(1, 3'000);
  testing::StreamOptions o1;
  o1.seed = 2;
  o1.events = 3'000;
  o1.symbol = 1;
  std::vector<feed::Event> s1 = testing::MakeSyntheticStream(o1);
  const uint64_t d0 = Replay(AllocationProfile::kNaive, s0, 0).stats.digest;
  const uint64_t d1 = Replay(AllocationProfile::kPooled, s1, 1).stats.digest;
  EXPECT_EQ(CombineDigests({{0, d0}, {1, d1}}), CombineDigests({{1, d1}, {0, d0}}));
}

// The scripted tests' engine: orders arrive 1 ms after they are sent.
EngineConfig MillisecondLatency(AllocationProfile profile) {
  EngineConfig config;
  config.profile = profile;
  config.order_latency_ns = kMs;
  return config;
}

// One order through latency, queue, fill and mark-to-market, checked by hand.
TEST(SymbolEngineTest, LimitOrderLifecycleAndPnl) {
  for (AllocationProfile profile : {AllocationProfile::kNaive, AllocationProfile::kPooled}) {
    const EngineConfig config = MillisecondLatency(profile);
    RecordingSink sink;
    bool sent = false;
    auto strategy = std::make_unique<LambdaStrategy>(
        [&](const feed::Event&, const BookView&, StrategyContext& ctx) {
          if (sent) return;
          sent = true;
          const SendResult r = ctx.SendLimit(Side::kBid, P(-1), 2 * kUnit);
          EXPECT_TRUE(r.ok());
        });
    LambdaStrategy* s = strategy.get();
    SymbolEngine engine(3, "XYZ", config, std::move(strategy), sink);
    engine.OnEvent(Quote(10 * kMs, P(-1), 4 * kUnit, P(1), 4 * kUnit));
    ASSERT_EQ(sink.orders.size(), 1u);
    EXPECT_EQ(sink.orders[0].data_ts_ns, 10 * kMs);
    EXPECT_EQ(sink.orders[0].symbol, 3u);
    EXPECT_EQ(sink.orders[0].client_order_id, (uint64_t{3} << 40) | 1);
    engine.OnEvent(Quote(11 * kMs, P(-1), 4 * kUnit, P(1), 4 * kUnit));  // arrives: 4 ahead
    EXPECT_EQ(engine.stats().orders_acked, 1u);
    engine.OnEvent(Trade(12 * kMs, P(-1), 5 * kUnit, Side::kAsk));  // 1 fills us
    ASSERT_EQ(s->fills.size(), 1u);
    EXPECT_EQ(s->fills[0].quantity, kUnit);
    engine.OnEvent(Quote(13 * kMs, P(3), 4 * kUnit, P(5), 4 * kUnit));  // mid 100.04
    engine.Finish();
    const EngineStats& st = engine.stats();
    EXPECT_EQ(st.position, kUnit);
    EXPECT_EQ(st.average_price, P(-1));
    EXPECT_EQ(st.mark_price, P(4));
    EXPECT_EQ(st.unrealized_pnl, 5 * kCent);
    EXPECT_EQ(st.realized_pnl, 0);
    EXPECT_EQ(st.fills, 1u);
    EXPECT_EQ(st.orders_filled, 0u);
    // The market moved up, away from our 99.99 bid: it stays open with 1 left.
    ASSERT_EQ(engine.book().best_bid().price, P(3));
    EXPECT_EQ(st.traded_volume, kUnit);
  }
}

// Each execution report is counted once, by its kind, and reaches the strategy:
// acks, a fill, a cancel by request and an exchange reject (a cancel that arrives
// after its order filled).
TEST(SymbolEngineTest, ExecutionReportsAreCountedByKind) {
  for (AllocationProfile profile : {AllocationProfile::kNaive, AllocationProfile::kPooled}) {
    const EngineConfig config = MillisecondLatency(profile);
    RecordingSink sink;
    int events = 0;
    uint64_t bid = 0;
    uint64_t ask = 0;
    auto strategy = std::make_unique<LambdaStrategy>(
        [&](const feed::Event&, const BookView&, StrategyContext& ctx) {
          ++events;
          if (events == 1) {
            bid = ctx.SendLimit(Side::kBid, P(-1), 2 * kUnit).client_order_id;
            ask = ctx.SendLimit(Side::kAsk, P(1), kUnit).client_order_id;
          } else if (events == 2) {
            EXPECT_TRUE(ctx.Cancel(bid).ok());
            EXPECT_TRUE(ctx.Cancel(ask).ok());
          }
        });
    LambdaStrategy* s = strategy.get();
    SymbolEngine engine(0, "XYZ", config, std::move(strategy), sink);
    engine.OnEvent(Quote(10 * kMs, P(-1), 4 * kUnit, P(1), 4 * kUnit));
    engine.OnEvent(Quote(11 * kMs, P(-1), 4 * kUnit, P(1), 4 * kUnit));  // both arrive
    engine.OnEvent(Trade(11 * kMs + kMs / 2, P(2), kUnit, Side::kBid));  // through the ask
    engine.OnEvent(Quote(12 * kMs, P(-1), 4 * kUnit, P(1), 4 * kUnit));  // cancels arrive
    const EngineStats st = engine.stats();
    EXPECT_EQ(st.orders_sent, 2u);
    EXPECT_EQ(st.cancels_sent, 2u);
    EXPECT_EQ(st.orders_acked, 2u);
    EXPECT_EQ(st.fills, 1u);
    EXPECT_EQ(st.orders_filled, 1u);
    EXPECT_EQ(st.orders_cancelled, 1u);
    EXPECT_EQ(st.orders_rejected, 1u);
    EXPECT_EQ(st.rejects[static_cast<size_t>(RejectReason::kUnknownOrder)], 1u);
    EXPECT_EQ(st.rejects[static_cast<size_t>(RejectReason::kInvalidOrder)], 0u);
    EXPECT_EQ(st.position, -kUnit);
    ASSERT_EQ(s->fills.size(), 1u);
    EXPECT_EQ(s->fills[0].client_order_id, ask);
    ASSERT_EQ(s->rejects.size(), 1u);
    EXPECT_EQ(s->rejects[0].reason, RejectReason::kUnknownOrder);
  }
}

TEST(SymbolEngineTest, RiskRejectsAreCountedByReason) {
  EngineConfig config;
  config.profile = AllocationProfile::kPooled;
  config.risk.max_position = 5 * kUnit;
  config.risk.max_orders_per_second = 3;
  config.risk.max_notional = 1'000 * kUnit;
  config.max_open_orders = 4;
  RecordingSink sink;
  std::vector<RejectReason> got;
  auto strategy = std::make_unique<LambdaStrategy>(
      [&](const feed::Event& e, const BookView&, StrategyContext& ctx) {
        if (e.ts_ns != kMs) return;
        auto expect_reject = [&](SendResult r) {
          EXPECT_FALSE(r.ok());
          got.push_back(r.reason);
        };
        expect_reject(ctx.SendLimit(Side::kBid, P(0), 20 * kUnit));  // 2000 notional
        expect_reject(ctx.SendLimit(Side::kBid, P(-5), 6 * kUnit));  // position
        EXPECT_TRUE(ctx.SendLimit(Side::kBid, P(-5), 3 * kUnit).ok());
        expect_reject(ctx.SendLimit(Side::kBid, P(-5), 3 * kUnit));  // 3 open + 3 > 5
        EXPECT_TRUE(ctx.SendLimit(Side::kAsk, P(5), kUnit).ok());
        EXPECT_TRUE(ctx.SendLimit(Side::kAsk, P(5), kUnit).ok());
        expect_reject(ctx.SendLimit(Side::kAsk, P(5), kUnit));  // 4th in one second
        expect_reject(ctx.SendLimit(Side::kAsk, 0, kUnit));     // invalid price
        expect_reject(ctx.SendMarket(Side::kNone, kUnit));      // invalid side
        expect_reject(ctx.Cancel(424242));                      // not open
      });
  SymbolEngine engine(0, "R", config, std::move(strategy), sink);
  engine.OnEvent(Quote(kMs, P(-1), kUnit, P(1), kUnit));
  EXPECT_EQ(got,
            (std::vector<RejectReason>{RejectReason::kMaxNotional, RejectReason::kMaxPosition,
                                       RejectReason::kMaxPosition, RejectReason::kMaxOrderRate,
                                       RejectReason::kInvalidOrder, RejectReason::kInvalidOrder,
                                       RejectReason::kUnknownOrder}));
  const auto by_reason = engine.stats().RejectsByReason();
  EXPECT_EQ(by_reason.at("max_notional"), 1u);
  EXPECT_EQ(by_reason.at("max_position"), 2u);
  EXPECT_EQ(by_reason.at("max_order_rate"), 1u);
  EXPECT_EQ(by_reason.at("invalid_order"), 2u);
  EXPECT_EQ(by_reason.at("unknown_order"), 1u);
  EXPECT_EQ(by_reason.at("no_liquidity"), 0u);
  EXPECT_EQ(by_reason.size(), static_cast<size_t>(kRejectReasonCount));
  EXPECT_EQ(engine.stats().orders_rejected, 7u);
  EXPECT_EQ(sink.orders.size(), 3u);  // rejected orders never leave
}

TEST(SymbolEngineTest, MaxOpenOrdersAndNoLiquidity) {
  EngineConfig config;
  config.profile = AllocationProfile::kPooled;
  config.max_open_orders = 2;
  config.risk.max_orders_per_second = 0;
  RecordingSink sink;
  auto strategy = std::make_unique<LambdaStrategy>(
      [&](const feed::Event&, const BookView& book, StrategyContext& ctx) {
        if (!book.has_ask()) {
          const SendResult r = ctx.SendMarket(Side::kBid, kUnit);
          EXPECT_EQ(r.reason, RejectReason::kNoLiquidity);
          return;
        }
        for (int i = 0; i < 3; ++i) (void)ctx.SendLimit(Side::kBid, P(-9), kUnit);
      });
  SymbolEngine engine(0, "R", config, std::move(strategy), sink);
  engine.OnEvent(testing::Level(kMs, Side::kBid, P(-1), kUnit));
  engine.OnEvent(Quote(2 * kMs, P(-1), kUnit, P(1), kUnit));
  EXPECT_EQ(engine.stats().rejects[static_cast<size_t>(RejectReason::kNoLiquidity)], 1u);
  EXPECT_EQ(engine.stats().rejects[static_cast<size_t>(RejectReason::kMaxOpenOrders)], 1u);
}

}  // namespace
}  // namespace hftbot::engine

namespace hftbot::engine {
namespace {

using testing::LambdaStrategy;
using testing::RecordingSink;

// Order-level events go through the L3 book, which keeps the L2 levels; an execution
// is a print for the simulated exchange.
TEST(SymbolEngineTest, OrderLevelEventsBuildTheBook) {
  EngineConfig config;
  RecordingSink sink;
  NaiveSymbolEngine engine(0, "AAPL", config,
                      std::make_unique<LambdaStrategy>(
                          [](const feed::Event&, const BookView&, StrategyContext&) {}),
                      sink);
  const auto order = [](feed::EventKind kind, int64_t ts, uint64_t id, feed::Side side,
                        feed::Price price, feed::Quantity qty) {
    feed::Event e;
    e.ts_ns = ts;
    e.kind = kind;
    e.id = id;
    e.side = side;
    e.price = price;
    e.quantity = qty;
    return e;
  };
  using feed::EventKind;
  using feed::Side;
  EXPECT_EQ(engine.l3_book(), nullptr);
  engine.OnEvent(order(EventKind::kOrderAdd, 1, 10, Side::kBid, 100, 5));
  engine.OnEvent(order(EventKind::kOrderAdd, 2, 11, Side::kAsk, 102, 7));
  engine.OnEvent(order(EventKind::kOrderAdd, 3, 12, Side::kBid, 100, 3));
  engine.OnEvent(order(EventKind::kOrderExecute, 4, 10, Side::kBid, 100, 5));
  engine.OnEvent(order(EventKind::kOrderCancel, 5, 99, Side::kAsk, 102, 2));  // unknown id
  ASSERT_NE(engine.l3_book(), nullptr);
  EXPECT_EQ(engine.book().best_bid(), (Level{100, 3}));
  EXPECT_EQ(engine.book().best_ask(), (Level{102, 5}));
  EXPECT_EQ(engine.l3_book()->order_count(), 2u);
  EXPECT_EQ(engine.l3_book()->stats().unknown_ids, 1u);
  EXPECT_EQ(engine.stats().events_applied, 5u);
  EXPECT_EQ(engine.stats().events_ignored, 0u);
}

}  // namespace
}  // namespace hftbot::engine
