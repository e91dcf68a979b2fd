#include "feed/fixed_point.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace hftbot::feed {
namespace {

int64_t Parse(std::string_view text) {
  int64_t value = -12345;
  const DecimalError error = ParseFixedPoint(text, value);
  EXPECT_EQ(error, DecimalError::kOk) << text;
  return value;
}

DecimalError ParseError(std::string_view text) {
  int64_t value = 777;
  const DecimalError error = ParseFixedPoint(text, value);
  EXPECT_EQ(value, 777) << "output must stay unchanged on error: " << text;
  return error;
}

TEST(FixedPointTest, ParsesPlainDecimals) {
  EXPECT_EQ(Parse("0"), 0);
  EXPECT_EQ(Parse("1"), kFixedPointScale);
  EXPECT_EQ(Parse("101.25"), 10'125'000'000);
  EXPECT_EQ(Parse("-101.25"), -10'125'000'000);
  EXPECT_EQ(Parse("+3.5"), 350'000'000);
  EXPECT_EQ(Parse("0.00000001"), 1);
  EXPECT_EQ(Parse("-0.00000001"), -1);
  EXPECT_EQ(Parse("007.10"), 710'000'000);
  EXPECT_EQ(Parse("-0"), 0);
}

TEST(FixedPointTest, AcceptsBareLeadingOrTrailingPoint) {
  EXPECT_EQ(Parse(".5"), 50'000'000);
  EXPECT_EQ(Parse("5."), 500'000'000);
  EXPECT_EQ(Parse("-.25"), -25'000'000);
}

TEST(FixedPointTest, AcceptsExtraDecimalsOnlyWhenZero) {
  EXPECT_EQ(Parse("1.1234567800000"), 112'345'678);
  EXPECT_EQ(ParseError("1.123456789"), DecimalError::kTooManyDecimals);
  EXPECT_EQ(ParseError("0.000000001"), DecimalError::kTooManyDecimals);
}

TEST(FixedPointTest, ParsesTheInt64Extremes) {
  EXPECT_EQ(Parse("92233720368.54775807"), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Parse("-92233720368.54775808"), std::numeric_limits<int64_t>::min());
}

TEST(FixedPointTest, RejectsOverflow) {
  EXPECT_EQ(ParseError("92233720368.54775808"), DecimalError::kOverflow);
  EXPECT_EQ(ParseError("-92233720368.54775809"), DecimalError::kOverflow);
  EXPECT_EQ(ParseError("92233720369"), DecimalError::kOverflow);
  EXPECT_EQ(ParseError("999999999999999999999999999"), DecimalError::kOverflow);
}

TEST(FixedPointTest, RejectsNonFinite) {
  for (const char* text : {"nan", "NaN", "-nan", "inf", "+Inf", "-INF", "infinity", "Infinity"}) {
    EXPECT_EQ(ParseError(text), DecimalError::kNonFinite) << text;
  }
}

TEST(FixedPointTest, RejectsNonNumeric) {
  for (const char* text : {"abc", "1e5", "1.5e-3", " 1", "1 ", "1,5", ".", "-", "+", "--1", "1.2.3",
                           "0x10", "12a", "1.000000001x", "nanx"}) {
    EXPECT_EQ(ParseError(text), DecimalError::kNonNumeric) << text;
  }
  EXPECT_EQ(ParseError(""), DecimalError::kEmpty);
}

TEST(FixedPointTest, FormatsShortestExactDecimal) {
  EXPECT_EQ(FormatFixedPoint(0), "0");
  EXPECT_EQ(FormatFixedPoint(kFixedPointScale), "1");
  EXPECT_EQ(FormatFixedPoint(10'125'000'000), "101.25");
  EXPECT_EQ(FormatFixedPoint(-10'125'000'000), "-101.25");
  EXPECT_EQ(FormatFixedPoint(1), "0.00000001");
  EXPECT_EQ(FormatFixedPoint(-1), "-0.00000001");
  EXPECT_EQ(FormatFixedPoint(std::numeric_limits<int64_t>::max()), "92233720368.54775807");
  EXPECT_EQ(FormatFixedPoint(std::numeric_limits<int64_t>::min()), "-92233720368.54775808");
}

TEST(FixedPointTest, FormatThenParseRoundTripsRandomValues) {
  std::mt19937_64 rng(20261122);
  for (int i = 0; i < 100'000; ++i) {
    int64_t value = static_cast<int64_t>(rng());
    // Mix in small magnitudes, where most real prices live.
    if (i % 2 == 0) value >>= (rng() % 63);
    EXPECT_EQ(Parse(FormatFixedPoint(value)), value);
  }
}

// Texts of 1-8 integer digits, a point and exactly eight decimals take a fast path; a
// leading '+' sends the same text through the general parser, which must agree.
TEST(FixedPointTest, EightDecimalShapeAgreesWithTheGeneralParser) {
  EXPECT_EQ(Parse("0.00000001"), 1);
  EXPECT_EQ(Parse("1.00000000"), kFixedPointScale);
  EXPECT_EQ(Parse("61837.63000000"), 6'183'763'000'000);
  EXPECT_EQ(Parse("00000000.00000000"), 0);
  EXPECT_EQ(Parse("12345678.87654321"), 1'234'567'887'654'321);
  EXPECT_EQ(Parse("99999999.99999999"), 9'999'999'999'999'999);
  EXPECT_EQ(Parse("123456789.12345678"), 12'345'678'912'345'678);  // nine digits: general
  EXPECT_EQ(Parse("1.1234567"), 112'345'670);                      // seven decimals: general
  // One byte that is not a digit, anywhere, including the ASCII neighbours of '0'-'9'.
  const std::string shape = "12345678.12345678";
  for (size_t at = 0; at < shape.size(); ++at) {
    for (const char bad : {'/', ':', 'x', ' ', '.'}) {
      std::string text = shape;
      if (text[at] == bad) continue;
      text[at] = bad;
      EXPECT_EQ(ParseError(text), DecimalError::kNonNumeric) << text;
    }
  }
  std::mt19937_64 rng(20261201);
  const std::string alphabet = "0123456789000000000/:.";
  for (int i = 0; i < 200'000; ++i) {
    std::string text;
    const size_t integer_digits = rng() % 11;
    const size_t decimals = 6 + rng() % 5;
    for (size_t d = 0; d < integer_digits; ++d) text += static_cast<char>('0' + rng() % 10);
    text += '.';
    for (size_t d = 0; d < decimals; ++d) text += static_cast<char>('0' + rng() % 10);
    if (rng() % 4 == 0) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    int64_t fast = 0;
    int64_t general = 0;
    const DecimalError fast_error = ParseFixedPoint(text, fast);
    ASSERT_EQ(fast_error, ParseFixedPoint("+" + text, general)) << text;
    if (fast_error == DecimalError::kOk) {
      ASSERT_EQ(fast, general) << text;
    }
  }
}

// Eight digits a step, then one at a time: lengths around 8 and 16 meet both loops.
TEST(FixedPointTest, ParseDigitsReadsOneToNineteenDigits) {
  std::string digits;
  uint64_t expected = 0;
  for (int length = 1; length <= 19; ++length) {
    const int digit = (length * 7) % 10;
    digits += static_cast<char>('0' + digit);
    expected = expected * 10 + static_cast<uint64_t>(digit);
    uint64_t value = 0;
    ASSERT_TRUE(ParseDigits(digits, value)) << digits;
    EXPECT_EQ(value, expected) << digits;
    // A byte that is not a digit, in each position (and the neighbours of '0'-'9').
    for (size_t at = 0; at < digits.size(); ++at) {
      for (const char bad : {'/', ':', '-', ' '}) {
        std::string text = digits;
        text[at] = bad;
        uint64_t unchanged = 777;
        EXPECT_FALSE(ParseDigits(text, unchanged)) << text;
        EXPECT_EQ(unchanged, 777u) << text;
      }
    }
  }
  uint64_t value = 0;
  EXPECT_TRUE(ParseDigits("9999999999999999999", value));
  EXPECT_EQ(value, 9'999'999'999'999'999'999u);
  EXPECT_TRUE(ParseDigits("0000000000000000001", value));
  EXPECT_EQ(value, 1u);
  EXPECT_FALSE(ParseDigits("10000000000000000000", value));  // twenty digits
  EXPECT_FALSE(ParseDigits("", value));
  EXPECT_FALSE(ParseDigits("+1", value));
}

TEST(FixedPointTest, ErrorKeysAreStable) {
  EXPECT_EQ(DecimalErrorKey(DecimalError::kNonNumeric), "non_numeric");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kNonFinite), "non_finite");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kTooManyDecimals), "too_many_decimals");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kOverflow), "overflow");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kEmpty), "empty_field");
}

}  // namespace
}  // namespace hftbot::feed
