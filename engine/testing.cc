#include "engine/testing.h"

#include <algorithm>
#include <random>

namespace hftbot::engine::testing {

using feed::Event;
using feed::EventKind;
using feed::Side;

Event Quote(int64_t ts, feed::Price bid, feed::Quantity bid_qty, feed::Price ask,
            feed::Quantity ask_qty) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kQuote;
  e.price = bid;
  e.quantity = bid_qty;
  e.ask_price = ask;
  e.ask_quantity = ask_qty;
  return e;
}

Event Trade(int64_t ts, feed::Price price, feed::Quantity qty, Side aggressor) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kTrade;
  e.price = price;
  e.quantity = qty;
  e.side = aggressor;
  return e;
}

Event Level(int64_t ts, Side side, feed::Price price, feed::Quantity qty) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kLevelUpdate;
  e.side = side;
  e.price = price;
  e.quantity = qty;
  return e;
}

void QuotingTestStrategy::OnEvent(const Event&, const BookView& book, StrategyContext& ctx) {
  // A countdown, not a division.
  const bool market_due = --events_until_market_ == 0;
  if (market_due) events_until_market_ = kMarketEvery;
  // Open orders are in send order, so the ones sent more than 5 ms of data time ago
  // are a prefix: the walk stops at the first younger one (usually the first).
  const int64_t now = ctx.now_ns();
  for (const OpenOrder* o : ctx.open_orders()) {
    if (now - o->sent_ts_ns <= 5'000'000) break;
    if (o->resting & !o->cancel_requested) (void)ctx.Cancel(o->client_order_id);
  }
  if (!book.two_sided()) return;
  if (ctx.open_quantity(Side::kBid) == 0) (void)ctx.SendLimit(Side::kBid, book.best_bid().price, kUnit);
  if (ctx.open_quantity(Side::kAsk) == 0) (void)ctx.SendLimit(Side::kAsk, book.best_ask().price, kUnit);
  if (market_due) (void)ctx.SendMarket(ctx.position() > 0 ? Side::kAsk : Side::kBid, kUnit);
}

std::vector<Event> MakeSyntheticStream(const StreamOptions& o) {
  std::mt19937_64 rng(o.seed);
  auto uniform = [&](uint64_t n) { return static_cast<int64_t>(rng() % n); };
  std::vector<Event> out;
  out.reserve(o.events);
  int64_t ts = o.start_ts_ns;
  feed::Price mid_ticks = o.start_mid / o.tick;
  for (size_t i = 0; i < o.events; ++i) {
    ts += 1 + uniform(static_cast<uint64_t>(o.max_gap_ns));
    const int64_t move = uniform(100);
    if (move < 8) --mid_ticks;
    if (move >= 92) ++mid_ticks;
    const int64_t half = 1 + uniform(2);
    const feed::Price bid = (mid_ticks - half) * o.tick;
    const feed::Price ask = (mid_ticks + half) * o.tick;
    const int64_t kind = uniform(100);
    Event e;
    if (kind < 55) {
      e = Quote(ts, bid, (1 + uniform(10)) * kUnit, ask, (1 + uniform(10)) * kUnit);
    } else if (kind < 80) {
      const bool sell = uniform(2) == 0;
      const int64_t through = uniform(10) == 0 ? 1 : 0;
      const feed::Price price = sell ? bid - through * o.tick : ask + through * o.tick;
      e = Trade(ts, price, (1 + uniform(8)) * kUnit, sell ? Side::kAsk : Side::kBid);
    } else if (kind < 98) {
      const bool bid_side = uniform(2) == 0;
      const int64_t depth = uniform(6);
      const feed::Price price = bid_side ? bid - depth * o.tick : ask + depth * o.tick;
      const feed::Quantity qty = uniform(5) == 0 ? 0 : (1 + uniform(20)) * kUnit;
      e = Level(ts, bid_side ? Side::kBid : Side::kAsk, price, qty);
    } else if (kind < 99) {
      // Was an L3 add "ignored by the L2 book"; SymbolEngine now applies L3 events
      // through engine/l3_book.h (tested there and on LOBSTER data), so this L2
      // stream stays L2: a one-lot print at the bid.
      e = Trade(ts, bid, kUnit, Side::kAsk);
    } else {
      e = Quote(ts, ask, kUnit, bid, kUnit);  // crossed: rejected by the book
    }
    e.symbol = o.symbol;
    out.push_back(e);
  }
  return out;
}

std::vector<Event> MakeOrderLevelStream(const StreamOptions& o, size_t resting) {
  struct Live {
    uint64_t id;
    Side side;
    feed::Price price;
    feed::Quantity quantity;
  };
  std::mt19937_64 rng(o.seed);
  auto uniform = [&](uint64_t n) { return static_cast<int64_t>(rng() % n); };
  std::vector<Live> live;
  live.reserve(2 * resting + 16);
  std::vector<Event> out;
  out.reserve(o.events);
  int64_t ts = o.start_ts_ns;
  feed::Price mid_ticks = o.start_mid / o.tick;
  uint64_t next_id = 1;
  for (size_t i = 0; i < o.events; ++i) {
    ts += 1 + uniform(static_cast<uint64_t>(o.max_gap_ns));
    const int64_t move = uniform(100);
    if (move < 3) --mid_ticks;
    if (move >= 97) ++mid_ticks;
    Event e;
    e.ts_ns = ts;
    e.symbol = o.symbol;
    // Fewer adds while the book is fuller than `resting`, more while it is thinner.
    const int64_t add_percent = live.size() < resting ? 60 : 25;
    const int64_t kind = uniform(100);
    if (live.empty() || kind < add_percent) {
      const bool bid = uniform(2) == 0;
      const int64_t away = 1 + uniform(8);
      e.kind = EventKind::kOrderAdd;
      e.id = next_id++;
      e.side = bid ? Side::kBid : Side::kAsk;
      e.price = (bid ? mid_ticks - away : mid_ticks + away) * o.tick;
      e.quantity = (1 + uniform(10)) * kUnit;
      live.push_back({e.id, e.side, e.price, e.quantity});
    } else if (kind < add_percent + 2) {
      e.kind = EventKind::kOrderCancel;  // rested before the recording: unknown id
      e.id = 1'000'000'000'000 + static_cast<uint64_t>(i);
      e.side = uniform(2) == 0 ? Side::kBid : Side::kAsk;
      e.price = (e.side == Side::kBid ? mid_ticks - 1 : mid_ticks + 1) * o.tick;
      e.quantity = kUnit;
    } else {
      const size_t pick = static_cast<size_t>(uniform(live.size()));
      Live& order = live[pick];
      e.kind = kind < add_percent + 27 ? EventKind::kOrderCancel : EventKind::kOrderExecute;
      e.id = order.id;
      e.side = order.side;
      e.price = order.price;
      e.quantity = uniform(2) == 0 ? order.quantity
                                   : std::max<feed::Quantity>(kUnit, order.quantity / 2);
      order.quantity -= e.quantity;
      if (order.quantity <= 0) {
        order = live.back();
        live.pop_back();
      }
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace hftbot::engine::testing
