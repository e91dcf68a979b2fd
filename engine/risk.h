// Pre-trade risk checks: per-order notional, worst-case position and order rate in
// data time. Checks run before an order leaves the engine; a rejected order is never
// sent and is counted by reason.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_ENGINE_RISK_H_
#define HFTBOT_ENGINE_RISK_H_

#include <cstdint>
#include <memory_resource>
#include <optional>
#include <vector>

#include "engine/one_branch.h"
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
  // Preallocates the rate window (max_orders_per_second timestamps) from `resource`,
  // which must outlive the checker; nothing allocates after that.
  explicit RiskChecker(const RiskLimits& limits,
                       std::pmr::memory_resource* resource = std::pmr::get_default_resource());

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
  static constexpr int64_t kRiskWindowNs = 1'000'000'000;  // the rate limit's second

  // Ring index + 1, wrapped without a division (the rate limit need not be a power of 2).
  void Advance(size_t& index) const {
    if (++index == window_.size()) index = 0;
  }

  RiskLimits limits_;
  // price x quantity (1e-16 units) from which an order is over max_notional: the
  // check multiplies instead of dividing per order.
  Int128 notional_reject_from_ = 0;
  std::pmr::vector<int64_t> window_;  // ring of accepted order times, capacity = rate limit
  size_t head_ = 0;              // oldest entry
  size_t size_ = 0;
};

// Inline: the engine's send path runs both per order.
inline std::optional<RejectReason> RiskChecker::Check(const Order& order,
                                                      feed::Quantity position,
                                                      feed::Quantity open_buy,
                                                      feed::Quantity open_sell,
                                                      feed::Price reference_price) {
  if (limits_.max_notional > 0) {
    const Int128 product = static_cast<Int128>(reference_price) * order.quantity;
    if (product >= notional_reject_from_) return RejectReason::kMaxNotional;
  }
  if (limits_.max_position > 0) {
    // In 64 bits, branch-free on the side: a sum that overflows int64 is beyond any
    // limit, so it rejects exactly as the 128-bit sum would.
    const bool buy = order.side == feed::Side::kBid;
    const feed::Quantity open_same_side[2] = {open_sell, open_buy};  // by buy
    feed::Quantity exposure;
    feed::Quantity long_worst;
    feed::Quantity short_worst;
    const bool exposure_overflow =
        __builtin_add_overflow(open_same_side[buy], order.quantity, &exposure);
    const bool long_overflow = __builtin_add_overflow(position, exposure, &long_worst);
    const bool short_overflow = __builtin_sub_overflow(position, exposure, &short_worst);
    // Arrays by buy, not selects (GCC branches on those, and the side flips).
    const feed::Quantity worst_by_side[2] = {short_worst, long_worst};
    const bool overflow_by_side[2] = {short_overflow, long_overflow};
    const feed::Quantity worst = worst_by_side[buy];
    const bool overflow = exposure_overflow | overflow_by_side[buy];
    if (OneBranch(overflow | (worst > limits_.max_position) | (worst < -limits_.max_position))) {
      return RejectReason::kMaxPosition;
    }
  }
  // Only a full window can reject, and forgetting old orders only empties it, so
  // they are forgotten then, not on every order.
  if (limits_.max_orders_per_second > 0 && size_ == window_.size()) {
    while (size_ > 0 && window_[head_] <= order.data_ts_ns - kRiskWindowNs) {
      Advance(head_);
      --size_;
    }
    if (size_ == window_.size()) return RejectReason::kMaxOrderRate;
  }
  return std::nullopt;
}

inline void RiskChecker::RecordAccepted(int64_t ts_ns) {
  if (window_.empty()) return;
  if (size_ == window_.size()) {  // only reachable if Check was skipped
    Advance(head_);
    --size_;
  }
  size_t tail = head_ + size_;
  if (tail >= window_.size()) tail -= window_.size();
  window_[tail] = ts_ns;
  ++size_;
}

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_RISK_H_
