// The simulated exchange for one symbol, driven by data time only.
//
// An order sent at data time T reaches the book at T + order latency, before any
// market event stamped at or after that time; acks, fills and cancels are reported
// at the data time they happen (no latency on the way back). Results are a pure
// function of the event stream, the orders and the latency: no clock is read.
//
// Matching model (our orders never change the market-data book: no market impact):
//   limit, not marketable  rests; its queue position is the displayed size at its
//                          price when it arrives. Trades printing at its price consume
//                          that queue first, then fill it; our own orders at one price
//                          fill FIFO by arrival. A print without an aggressor side
//                          (Side::kNone) counts against both sides. A trade printing through its
//                          price, or the opposite touch moving to or through it, fills all that
//                          remains at its limit price. When the level shrinks without a
//                          trade (cancels), the queue ahead shrinks to the new size.
//   limit, marketable      takes the opposite touch at the touch price, up to the
//                          displayed size there; the remainder is cancelled (IOC),
//                          because resting it would cross the market-data book.
//   market                 the same at the touch; rejected (no_liquidity) when the
//                          opposite side is empty.
//   cancel                 reaches the book after the same latency; if the order was
//                          filled or cancelled meanwhile it is rejected (unknown_order).
//
// Every container allocates from the memory resource given at construction (the
// exchange component's), which must outlive the exchange.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_ENGINE_EXCHANGE_SIM_H_
#define HFTBOT_ENGINE_EXCHANGE_SIM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/one_branch.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "feed/event.h"

namespace hftbot::engine {

// Where the exchange appends its execution reports.
using ReportList = std::pmr::vector<ExecutionReport>;

struct ExchangeOptions {
  int64_t order_latency_ns = 0;
  // Non-terminal orders (in flight or resting) at once; the pooled profile
  // preallocates this many. Default 256.
  size_t max_open_orders = 256;
};

// The matching rules are written once; kProfile picks the storage: kPooled a fixed
// order pool and a ring of in-flight messages, kNaive shared_ptr orders found by a
// string id and a std::deque, as a first bot writes them. Book is any BookView type;
// the engine passes its final book type, so SizeAt is a direct call.
template <AllocationProfile kProfile>
class SimulatedExchange {
 public:
  explicit SimulatedExchange(const ExchangeOptions& options,
                             std::pmr::memory_resource* resource = std::pmr::get_default_resource());
  SimulatedExchange(const SimulatedExchange&) = delete;
  SimulatedExchange& operator=(const SimulatedExchange&) = delete;

  // Sends a limit, market or cancel order; it arrives at data_ts_ns + latency.
  // Returns false, and changes nothing, when a new order finds no capacity or has no
  // bid/ask side, or a cancel's target is not open or already has a cancel in flight.
  // REQUIRES: data_ts_ns non-decreasing across calls.
  [[nodiscard]] bool Submit(const Order& order);
  // Submit for a new order whose checks the caller made, which cannot fail: the
  // engine's send path.
  // REQUIRES: has_capacity(); order is a limit or market order, side kBid or kAsk.
  void SubmitNew(const Order& order);

  // Whether a message arrives at or before now_ns: the engine asks on every event
  // and most events have none due, so this stays inline and cheap.
  bool AnyDue(int64_t now_ns) const {
    if constexpr (kPooled) {
      return ring_size_ != 0 && ring_[ring_head_].arrival_ns <= now_ns;
    } else {
      return !queue_.empty() && queue_.front().arrival_ns <= now_ns;
    }
  }

  // Lets every message that arrives at or before now_ns reach the book (as it stands
  // before the event stamped now_ns is applied). Appends reports to *out.
  template <class Book>
  void ProcessArrivals(int64_t now_ns, const Book& book, ReportList* out);

  // Reacts to a market event the book has just applied: trade fills, crossing
  // fills, queue shrinkage. Appends reports to *out. OnTrade for a print, else
  // OnBookChange; for a caller that branches on the event's kind anyway.
  template <class Book>
  void OnMarketEvent(const feed::Event& event, const Book& book, ReportList* out) {
    if (event.kind == feed::EventKind::kTrade) {
      OnTrade(event, out);
    } else {
      OnBookChange(book, event.ts_ns, out);
    }
  }
  // REQUIRES: print.kind == kTrade.
  [[gnu::always_inline]] void OnTrade(const feed::Event& print, ReportList* out);
  // After any other event the book applied at data time ts_ns.
  template <class Book>
  [[gnu::always_inline]] void OnBookChange(const Book& book, int64_t ts_ns, ReportList* out);

  // Non-terminal orders in the order they were sent.
  std::span<const OpenOrder* const> open_orders() const { return {open_.data(), open_.size()}; }
  const std::pmr::vector<OpenOrder*>& open_order_list() const { return open_; }
  // nullptr when the order is not open.
  const OpenOrder* Find(uint64_t client_order_id) const { return FindMutable(client_order_id); }
  // Remaining quantity of open orders on one side, kept as orders fill and end.
  feed::Quantity open_quantity(feed::Side side) const {
    return open_quantity_[static_cast<size_t>(side)];
  }
  const feed::Quantity (&open_quantity_by_side() const)[3] { return open_quantity_; }
  bool has_capacity() const { return open_.size() < options_.max_open_orders; }
  size_t in_flight() const;

 private:
  static constexpr bool kPooled = kProfile == AllocationProfile::kPooled;

  struct InFlight {
    int64_t arrival_ns = 0;
    OpenOrder* order = nullptr;  // new orders
    uint64_t cancel_id = 0;      // cancels
    uint64_t cancel_target = 0;
  };

  // A record for a new order; the caller sets every field.
  // REQUIRES: has_capacity().
  OpenOrder* Acquire(uint64_t client_order_id) {
    if constexpr (kPooled) {
      OpenOrder* o = free_.back();
      free_.pop_back();
      return o;
    } else {
      return AcquireShared(client_order_id);
    }
  }
  OpenOrder* AcquireShared(uint64_t client_order_id);  // kNaive's Acquire
  void Release(OpenOrder* order);
  OpenOrder* FindMutable(uint64_t client_order_id) const;
  void PushInFlight(const InFlight& message) {
    if constexpr (kPooled) {
      ring_[ring_tail_] = message;
      if (++ring_tail_ == ring_.size()) ring_tail_ = 0;
      ++ring_size_;
    } else {
      queue_.push_back(message);
    }
  }
  bool PopInFlightDue(int64_t now_ns, InFlight* message);
  template <class Book>
  void Arrive(OpenOrder& order, int64_t ts_ns, const Book& book, ReportList* out);
  void Fill(OpenOrder& order, feed::Price price, feed::Quantity quantity, bool maker, int64_t ts_ns,
            ReportList* out);
  // Marks an order terminal; its remaining quantity leaves open_quantity.
  void End(OpenOrder& order) {
    open_quantity_[static_cast<size_t>(order.side)] -= order.remaining;
    order.done = true;
    any_done_ = true;
  }
  // Drops terminal orders from open_ and resting_, when any order ended this step.
  void RemoveDone() {
    if (any_done_) RemoveDoneOrders();
  }
  void RemoveDoneOrders();
  std::pmr::memory_resource* resource() const { return open_.get_allocator().resource(); }

  ExchangeOptions options_;
  feed::Quantity open_quantity_[3] = {};  // by feed::Side
  std::pmr::vector<OpenOrder*> open_;  // send order; pooled: reserved to max_open_orders
  // The resting subset of open_, in arrival order, which is send order (one latency
  // for every message): what the market-event loops walk. Pooled: reserved likewise.
  std::pmr::vector<OpenOrder*> resting_;
  bool any_done_ = false;  // an order ended since the last RemoveDoneOrders

  // kPooled storage: a fixed pool, its free list and a ring of in-flight messages.
  std::pmr::vector<OpenOrder> pool_;
  std::pmr::vector<OpenOrder*> free_;
  std::pmr::vector<InFlight> ring_;
  size_t ring_head_ = 0;  // index of the oldest message
  size_t ring_tail_ = 0;  // index the next message goes to
  size_t ring_size_ = 0;

  // kNaive storage: heap orders owned by shared_ptr, looked up by string id (the
  // resource's strings: short ids stay inline, as std::string's would).
  std::pmr::map<std::pmr::string, std::shared_ptr<OpenOrder>, std::less<>> by_id_;
  std::pmr::deque<InFlight> queue_;
};

// Implementation of the members that take the book; the rest is in exchange_sim.cc.

inline ExecutionReport MakeReport(ReportKind kind, const OpenOrder& o, int64_t ts_ns) {
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

// In the header: ProcessArrivals pops once per arrival and once more per call.
template <AllocationProfile kProfile>
inline bool SimulatedExchange<kProfile>::PopInFlightDue(int64_t now_ns, InFlight* m) {
  // One latency for every message, so arrival order is send order: FIFO suffices.
  if constexpr (kPooled) {
    if (ring_size_ == 0 || ring_[ring_head_].arrival_ns > now_ns) return false;
    *m = ring_[ring_head_];
    if (++ring_head_ == ring_.size()) ring_head_ = 0;
    --ring_size_;
    return true;
  } else {
    if (queue_.empty() || queue_.front().arrival_ns > now_ns) return false;
    *m = queue_.front();
    queue_.pop_front();
    return true;
  }
}

// In the header: the engine's send path calls it per order.
template <AllocationProfile kProfile>
inline void SimulatedExchange<kProfile>::SubmitNew(const Order& order) {
  const int64_t arrival = order.data_ts_ns + options_.order_latency_ns;
  OpenOrder* o = Acquire(order.client_order_id);
  *o = OpenOrder{.client_order_id = order.client_order_id,
                 .type = order.type,
                 .side = order.side,
                 .price = order.price,
                 .quantity = order.quantity,
                 .remaining = order.quantity,
                 .sent_ts_ns = order.data_ts_ns,
                 .arrival_ts_ns = arrival};
  open_.push_back(o);
  open_quantity_[static_cast<size_t>(o->side)] += o->quantity;
  PushInFlight({arrival, o, 0, 0});
}

template <AllocationProfile kProfile>
template <class Book>
void SimulatedExchange<kProfile>::Arrive(OpenOrder& o, int64_t ts, const Book& book,
                                         ReportList* out) {
  const bool buy = o.side == feed::Side::kBid;
  const Level opposite_touch[2] = {book.best_bid(), book.best_ask()};  // by buy
  const Level touch = opposite_touch[buy];
  const bool has_touch = touch.quantity > 0;
  if (o.type == OrderType::kMarket && !has_touch) {
    End(o);
    ExecutionReport r = MakeReport(ReportKind::kReject, o, ts);
    r.reason = RejectReason::kNoLiquidity;
    out->push_back(r);
    return;
  }
  out->push_back(MakeReport(ReportKind::kAck, o, ts));
  const bool marketable = o.type == OrderType::kMarket ||
                          (has_touch && (buy ? o.price >= touch.price : o.price <= touch.price));
  if (!marketable) {
    o.resting = true;
    o.queue_ahead = book.SizeAt(o.side, o.price);
    resting_.push_back(&o);
    return;
  }
  Fill(o, touch.price, std::min(o.remaining, touch.quantity), /*maker=*/false, ts, out);
  if (o.remaining > 0) {
    ExecutionReport r = MakeReport(ReportKind::kCancelled, o, ts);
    r.quantity = o.remaining;
    r.remaining = 0;
    r.by_request = false;
    End(o);
    o.remaining = 0;
    out->push_back(r);
  }
}

template <AllocationProfile kProfile>
template <class Book>
void SimulatedExchange<kProfile>::ProcessArrivals(int64_t now_ns, const Book& book,
                                                  ReportList* out) {
  InFlight m;
  while (PopInFlightDue(now_ns, &m)) {
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
    ExecutionReport r = MakeReport(ReportKind::kCancelled, *target, m.arrival_ns);
    r.quantity = target->remaining;
    r.remaining = 0;
    r.by_request = true;
    End(*target);
    target->remaining = 0;
    out->push_back(r);
  }
  RemoveDone();
}

// Both loops walk resting_, which holds no terminal order on entry (every step ends
// with RemoveDone); an order filled in the loop is not visited again. Per-side
// values are indexed by feed::Side, and prices are compared as direction x price
// (higher is better for both sides), so that no branch asks which side an order is
// on: a bid and an ask rest at once, and such a branch would flip on every order.
inline constexpr feed::Price kBetterDirection[3] = {0, 1, -1};  // by feed::Side

template <AllocationProfile kProfile>
inline void SimulatedExchange<kProfile>::OnTrade(const feed::Event& e, ReportList* out) {
  // A seller-initiated print (e.side kAsk) hits bids and a buyer-initiated one lifts
  // asks, so it hits the orders on the other side than its own; kNone hits both. It
  // goes through an order priced better than the print.
  const feed::Price print_key[3] = {0, e.price, -e.price};
  // Our own fills at the print price so far, per side: later orders at that price
  // only get the volume left after earlier ones (FIFO among our orders).
  feed::Quantity own_filled[3] = {0, 0, 0};
  for (OpenOrder* o : resting_) {
    const size_t side = static_cast<size_t>(o->side);
    const bool hits = e.side != o->side;
    const bool through = kBetterDirection[side] * o->price > print_key[side];
    // Most prints miss most orders: one bitwise test, so one branch to mispredict.
    if (!OneBranch(hits & (through | (e.price == o->price)))) continue;
    // Through: all that remains fills at the order's price. At the price: what the
    // print leaves after the queue ahead and our earlier orders.
    const feed::Quantity queue = o->queue_ahead;
    const feed::Quantity available =
        through ? o->remaining : e.quantity - queue - own_filled[side];
    o->queue_ahead = through ? queue : std::max<feed::Quantity>(0, queue - e.quantity);
    const feed::Quantity q = std::min(available, o->remaining);
    own_filled[side] += through ? 0 : q;
    if (q > 0) Fill(*o, o->price, q, /*maker=*/true, e.ts_ns, out);
  }
  RemoveDone();
}

template <AllocationProfile kProfile>
template <class Book>
inline void SimulatedExchange<kProfile>::OnBookChange(const Book& book, int64_t ts_ns,
                                                      ReportList* out) {
  if (resting_.empty()) return;  // nothing ended: nothing to remove
  struct SideKeys {
    feed::Price cross_from;    // direction x price from which the other touch fills it
    feed::Price behind_below;  // direction x price below which it is behind its own touch
    Level touch;               // its own ({0, 0} when the side is empty)
  };
  constexpr feed::Price kNever = std::numeric_limits<feed::Price>::max();
  constexpr feed::Price kNothing = std::numeric_limits<feed::Price>::min();
  const Level bid = book.best_bid();
  const Level ask = book.best_ask();
  // By feed::Side - 1: a resting order is a bid or an ask.
  const SideKeys keys[2] = {
      {ask.quantity > 0 ? ask.price : kNever, bid.quantity > 0 ? bid.price : kNothing, bid},
      {bid.quantity > 0 ? -bid.price : kNever, ask.quantity > 0 ? -ask.price : kNothing, ask},
  };
  for (OpenOrder* o : resting_) {
    const size_t side = static_cast<size_t>(o->side);
    const SideKeys& k = keys[side - 1];
    const feed::Price key = kBetterDirection[side] * o->price;
    // The opposite touch at or through the order's price fills all that remains.
    if (key >= k.cross_from) {
      Fill(*o, o->price, o->remaining, /*maker=*/true, ts_ns, out);
      continue;
    }
    // queue_ahead drops to its level's size where the level changed. It never
    // exceeds that size (set from it on arrival, lowered to it at every change the
    // book records, and only lowered otherwise), so taking the minimum where the
    // level did not change changes nothing. At or better than its own touch the size
    // is known without a lookup (the touch's own, or 0: nothing is better than the
    // touch), so those orders take the minimum unconditionally, with no branch. An
    // order behind the touch looks its level up only where the book says it may have
    // changed, and the market seldom changes those.
    const feed::Quantity queue = o->queue_ahead;
    const bool behind = key < k.behind_below;
    if (OneBranch(behind & (queue > 0) & book.LevelMayHaveChanged(o->side, o->price))) {
      o->queue_ahead = std::min(queue, book.SizeAt(o->side, o->price));
      continue;
    }
    // Masks, not a select (which GCC makes a branch): behind, the touch's price is
    // not the order's, so at_touch is 0 and the bound is the queue itself.
    const feed::Quantity at_touch =
        k.touch.quantity & -static_cast<feed::Quantity>(k.touch.price == o->price);
    o->queue_ahead = std::min(queue, at_touch | (queue & -static_cast<feed::Quantity>(behind)));
  }
  RemoveDone();
}

extern template class SimulatedExchange<AllocationProfile::kNaive>;
extern template class SimulatedExchange<AllocationProfile::kPooled>;

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_EXCHANGE_SIM_H_
