#include "engine/risk.h"

namespace hftbot::engine {

namespace {
constexpr int64_t kOneSecondNs = 1'000'000'000;
}  // namespace

// Notional is price x quantity / scale truncated toward zero, and max_notional > 0,
// so notional > max_notional exactly when price x quantity >= (max_notional + 1) x scale.
RiskChecker::RiskChecker(const RiskLimits& limits)
    : limits_(limits),
      notional_reject_from_((static_cast<Int128>(limits.max_notional) + 1) *
                            feed::kFixedPointScale),
      window_(limits.max_orders_per_second, 0) {}

std::optional<RejectReason> RiskChecker::Check(const Order& order, feed::Quantity position,
                                               feed::Quantity open_buy, feed::Quantity open_sell,
                                               feed::Price reference_price) {
  if (limits_.max_notional > 0) {
    const Int128 product = static_cast<Int128>(reference_price) * order.quantity;
    if (product >= notional_reject_from_) return RejectReason::kMaxNotional;
  }
  if (limits_.max_position > 0) {
    const bool buy = order.side == feed::Side::kBid;
    const Int128 worst = buy ? static_cast<Int128>(position) + open_buy + order.quantity
                             : static_cast<Int128>(position) - open_sell - order.quantity;
    if (worst > limits_.max_position || worst < -static_cast<Int128>(limits_.max_position)) {
      return RejectReason::kMaxPosition;
    }
  }
  if (limits_.max_orders_per_second > 0) {
    // Forget orders older than one second of data time.
    while (size_ > 0 && window_[head_] <= order.data_ts_ns - kOneSecondNs) {
      Advance(head_);
      --size_;
    }
    if (size_ >= window_.size()) return RejectReason::kMaxOrderRate;
  }
  return std::nullopt;
}

void RiskChecker::RecordAccepted(int64_t ts_ns) {
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
