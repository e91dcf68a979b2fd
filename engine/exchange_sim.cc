#include "engine/exchange_sim.h"

#include <algorithm>
#include <string>
#include <utility>

namespace hftbot::engine {

using feed::Price;
using feed::Quantity;
using feed::Side;

namespace {

inline bool IsPooled(const ExchangeOptions& o) { return o.profile == AllocationProfile::kPooled; }

ExecutionReport Report(ReportKind kind, const OpenOrder& o, int64_t ts_ns) {
  ExecutionReport r;
  r.kind = kind;
  r.side = o.side;
  r.client_order_id = o.client_order_id;
  r.price = o.price;
  r.quantity = o.quantity;
  r.remaining = o.remaining;
  r.ts_ns = ts_ns;
  return r;
}

}  // namespace

SimulatedExchange::SimulatedExchange(const ExchangeOptions& options) : options_(options) {
  options_.max_open_orders = std::max<size_t>(1, options_.max_open_orders);
  if (IsPooled(options_)) {
    open_.reserve(options_.max_open_orders);
    pool_.resize(options_.max_open_orders);
    free_.reserve(pool_.size());
    for (size_t i = pool_.size(); i > 0; --i) free_.push_back(&pool_[i - 1]);
    // At most one in-flight new order and one in-flight cancel per open order.
    ring_.resize(2 * options_.max_open_orders);
  }
}

OpenOrder* SimulatedExchange::Acquire(uint64_t client_order_id) {
  if (IsPooled(options_)) {
    OpenOrder* o = free_.back();
    free_.pop_back();
    *o = OpenOrder{};
    return o;
  }
  // The first-bot way: a shared heap object per order, found by a string id.
  auto owned = std::make_shared<OpenOrder>();
  OpenOrder* o = owned.get();
  by_id_.emplace(std::to_string(client_order_id), std::move(owned));
  return o;
}

void SimulatedExchange::Release(OpenOrder* order) {
  if (IsPooled(options_)) {
    free_.push_back(order);
  } else {
    by_id_.erase(std::to_string(order->client_order_id));
  }
}

OpenOrder* SimulatedExchange::FindMutable(uint64_t id) const {
  if (IsPooled(options_)) {
    for (OpenOrder* o : open_) {
      if (o->client_order_id == id && !o->done) return o;
    }
    return nullptr;
  }
  auto it = by_id_.find(std::to_string(id));
  return it == by_id_.end() || it->second->done ? nullptr : it->second.get();
}

const OpenOrder* SimulatedExchange::Find(uint64_t id) const { return FindMutable(id); }

Quantity SimulatedExchange::open_quantity(Side side) const {
  Quantity q = 0;
  for (const OpenOrder* o : open_) {
    if (!o->done && o->side == side) q += o->remaining;
  }
  return q;
}

size_t SimulatedExchange::in_flight() const {
  return IsPooled(options_) ? ring_size_ : queue_.size();
}

void SimulatedExchange::PushInFlight(const InFlight& m) {
  if (IsPooled(options_)) {
    ring_[(ring_head_ + ring_size_) % ring_.size()] = m;
    ++ring_size_;
  } else {
    queue_.push_back(m);
  }
}

bool SimulatedExchange::PopInFlightDue(int64_t now_ns, InFlight* m) {
  // One latency for every message, so arrival order is send order: FIFO suffices.
  if (IsPooled(options_)) {
    if (ring_size_ == 0 || ring_[ring_head_].arrival_ns > now_ns) return false;
    *m = ring_[ring_head_];
    ring_head_ = (ring_head_ + 1) % ring_.size();
    --ring_size_;
    return true;
  }
  if (queue_.empty() || queue_.front().arrival_ns > now_ns) return false;
  *m = queue_.front();
  queue_.pop_front();
  return true;
}

bool SimulatedExchange::Submit(const Order& order) {
  const int64_t arrival = order.data_ts_ns + options_.order_latency_ns;
  if (order.type == OrderType::kCancel) {
    OpenOrder* target = FindMutable(order.cancel_target);
    if (target == nullptr || target->cancel_requested) return false;
    target->cancel_requested = true;
    PushInFlight({arrival, nullptr, order.client_order_id, order.cancel_target});
    return true;
  }
  if (!has_capacity()) return false;
  OpenOrder* o = Acquire(order.client_order_id);
  o->client_order_id = order.client_order_id;
  o->type = order.type;
  o->side = order.side;
  o->price = order.price;
  o->quantity = order.quantity;
  o->remaining = order.quantity;
  o->sent_ts_ns = order.data_ts_ns;
  o->arrival_ts_ns = arrival;
  open_.push_back(o);
  PushInFlight({arrival, o, 0, 0});
  return true;
}

void SimulatedExchange::Fill(OpenOrder& o, Price price, Quantity quantity, bool maker,
                             int64_t ts_ns, std::vector<ExecutionReport>* out) {
  o.remaining -= quantity;
  if (o.remaining == 0) o.done = true;
  ExecutionReport r = Report(ReportKind::kFill, o, ts_ns);
  r.price = price;
  r.quantity = quantity;
  r.maker = maker;
  out->push_back(r);
}

void SimulatedExchange::Arrive(OpenOrder& o, int64_t ts, const BookView& book,
                               std::vector<ExecutionReport>* out) {
  const bool buy = o.side == Side::kBid;
  const Level touch = buy ? book.best_ask() : book.best_bid();
  const bool has_touch = touch.quantity > 0;
  if (o.type == OrderType::kMarket && !has_touch) {
    o.done = true;
    ExecutionReport r = Report(ReportKind::kReject, o, ts);
    r.reason = RejectReason::kNoLiquidity;
    out->push_back(r);
    return;
  }
  out->push_back(Report(ReportKind::kAck, o, ts));
  const bool marketable = o.type == OrderType::kMarket ||
                          (has_touch && (buy ? o.price >= touch.price : o.price <= touch.price));
  if (!marketable) {
    o.resting = true;
    o.queue_ahead = book.SizeAt(o.side, o.price);
    return;
  }
  Fill(o, touch.price, std::min(o.remaining, touch.quantity), /*maker=*/false, ts, out);
  if (o.remaining > 0) {
    ExecutionReport r = Report(ReportKind::kCancelled, o, ts);
    r.quantity = o.remaining;
    r.remaining = 0;
    r.by_request = false;
    o.remaining = 0;
    o.done = true;
    out->push_back(r);
  }
}

void SimulatedExchange::ProcessArrivals(int64_t now_ns, const BookView& book,
                                        std::vector<ExecutionReport>* out) {
  InFlight m;
  bool any = false;
  while (PopInFlightDue(now_ns, &m)) {
    any = true;
    if (m.order != nullptr) {
      Arrive(*m.order, m.arrival_ns, book, out);
      continue;
    }
    OpenOrder* target = FindMutable(m.cancel_target);
    if (target == nullptr) {
      ExecutionReport r;
      r.kind = ReportKind::kReject;
      r.reason = RejectReason::kUnknownOrder;
      r.client_order_id = m.cancel_id;
      r.ts_ns = m.arrival_ns;
      out->push_back(r);
      continue;
    }
    ExecutionReport r = Report(ReportKind::kCancelled, *target, m.arrival_ns);
    r.quantity = target->remaining;
    r.remaining = 0;
    r.by_request = true;
    target->remaining = 0;
    target->done = true;
    out->push_back(r);
  }
  if (any) RemoveDone();
}

void SimulatedExchange::OnMarketEvent(const feed::Event& e, const BookView& book,
                                      std::vector<ExecutionReport>* out) {
  bool any = false;
  if (e.kind == feed::EventKind::kTrade) {
    // Our own fills at the print price so far, per side: later orders at that price
    // only get the volume left after earlier ones (FIFO among our orders).
    Quantity own_filled_bid = 0;
    Quantity own_filled_ask = 0;
    for (OpenOrder* o : open_) {
      if (o->done || !o->resting) continue;
      const bool buy = o->side == Side::kBid;
      // A seller-initiated print hits bids; a buyer-initiated one lifts asks.
      if (e.side == (buy ? Side::kBid : Side::kAsk)) continue;
      const bool through = buy ? e.price < o->price : e.price > o->price;
      if (through) {
        Fill(*o, o->price, o->remaining, /*maker=*/true, e.ts_ns, out);
        any = true;
        continue;
      }
      if (e.price != o->price) continue;
      Quantity& own_filled = buy ? own_filled_bid : own_filled_ask;
      const Quantity available = e.quantity - o->queue_ahead - own_filled;
      o->queue_ahead = std::max<Quantity>(0, o->queue_ahead - e.quantity);
      if (available <= 0) continue;
      const Quantity q = std::min(available, o->remaining);
      own_filled += q;
      Fill(*o, o->price, q, /*maker=*/true, e.ts_ns, out);
      any = true;
    }
  } else {
    const Level bid = book.best_bid();
    const Level ask = book.best_ask();
    for (OpenOrder* o : open_) {
      if (o->done || !o->resting) continue;
      const bool buy = o->side == Side::kBid;
      const Level& opposite = buy ? ask : bid;
      const bool crossed =
          opposite.quantity > 0 && (buy ? opposite.price <= o->price : opposite.price >= o->price);
      if (crossed) {
        Fill(*o, o->price, o->remaining, /*maker=*/true, e.ts_ns, out);
        any = true;
      } else {
        o->queue_ahead = std::min(o->queue_ahead, book.SizeAt(o->side, o->price));
      }
    }
  }
  if (any) RemoveDone();
}

void SimulatedExchange::RemoveDone() {
  // In-place and order-preserving; std::stable_partition may allocate a buffer.
  size_t kept = 0;
  for (OpenOrder* o : open_) {
    if (o->done) {
      Release(o);
    } else {
      open_[kept++] = o;
    }
  }
  open_.resize(kept);
}

}  // namespace hftbot::engine
