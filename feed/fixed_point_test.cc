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

TEST(FixedPointTest, ErrorKeysAreStable) {
  EXPECT_EQ(DecimalErrorKey(DecimalError::kNonNumeric), "non_numeric");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kNonFinite), "non_finite");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kTooManyDecimals), "too_many_decimals");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kOverflow), "overflow");
  EXPECT_EQ(DecimalErrorKey(DecimalError::kEmpty), "empty_field");
}

}  // namespace
}  // namespace hftbot::feed
