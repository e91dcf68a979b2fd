// Price maths of the engine and strategies over feed's 1e-8 fixed point: a 128-bit
// integer for exact products of two 1e-8 values, notional, and double conversions at
// the edges (configuration and strategy signal maths use double; the book and PnL
// never do). Decimal text is feed/fixed_point.h's job.
//
// Thread safety: pure functions.

#ifndef HFTBOT_ENGINE_PRICE_MATH_H_
#define HFTBOT_ENGINE_PRICE_MATH_H_

#include <cmath>
#include <cstdint>

#include "feed/event.h"

namespace hftbot::engine {

// __extension__ keeps -Wpedantic quiet about the GCC/Clang builtin type.
__extension__ typedef __int128 Int128;

// numerator / denominator truncated toward zero, exactly as Int128 division, but
// with the 64-bit instruction when both fit (nearly always): a 128-bit division is a
// call to __divti3 of some 60 instructions, even by a constant.
// REQUIRES: denominator != 0.
inline Int128 Divide(Int128 numerator, Int128 denominator) {
  const bool narrow = numerator == static_cast<int64_t>(numerator) &&
                      denominator == static_cast<int64_t>(denominator) && denominator != -1;
  if (narrow) return static_cast<int64_t>(numerator) / static_cast<int64_t>(denominator);
  return numerator / denominator;
}

// price x quantity in quote-currency fixed point (1e-8), truncated toward zero.
inline Int128 Notional(feed::Price price, feed::Quantity quantity) {
  return Divide(static_cast<Int128>(price) * quantity, feed::kFixedPointScale);
}

// Rounds a decimal value to the nearest 1e-8 unit.
inline int64_t ToFixed(double value) {
  return static_cast<int64_t>(std::llround(value * static_cast<double>(feed::kFixedPointScale)));
}

inline double ToDouble(int64_t fixed) {
  return static_cast<double>(fixed) / static_cast<double>(feed::kFixedPointScale);
}

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_PRICE_MATH_H_
