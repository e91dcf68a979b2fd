#include "feed/fixed_point.h"

#include <array>
#include <bit>
#include <charconv>
#include <cstring>

namespace hftbot::feed {
namespace {

constexpr std::array<uint64_t, kFixedPointDecimals + 1> kPow10 = {
    1, 10, 100, 1'000, 10'000, 100'000, 1'000'000, 10'000'000, 100'000'000};
static_assert(kPow10[kFixedPointDecimals] == static_cast<uint64_t>(kFixedPointScale));
static_assert(kFixedPointDecimals == 8, "EightDigits parses exactly the decimals kept");
static_assert(std::endian::native == std::endian::little, "EightDigits reads digits little-endian");

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

uint64_t LoadEight(const char* p) {
  uint64_t chunk;
  std::memcpy(&chunk, p, 8);
  return chunk;
}

// True when the 8 bytes of `chunk` are ASCII digits (little-endian SWAR, as fast_float
// does).
bool AllEightDigits(uint64_t chunk) {
  return (((chunk & 0xF0F0F0F0F0F0F0F0) |
           (((chunk + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
          0x3333333333333333);
}
bool AllEightDigits(const char* p) { return AllEightDigits(LoadEight(p)); }

// The value of the 8 ASCII digits in `chunk`, the first in memory the most significant.
// REQUIRES: AllEightDigits(chunk).
uint64_t EightDigits(uint64_t chunk) {
  chunk -= 0x3030303030303030;
  chunk = (chunk * 10) + (chunk >> 8);  // pairs of digits
  return (((chunk & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
          (((chunk >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
         32;
}
uint64_t EightDigits(const char* p) { return EightDigits(LoadEight(p)); }

// The shape Binance writes every price and quantity in: 1-8 integer digits, a point and
// exactly eight decimals ("61837.63000000"), read in two SWAR steps. False for any other
// text (a sign, more integer digits, other decimals), which the general parser reads;
// for this shape both give the same value, and it cannot overflow (below 1e16).
bool ParseUsualShape(std::string_view text, int64_t& out) {
  constexpr size_t kPointAndDecimals = 1 + kFixedPointDecimals;
  const size_t size = text.size();
  if (size < kPointAndDecimals + 1 || size > kPointAndDecimals + 8) return false;
  const size_t integer_digits = size - kPointAndDecimals;
  const char* p = text.data();
  if (p[integer_digits] != '.' || !AllEightDigits(p + integer_digits + 1)) return false;
  // The integer digits moved to the end of eight bytes (the text is at least ten long),
  // the bytes before them filled with '0'.
  const unsigned fill_bits = 8 * static_cast<unsigned>(8 - integer_digits);
  const uint64_t integer =
      (LoadEight(p) << fill_bits) | (0x3030303030303030 & ((uint64_t{1} << fill_bits) - 1));
  if (!AllEightDigits(integer)) return false;
  out = static_cast<int64_t>(EightDigits(integer) * static_cast<uint64_t>(kFixedPointScale) +
                             EightDigits(p + integer_digits + 1));
  return true;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Only reached on the error path, so the extra scan costs nothing on good input.
bool IsNonFiniteWord(std::string_view body) {
  return EqualsIgnoreCase(body, "nan") || EqualsIgnoreCase(body, "inf") ||
         EqualsIgnoreCase(body, "infinity");
}

}  // namespace

DecimalError ParseFixedPoint(std::string_view text, int64_t& out) {
  if (ParseUsualShape(text, out)) return DecimalError::kOk;
  if (text.empty()) return DecimalError::kEmpty;
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    ++p;
  }
  const std::string_view body(p, static_cast<size_t>(end - p));

  // Accumulate the magnitude in uint64 so that INT64_MIN (one larger than INT64_MAX)
  // still parses; the sign is applied at the end.
  uint64_t integer = 0;
  int digits = 0;
  // Up to 18 digits cannot overflow uint64; check only beyond them.
  while (p < end && digits < 18 && IsDigit(*p)) {
    integer = integer * 10 + static_cast<uint64_t>(*p - '0');
    ++p;
    ++digits;
  }
  while (p < end && IsDigit(*p)) {
    if (__builtin_mul_overflow(integer, uint64_t{10}, &integer) ||
        __builtin_add_overflow(integer, static_cast<uint64_t>(*p - '0'), &integer)) {
      return DecimalError::kOverflow;
    }
    ++p;
    ++digits;
  }
  uint64_t fraction = 0;
  int decimals = 0;
  if (p < end && *p == '.') {
    ++p;
    // Eight decimals at once when all are digits (Binance writes every price and
    // quantity so): the importers' hottest field.
    if (end - p >= kFixedPointDecimals && AllEightDigits(p)) {
      fraction = EightDigits(p);
      decimals = kFixedPointDecimals;
      digits += kFixedPointDecimals;
      p += kFixedPointDecimals;
    }
    while (p < end && IsDigit(*p)) {
      if (decimals < kFixedPointDecimals) {
        fraction = fraction * 10 + static_cast<uint64_t>(*p - '0');
        ++decimals;
      } else if (*p != '0') {
        // Keep scanning so "1.000000001x" reports non-numeric rather than precision.
        const char* q = p;
        while (q < end && IsDigit(*q)) ++q;
        if (q != end) return DecimalError::kNonNumeric;
        return DecimalError::kTooManyDecimals;
      }
      ++p;
      ++digits;
    }
  }
  if (p != end || digits == 0) {
    return IsNonFiniteWord(body) ? DecimalError::kNonFinite : DecimalError::kNonNumeric;
  }

  uint64_t magnitude = 0;
  if (__builtin_mul_overflow(integer, static_cast<uint64_t>(kFixedPointScale), &magnitude) ||
      __builtin_add_overflow(magnitude, fraction * kPow10[kFixedPointDecimals - decimals],
                             &magnitude)) {
    return DecimalError::kOverflow;
  }
  constexpr uint64_t kMaxPositive = static_cast<uint64_t>(INT64_MAX);
  if (negative) {
    if (magnitude > kMaxPositive + 1) return DecimalError::kOverflow;
    // Two's complement negation in unsigned arithmetic; exact for INT64_MIN too.
    out = static_cast<int64_t>(~magnitude + 1);
  } else {
    if (magnitude > kMaxPositive) return DecimalError::kOverflow;
    out = static_cast<int64_t>(magnitude);
  }
  return DecimalError::kOk;
}

bool ParseDigits(std::string_view text, uint64_t& out) {
  constexpr size_t kMaxDigits = 19;  // 10^19 - 1 < 2^64
  if (text.empty() || text.size() > kMaxDigits) return false;
  const char* p = text.data();
  const char* const end = p + text.size();
  uint64_t value = 0;
  for (; end - p >= 8; p += 8) {
    const uint64_t chunk = LoadEight(p);
    if (!AllEightDigits(chunk)) return false;
    value = value * 100'000'000 + EightDigits(chunk);
  }
  for (; p < end; ++p) {
    if (!IsDigit(*p)) return false;
    value = value * 10 + static_cast<uint64_t>(*p - '0');
  }
  out = value;
  return true;
}

char* FormatFixedPoint(int64_t value, char* buffer) {
  char* p = buffer;
  uint64_t magnitude = static_cast<uint64_t>(value);
  if (value < 0) {
    *p++ = '-';
    magnitude = ~magnitude + 1;
  }
  const uint64_t scale = static_cast<uint64_t>(kFixedPointScale);
  // The gateway formats two of these per order: to_chars for the integer part, and
  // the fraction in one fixed-width pass trimmed afterwards (no pass to count zeros).
  p = std::to_chars(p, buffer + kMaxFixedPointChars, magnitude / scale).ptr;
  uint64_t fraction = magnitude % scale;
  if (fraction != 0) {
    *p++ = '.';
    for (int i = kFixedPointDecimals - 1; i >= 0; --i) {
      p[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    p += kFixedPointDecimals;
    while (p[-1] == '0') --p;  // shortest: the fraction is not zero, so this stops at a digit
  }
  return p;
}

std::string FormatFixedPoint(int64_t value) {
  char buffer[kMaxFixedPointChars];
  return std::string(buffer, FormatFixedPoint(value, buffer));
}

std::string_view DecimalErrorKey(DecimalError error) {
  switch (error) {
    case DecimalError::kOk:
      return "ok";
    case DecimalError::kEmpty:
      return "empty_field";
    case DecimalError::kNonNumeric:
      return "non_numeric";
    case DecimalError::kNonFinite:
      return "non_finite";
    case DecimalError::kTooManyDecimals:
      return "too_many_decimals";
    case DecimalError::kOverflow:
      return "overflow";
  }
  return "unknown";
}

}  // namespace hftbot::feed
