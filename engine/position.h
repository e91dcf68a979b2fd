// Position and PnL for one symbol, in exact fixed point.
//
// Average-cost accounting: the open position carries its cost; a fill that reduces
// the position realizes (fill price - average cost) on the closed quantity; a fill
// that flips it closes the old position and opens the rest at the fill price.
// Internally cash and cost are kept in int128 at 1e-16 (price x quantity), so the
// arithmetic is exact; results are reported in the 1e-8 quote units of feed::Price
// (truncated toward zero). Fees are charged per fill as parts per million of the
// notional (negative = rebate) and deducted from realized PnL.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_ENGINE_POSITION_H_
#define HFTBOT_ENGINE_POSITION_H_

#include <cstdint>

#include "engine/price_math.h"
#include "feed/event.h"

namespace hftbot::engine {

class PositionTracker {
 public:
  PositionTracker() = default;
  PositionTracker(int64_t maker_fee_ppm, int64_t taker_fee_ppm)
      : maker_fee_ppm_(maker_fee_ppm), taker_fee_ppm_(taker_fee_ppm) {}

  // REQUIRES: side is kBid (buy) or kAsk (sell), price > 0, quantity > 0.
  void OnFill(feed::Side side, feed::Price price, feed::Quantity quantity, bool maker);

  // Signed: positive long, negative short.
  feed::Quantity position() const { return position_; }
  // Average cost of the open position; 0 when flat.
  feed::Price average_price() const;
  // Realized PnL after fees.
  feed::Price realized_pnl() const;
  // Open position marked at `mark` minus its cost; 0 when flat or mark is 0.
  feed::Price unrealized_pnl(feed::Price mark) const;
  feed::Price fees() const;

 private:
  int64_t maker_fee_ppm_ = 0;
  int64_t taker_fee_ppm_ = 0;
  feed::Quantity position_ = 0;
  Int128 cost_ = 0;      // signed cost of the open position, 1e-16 units
  Int128 realized_ = 0;  // before fees, 1e-16 units
  Int128 fees_ = 0;      // 1e-16 units
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_POSITION_H_
