// The Strategy interface the engine calls, and the StrategyContext through which a
// strategy acts. Implementations live in //strategies; the engine owns each instance.
//
// A strategy instance sees exactly one symbol. Call sequence per market event:
// execution reports that became due (OnAck/OnFill/OnCancelled/OnReject, in data-time
// order), then OnEvent. Orders sent from any callback are risk-checked at once and
// leave at the current data time.
//
// Not thread-safe: a strategy and its context are used only by the engine thread
// that owns the SymbolEngine.

#ifndef HFTBOT_ENGINE_STRATEGY_H_
#define HFTBOT_ENGINE_STRATEGY_H_

#include <cstdint>
#include <memory_resource>
#include <span>
#include <string_view>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/position.h"
#include "feed/event.h"

namespace hftbot::engine {

// The outcome of a send: accepted (the order left for the exchange) or rejected
// before leaving, with the reason.
struct [[nodiscard]] SendResult {
  uint64_t client_order_id = 0;
  bool accepted = false;
  RejectReason reason = RejectReason::kInvalidOrder;  // meaningful when !accepted
  bool ok() const { return accepted; }
};

// Sends are virtual (one call per order); the reads are plain inline loads from the
// engine's own state, because strategies make them on every event.
class StrategyContext {
 public:
  virtual ~StrategyContext() = default;

  // REQUIRES for all sends: side kBid (buy) or kAsk (sell), quantity > 0.
  [[nodiscard]] virtual SendResult SendLimit(feed::Side side, feed::Price price,
                                             feed::Quantity quantity) = 0;
  [[nodiscard]] virtual SendResult SendMarket(feed::Side side, feed::Quantity quantity) = 0;
  // Rejected locally (unknown_order) when the target is not open, and
  // (invalid_order) when a cancel for it is already in flight.
  [[nodiscard]] virtual SendResult Cancel(uint64_t client_order_id) = 0;

  feed::Quantity position() const { return position_->position(); }
  feed::Price average_price() const { return position_->average_price(); }
  feed::Price realized_pnl() const { return position_->realized_pnl(); }
  // Non-terminal orders (in flight or resting), in send order. Valid until the
  // next SendLimit/SendMarket (which appends) or the end of the callback; Cancel
  // only flags the target, so cancelling while iterating is fine.
  std::span<const OpenOrder* const> open_orders() const {
    return {open_orders_->data(), open_orders_->size()};
  }
  // Remaining quantity of the open orders on one side: 0 exactly when none is open
  // there (an open order always has some left).
  feed::Quantity open_quantity(feed::Side side) const {
    return open_quantity_[static_cast<size_t>(side)];
  }
  const BookView& book() const { return *book_; }
  // Data time of the event being processed.
  int64_t now_ns() const { return now_ns_; }

 protected:
  StrategyContext() = default;
  // The engine's own book, position, open-order list and open quantities (by
  // feed::Side), which outlive the context.
  // REQUIRES: called before the strategy gets the context.
  void Bind(const BookView& book, const PositionTracker& position,
            const std::pmr::vector<OpenOrder*>& open_orders,
            const feed::Quantity (&open_quantity)[3]) {
    book_ = &book;
    position_ = &position;
    open_orders_ = &open_orders;
    open_quantity_ = open_quantity;
  }

  int64_t now_ns_ = 0;  // advanced by the engine

 private:
  const BookView* book_ = nullptr;
  const PositionTracker* position_ = nullptr;
  const std::pmr::vector<OpenOrder*>* open_orders_ = nullptr;
  const feed::Quantity* open_quantity_ = nullptr;
};

struct StrategyStart {
  feed::SymbolId symbol = 0;
  std::string_view symbol_name;
  // Strategies honour it too: kPooled strategies preallocate their windows here
  // and allocate nothing per event.
  AllocationProfile profile = AllocationProfile::kNaive;
  // The strategy component's memory: every container a strategy keeps allocates
  // from it (engine/reset_with_resource.h moves a member there). Never null;
  // outlives the strategy.
  std::pmr::memory_resource* resource = std::pmr::get_default_resource();
};

class Strategy {
 public:
  virtual ~Strategy() = default;

  virtual std::string_view name() const = 0;
  // Called once by the SymbolEngine constructor, before any event.
  virtual void OnStart(const StrategyStart& start) { (void)start; }
  // Called for every market event the book accepted, after it was applied.
  virtual void OnEvent(const feed::Event& event, const BookView& book, StrategyContext& ctx) = 0;
  virtual void OnAck(const ExecutionReport& report, StrategyContext& ctx) {
    (void)report;
    (void)ctx;
  }
  virtual void OnFill(const ExecutionReport& report, StrategyContext& ctx) {
    (void)report;
    (void)ctx;
  }
  virtual void OnCancelled(const ExecutionReport& report, StrategyContext& ctx) {
    (void)report;
    (void)ctx;
  }
  // Exchange rejects only; risk rejects come back synchronously in SendResult.
  virtual void OnReject(const ExecutionReport& report, StrategyContext& ctx) {
    (void)report;
    (void)ctx;
  }
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_STRATEGY_H_
