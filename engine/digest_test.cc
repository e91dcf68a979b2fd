#include "engine/digest.h"

#include <gtest/gtest.h>

namespace hftbot::engine {
namespace {

TEST(DigestTest, KnownValueAndFormat) {
  Digest d;
  EXPECT_EQ(FormatDigest(d.value()), "efd01f60ba992926");
  EXPECT_EQ(d.value(), Digest::Empty());
  EXPECT_EQ(FormatDigest(0), "0000000000000000");
  EXPECT_EQ(FormatDigest(0xabcdefULL), "0000000000abcdef");
  d.Add(uint64_t{0});
  // fmix64((rotl(seed, 5) ^ 0) * multiplier), worked out by hand (independently in Python).
  EXPECT_EQ(d.value(), 0x8c323f581a106ab4ULL);
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
  EXPECT_EQ(CombineDigests({}), Digest::Empty());
}

}  // namespace
}  // namespace hftbot::engine
