#include "metrics/base64.h"

#include <string>

#include "gtest/gtest.h"

namespace hftbot::metrics {
namespace {

std::string Decoded(const std::string& text) {
  std::string bytes, error;
  EXPECT_TRUE(Base64Decode(text, &bytes, &error)) << text << ": " << error;
  return bytes;
}

std::string ErrorFor(const std::string& text) {
  std::string bytes, error;
  EXPECT_FALSE(Base64Decode(text, &bytes, &error)) << text;
  return error;
}

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},        {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    EXPECT_EQ(Decoded(encoded), plain);
  }
}

TEST(Base64Test, EveryByteValueRoundTrips) {
  std::string bytes;
  for (int i = 0; i < 256; ++i) bytes.push_back(static_cast<char>(i));
  for (size_t length = 0; length <= bytes.size(); length += 37) {
    const std::string part = bytes.substr(0, length);
    EXPECT_EQ(Decoded(Base64Encode(part)), part) << length;
  }
  EXPECT_EQ(Base64Encode(std::string("\xfb\xff", 2)), "+/8=");
}

TEST(Base64Test, PaddingMayBeOmitted) {
  EXPECT_EQ(Decoded("Zg"), "f");
  EXPECT_EQ(Decoded("Zm8"), "fo");
}

TEST(Base64Test, RefusesMalformedTextWithAReason) {
  EXPECT_EQ(ErrorFor("Zm9v Zg="), "invalid character byte 0x20 at offset 4");
  EXPECT_EQ(ErrorFor("Zm9-"), "invalid character '-' at offset 3");
  EXPECT_EQ(ErrorFor("Zm9vY"), "length 5 leaves a lone character (truncated?)");
  EXPECT_EQ(ErrorFor("Zg="), "padded text of 3 characters, not a multiple of 4");
  EXPECT_EQ(ErrorFor("Zh=="), "non-zero bits after the last byte (corrupted final character)");
  EXPECT_NE(ErrorFor("Zg==Zg==").find("invalid character '='"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::metrics
