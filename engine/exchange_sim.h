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
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_ENGINE_EXCHANGE_SIM_H_
#define HFTBOT_ENGINE_EXCHANGE_SIM_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "feed/event.h"

namespace hftbot::engine {

struct ExchangeOptions {
  AllocationProfile profile = AllocationProfile::kNaive;
  int64_t order_latency_ns = 0;
  // Non-terminal orders (in flight or resting) at once; the pooled profile
  // preallocates this many. Default 256.
  size_t max_open_orders = 256;
};

class SimulatedExchange {
 public:
  explicit SimulatedExchange(const ExchangeOptions& options);
  SimulatedExchange(const SimulatedExchange&) = delete;
  SimulatedExchange& operator=(const SimulatedExchange&) = delete;

  // Sends a limit, market or cancel order; it arrives at data_ts_ns + latency.
  // Returns false, and changes nothing, when a new order finds no capacity or a
  // cancel's target is not open or already has a cancel in flight.
  // REQUIRES: data_ts_ns non-decreasing across calls.
  [[nodiscard]] bool Submit(const Order& order);

  // Lets every message that arrives at or before now_ns reach the book (as it stands
  // before the event stamped now_ns is applied). Appends reports to *out.
  void ProcessArrivals(int64_t now_ns, const BookView& book, std::vector<ExecutionReport>* out);

  // Reacts to a market event the book has just applied: trade fills, crossing
  // fills, queue shrinkage. Appends reports to *out.
  void OnMarketEvent(const feed::Event& event, const BookView& book,
                     std::vector<ExecutionReport>* out);

  // Non-terminal orders in the order they were sent.
  std::span<const OpenOrder* const> open_orders() const { return {open_.data(), open_.size()}; }
  // nullptr when the order is not open.
  const OpenOrder* Find(uint64_t client_order_id) const;
  // Remaining quantity of open orders on one side.
  feed::Quantity open_quantity(feed::Side side) const;
  bool has_capacity() const { return open_.size() < options_.max_open_orders; }
  size_t in_flight() const;

 private:
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
  void Arrive(OpenOrder& order, int64_t ts_ns, const BookView& book,
              std::vector<ExecutionReport>* out);
  void Fill(OpenOrder& order, feed::Price price, feed::Quantity quantity, bool maker, int64_t ts_ns,
            std::vector<ExecutionReport>* out);
  void RemoveDone();

  ExchangeOptions options_;
  std::vector<OpenOrder*> open_;  // send order; pooled: reserved to max_open_orders

  // kPooled storage: a fixed pool, its free list and a ring of in-flight messages.
  std::vector<OpenOrder> pool_;
  std::vector<OpenOrder*> free_;
  std::vector<InFlight> ring_;
  size_t ring_head_ = 0;
  size_t ring_size_ = 0;

  // kNaive storage: heap orders owned by shared_ptr, looked up by string id.
  std::map<std::string, std::shared_ptr<OpenOrder>> by_id_;
  std::deque<InFlight> queue_;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_EXCHANGE_SIM_H_
