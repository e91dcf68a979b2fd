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

// True when the 8 bytes at p are ASCII digits (little-endian SWAR, as fast_float does).
bool AllEightDigits(const char* p) {
  const uint64_t chunk = LoadEight(p);
  return (((chunk & 0xF0F0F0F0F0F0F0F0) |
           (((chunk + 0x0606060606060606) & 0xF0F0F0F0F0F0F0F0) >> 4)) ==
          0x3333333333333333);
}

// The value of 8 ASCII digits at p. REQUIRES: AllEightDigits(p).
uint64_t EightDigits(const char* p) {
  uint64_t chunk = LoadEight(p) - 0x3030303030303030;
  chunk = (chunk * 10) + (chunk >> 8);  // pairs of digits
  return (((chunk & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
          (((chunk >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
         32;
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
