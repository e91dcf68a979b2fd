// Pre-trade risk checks: per-order notional, worst-case position and order rate in
// data time. Checks run before an order leaves the engine; a rejected order is never
// sent and is counted by reason.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_ENGINE_RISK_H_
#define HFTBOT_ENGINE_RISK_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/order.h"
#include "engine/price_math.h"
#include "feed/event.h"

namespace hftbot::engine {

// Every limit is per symbol; 0 disables it.
struct RiskLimits {
  // |position + open same-side quantity + order quantity| may not exceed this.
  // Default 100 units.
  feed::Quantity max_position = 100 * feed::kFixedPointScale;
  // New orders (limit and market; cancels are always allowed, so a strategy can
  // always get out) per rolling second of data time. Default 100.
  uint32_t max_orders_per_second = 100;
  // price x quantity per order in quote-currency fixed point (market orders are
  // valued at the touch). Default 1,000,000.
  feed::Price max_notional = 1'000'000 * feed::kFixedPointScale;
};

class RiskChecker {
 public:
  // Preallocates the rate window (max_orders_per_second timestamps).
  explicit RiskChecker(const RiskLimits& limits);

  // REQUIRES: order is a limit or market order with positive quantity;
  // reference_price is the limit price or, for market orders, the touch it will
  // take; ts_ns non-decreasing across calls. open_buy/open_sell: remaining quantity
  // of non-terminal orders per side.
  [[nodiscard]] std::optional<RejectReason> Check(const Order& order, feed::Quantity position,
                                                  feed::Quantity open_buy, feed::Quantity open_sell,
                                                  feed::Price reference_price);

  // Counts an accepted order in the rate window.
  void RecordAccepted(int64_t ts_ns);

  const RiskLimits& limits() const { return limits_; }

 private:
  // Ring index + 1, wrapped without a division (the rate limit need not be a power of 2).
  void Advance(size_t& index) const {
    if (++index == window_.size()) index = 0;
  }

  RiskLimits limits_;
  // price x quantity (1e-16 units) from which an order is over max_notional: the
  // check multiplies instead of dividing per order.
  Int128 notional_reject_from_ = 0;
  std::vector<int64_t> window_;  // ring of accepted order times, capacity = rate limit
  size_t head_ = 0;              // oldest entry
  size_t size_ = 0;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_RISK_H_
