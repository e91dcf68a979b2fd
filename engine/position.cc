#include "engine/position.h"

#include <algorithm>

namespace hftbot::engine {

namespace {
inline Int128 Abs(Int128 v) { return v < 0 ? -v : v; }
inline feed::Price FromWide(Int128 v) {
  return static_cast<feed::Price>(v / feed::kFixedPointScale);
}
}  // namespace

void PositionTracker::OnFill(feed::Side side, feed::Price price, feed::Quantity quantity,
                             bool maker) {
  const Int128 notional = static_cast<Int128>(price) * quantity;
  // Fee-free venues (the default) skip the multiply and the division: adding 0.
  if (const int64_t ppm = maker ? maker_fee_ppm_ : taker_fee_ppm_; ppm != 0) {
    fees_ += Divide(notional * ppm, 1'000'000);
  }

  const feed::Quantity signed_qty = side == feed::Side::kBid ? quantity : -quantity;
  feed::Quantity rest = signed_qty;
  if (position_ != 0 && (position_ > 0) != (signed_qty > 0)) {
    // Reducing: close min(|fill|, |position|) at average cost.
    const feed::Quantity closing =
        std::min<feed::Quantity>(quantity, position_ > 0 ? position_ : -position_);
    const Int128 removed_cost = Divide(cost_ * closing, Abs(position_));
    const feed::Quantity closing_signed = signed_qty > 0 ? closing : -closing;
    realized_ += -static_cast<Int128>(price) * closing_signed - removed_cost;
    cost_ -= removed_cost;
    position_ += closing_signed;
    rest -= closing_signed;
    if (position_ == 0) cost_ = 0;
  }
  if (rest != 0) {
    cost_ += static_cast<Int128>(price) * rest;
    position_ += rest;
  }
}

feed::Price PositionTracker::average_price() const {
  if (position_ == 0) return 0;
  return static_cast<feed::Price>(Abs(cost_) / Abs(position_));
}

feed::Price PositionTracker::realized_pnl() const { return FromWide(realized_ - fees_); }

feed::Price PositionTracker::unrealized_pnl(feed::Price mark) const {
  if (position_ == 0 || mark <= 0) return 0;
  return FromWide(static_cast<Int128>(mark) * position_ - cost_);
}

feed::Price PositionTracker::fees() const { return FromWide(fees_); }

}  // namespace hftbot::engine
