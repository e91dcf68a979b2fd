// Exact conversion between decimal text and fixed-point int64 (1e-8 units).
//
// Prices and quantities never pass through double: "101.25" becomes 10'125'000'000
// exactly, and formatting gives back the shortest decimal that parses to the same
// value. Parsing returns an error code instead of throwing, because importers call it
// once per field on millions of lines; the caller turns a code into an InputError.
//
// Accepted syntax: [+|-] digits [. digits] or [+|-] . digits (at least one digit).
// No exponent, no whitespace, no thousands separators. More than 8 decimals are
// accepted only when the extra digits are zeros (the value is still exact).
//
// Thread-safety: pure functions; safe from any thread.

#ifndef HFTBOT_FEED_FIXED_POINT_H_
#define HFTBOT_FEED_FIXED_POINT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "feed/event.h"

namespace hftbot::feed {

enum class DecimalError : uint8_t {
  kOk = 0,
  kEmpty,            // ""
  kNonNumeric,       // anything that is not a plain decimal: "1e5", "12a", " 1", "."
  kNonFinite,        // "nan", "inf", "-infinity" (any case)
  kTooManyDecimals,  // a non-zero digit beyond the 8th decimal
  kOverflow,         // outside int64 once scaled by 1e8 (about ±92'233'720'368)
};

// The number of decimals kFixedPointScale represents.
inline constexpr int kFixedPointDecimals = 8;

// Largest text FormatFixedPoint can produce ("-92233720368.54775808"), plus slack.
inline constexpr int kMaxFixedPointChars = 24;

// Parses `text` into `out` (in units of 1/kFixedPointScale). On error `out` is left
// unchanged.
[[nodiscard]] DecimalError ParseFixedPoint(std::string_view text, int64_t& out);

// The value of `text` when it is 1 to 19 ASCII digits (leading zeros allowed, no sign),
// which always fits uint64; false for anything else, leaving `out` unchanged. Eight
// digits a step: the importers read a 19-digit timestamp on every line.
[[nodiscard]] bool ParseDigits(std::string_view text, uint64_t& out);

// Writes the shortest exact decimal for `value` ("101.25", "-0.00000001", "7") into
// `buffer`, which must hold kMaxFixedPointChars chars, and returns one past the end.
char* FormatFixedPoint(int64_t value, char* buffer);
std::string FormatFixedPoint(int64_t value);

// A stable snake_case key ("non_numeric", "non_finite", "too_many_decimals",
// "overflow", "empty_field"; "ok") used for rejection counts and error messages.
std::string_view DecimalErrorKey(DecimalError error);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_FIXED_POINT_H_
