#include "feed/importer.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cstdint>
#include <random>
#include <string>

namespace hftbot::feed {
namespace {

// What ParseInt and ParseUint accepted before their digit fast path: from_chars over
// the whole text.
template <typename T>
bool FromChars(const std::string& text, T& out) {
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

TEST(ImporterTest, ParseIntAndParseUintAgreeWithFromChars) {
  std::mt19937_64 rng(20261201);
  const std::string alphabet = "0123456789012345678901234567890123456789-+ x";
  for (int i = 0; i < 200'000; ++i) {
    std::string text;
    const size_t length = rng() % 22;
    for (size_t at = 0; at < length; ++at) text += static_cast<char>('0' + rng() % 10);
    if (!text.empty() && rng() % 3 == 0) text[rng() % text.size()] = alphabet[rng() % alphabet.size()];
    int64_t signed_value = 0;
    int64_t signed_expected = 0;
    ASSERT_EQ(ParseInt(text, signed_value), FromChars(text, signed_expected)) << text;
    if (FromChars(text, signed_expected)) {
      ASSERT_EQ(signed_value, signed_expected) << text;
    }
    uint64_t unsigned_value = 0;
    uint64_t unsigned_expected = 0;
    ASSERT_EQ(ParseUint(text, unsigned_value), FromChars(text, unsigned_expected)) << text;
    if (FromChars(text, unsigned_expected)) {
      ASSERT_EQ(unsigned_value, unsigned_expected) << text;
    }
  }
}

TEST(ImporterTest, ParseIntStopsAtTheInt64Limit) {
  int64_t value = 0;
  EXPECT_TRUE(ParseInt("9223372036854775807", value));
  EXPECT_EQ(value, INT64_MAX);
  EXPECT_FALSE(ParseInt("9223372036854775808", value));  // 19 digits, one past int64
  EXPECT_FALSE(ParseInt("9999999999999999999", value));
  EXPECT_TRUE(ParseInt("-9223372036854775808", value));
  EXPECT_EQ(value, INT64_MIN);
  EXPECT_TRUE(ParseInt("1723161253937085768", value));  // a capture's receive time
  EXPECT_EQ(value, 1'723'161'253'937'085'768);
  uint64_t id = 0;
  EXPECT_TRUE(ParseUint("18446744073709551615", id));  // twenty digits: from_chars
  EXPECT_EQ(id, UINT64_MAX);
  EXPECT_FALSE(ParseUint("18446744073709551616", id));
}

}  // namespace
}  // namespace hftbot::feed
