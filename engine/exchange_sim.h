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
#include <map>
#include <memory>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/allocation_profile.h"
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
  // fills, queue shrinkage. Appends reports to *out.
  template <class Book>
  [[gnu::always_inline]] void OnMarketEvent(const feed::Event& event, const Book& book, ReportList* out);

  // Non-terminal orders in the order they were sent.
  std::span<const OpenOrder* const> open_orders() const { return {open_.data(), open_.size()}; }
  const std::pmr::vector<OpenOrder*>& open_order_list() const { return open_; }
  // nullptr when the order is not open.
  const OpenOrder* Find(uint64_t client_order_id) const { return FindMutable(client_order_id); }
  // Remaining quantity of open orders on one side, kept as orders fill and end.
  feed::Quantity open_quantity(feed::Side side) const {
    return open_quantity_[static_cast<size_t>(side)];
  }
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

  // REQUIRES: has_capacity().
  OpenOrder* Acquire(uint64_t client_order_id);
  void Release(OpenOrder* order);
  OpenOrder* FindMutable(uint64_t client_order_id) const;
  void PushInFlight(const InFlight& message);
  bool PopInFlightDue(int64_t now_ns, InFlight* message);
  template <class Book>
  void Arrive(OpenOrder& order, int64_t ts_ns, const Book& book, ReportList* out);
  void Fill(OpenOrder& order, feed::Price price, feed::Quantity quantity, bool maker, int64_t ts_ns,
            ReportList* out);
  // Marks an order terminal; its remaining quantity leaves open_quantity.
  void End(OpenOrder& order) {
    open_quantity_[static_cast<size_t>(order.side)] -= order.remaining;
    order.done = true;
  }
  void RemoveDone();
  std::pmr::memory_resource* resource() const { return open_.get_allocator().resource(); }

  ExchangeOptions options_;
  feed::Quantity open_quantity_[3] = {};  // by feed::Side
  std::pmr::vector<OpenOrder*> open_;  // send order; pooled: reserved to max_open_orders

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

template <AllocationProfile kProfile>
template <class Book>
void SimulatedExchange<kProfile>::Arrive(OpenOrder& o, int64_t ts, const Book& book,
                                         ReportList* out) {
  const bool buy = o.side == feed::Side::kBid;
  const Level touch = buy ? book.best_ask() : book.best_bid();
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
    ExecutionReport r = MakeReport(ReportKind::kCancelled, *target, m.arrival_ns);
    r.quantity = target->remaining;
    r.remaining = 0;
    r.by_request = true;
    End(*target);
    target->remaining = 0;
    out->push_back(r);
  }
  if (any) RemoveDone();
}

template <AllocationProfile kProfile>
template <class Book>
inline void SimulatedExchange<kProfile>::OnMarketEvent(const feed::Event& e, const Book& book,
                                                ReportList* out) {
  bool any = false;
  if (e.kind == feed::EventKind::kTrade) {
    // Our own fills at the print price so far, per side: later orders at that price
    // only get the volume left after earlier ones (FIFO among our orders).
    feed::Quantity own_filled_bid = 0;
    feed::Quantity own_filled_ask = 0;
    for (OpenOrder* o : open_) {
      if (o->done || !o->resting) continue;
      const bool buy = o->side == feed::Side::kBid;
      // A seller-initiated print hits bids; a buyer-initiated one lifts asks. Most
      // prints miss most orders: one bitwise test, so one branch to mispredict.
      const bool hits = e.side != (buy ? feed::Side::kBid : feed::Side::kAsk);
      const bool through = buy ? e.price < o->price : e.price > o->price;
      if (!(hits & (through | (e.price == o->price)))) continue;
      if (through) {
        Fill(*o, o->price, o->remaining, /*maker=*/true, e.ts_ns, out);
        any = true;
        continue;
      }
      feed::Quantity& own_filled = buy ? own_filled_bid : own_filled_ask;
      const feed::Quantity available = e.quantity - o->queue_ahead - own_filled;
      o->queue_ahead = std::max<feed::Quantity>(0, o->queue_ahead - e.quantity);
      if (available <= 0) continue;
      const feed::Quantity q = std::min(available, o->remaining);
      own_filled += q;
      Fill(*o, o->price, q, /*maker=*/true, e.ts_ns, out);
      any = true;
    }
  } else {
    const Level bid = book.best_bid();
    const Level ask = book.best_ask();
    for (OpenOrder* o : open_) {
      if (o->done || !o->resting) continue;
      const bool buy = o->side == feed::Side::kBid;
      // Both sides' answers, then a select: no branch on the order's side.
      const bool crossed_buy = (ask.quantity > 0) & (ask.price <= o->price);
      const bool crossed_sell = (bid.quantity > 0) & (bid.price >= o->price);
      const bool crossed = buy ? crossed_buy : crossed_sell;
      if (crossed) {
        Fill(*o, o->price, o->remaining, /*maker=*/true, e.ts_ns, out);
        any = true;
      } else if ((o->queue_ahead > 0) & book.LevelMayHaveChanged(o->side, o->price)) {
        // queue_ahead never exceeds its level's size (set from it on arrival, only
        // lowered since), so an unchanged level cannot lower it; sizes are never
        // negative, so 0 stays 0.
        o->queue_ahead = std::min(o->queue_ahead, book.SizeAt(o->side, o->price));
      }
    }
  }
  if (any) RemoveDone();
}

extern template class SimulatedExchange<AllocationProfile::kNaive>;
extern template class SimulatedExchange<AllocationProfile::kPooled>;

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_EXCHANGE_SIM_H_
