#include "engine/risk.h"

#include "engine/one_branch.h"

namespace hftbot::engine {

namespace {
constexpr int64_t kOneSecondNs = 1'000'000'000;
}  // namespace

// Notional is price x quantity / scale truncated toward zero, and max_notional > 0,
// so notional > max_notional exactly when price x quantity >= (max_notional + 1) x scale.
RiskChecker::RiskChecker(const RiskLimits& limits, std::pmr::memory_resource* resource)
    : limits_(limits),
      notional_reject_from_((static_cast<Int128>(limits.max_notional) + 1) *
                            feed::kFixedPointScale),
      window_(limits.max_orders_per_second, 0, resource) {}

std::optional<RejectReason> RiskChecker::Check(const Order& order, feed::Quantity position,
                                               feed::Quantity open_buy, feed::Quantity open_sell,
                                               feed::Price reference_price) {
  if (limits_.max_notional > 0) {
    const Int128 product = static_cast<Int128>(reference_price) * order.quantity;
    if (product >= notional_reject_from_) return RejectReason::kMaxNotional;
  }
  if (limits_.max_position > 0) {
    // In 64 bits, branch-free on the side: a sum that overflows int64 is beyond any
    // limit, so it rejects exactly as the 128-bit sum would.
    const bool buy = order.side == feed::Side::kBid;
    feed::Quantity exposure;
    feed::Quantity long_worst;
    feed::Quantity short_worst;
    const bool exposure_overflow =
        __builtin_add_overflow(buy ? open_buy : open_sell, order.quantity, &exposure);
    const bool long_overflow = __builtin_add_overflow(position, exposure, &long_worst);
    const bool short_overflow = __builtin_sub_overflow(position, exposure, &short_worst);
    const feed::Quantity worst = buy ? long_worst : short_worst;
    const bool overflow = exposure_overflow | (buy ? long_overflow : short_overflow);
    if (OneBranch(overflow | (worst > limits_.max_position) | (worst < -limits_.max_position))) {
      return RejectReason::kMaxPosition;
    }
  }
  // Only a full window can reject, and forgetting old orders only empties it, so
  // they are forgotten then, not on every order.
  if (limits_.max_orders_per_second > 0 && size_ == window_.size()) {
    while (size_ > 0 && window_[head_] <= order.data_ts_ns - kOneSecondNs) {
      Advance(head_);
      --size_;
    }
    if (size_ == window_.size()) return RejectReason::kMaxOrderRate;
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
