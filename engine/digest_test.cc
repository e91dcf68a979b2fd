#include "engine/digest.h"

#include <gtest/gtest.h>

namespace hftbot::engine {
namespace {

TEST(DigestTest, KnownValueAndFormat) {
  Digest d;
  EXPECT_EQ(FormatDigest(d.value()), "cbf29ce484222325");
  EXPECT_EQ(FormatDigest(0), "0000000000000000");
  EXPECT_EQ(FormatDigest(0xabcdefULL), "0000000000abcdef");
  d.Add(uint64_t{0});
  // FNV-1a of eight zero bytes.
  EXPECT_EQ(d.value(), 0xa8c7f832281a39c5ULL);
}

TEST(DigestTest, OrderSensitive) {
  Digest a;
  a.Add(uint64_t{1});
  a.Add(uint64_t{2});
  Digest b;
  b.Add(uint64_t{2});
  b.Add(uint64_t{1});
  EXPECT_NE(a.value(), b.value());
}

TEST(DigestTest, CombineIgnoresInputOrderButNotPairing) {
  const uint64_t x = CombineDigests({{0, 11}, {1, 22}, {2, 33}});
  EXPECT_EQ(x, CombineDigests({{2, 33}, {0, 11}, {1, 22}}));
  EXPECT_NE(x, CombineDigests({{0, 22}, {1, 11}, {2, 33}}));
  EXPECT_EQ(CombineDigests({}), Digest::kOffsetBasis);
}

}  // namespace
}  // namespace hftbot::engine
