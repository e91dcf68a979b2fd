#include "engine/price_math.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>

namespace hftbot::engine {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

// Divide must equal Int128 division everywhere: the 64-bit path is an optimisation.
TEST(DivideTest, MatchesWideDivisionAtTheEdges) {
  const Int128 values[] = {0, 1, -1, 7, -7, 1'000'000, -999'999, kMax, kMin,
                           static_cast<Int128>(kMax) + 1, static_cast<Int128>(kMin) - 1,
                           static_cast<Int128>(kMax) * 3, -static_cast<Int128>(kMax) * 5};
  for (Int128 n : values) {
    for (Int128 d : values) {
      if (d == 0) continue;
      EXPECT_TRUE(Divide(n, d) == n / d)
          << static_cast<double>(n) << " / " << static_cast<double>(d);
    }
  }
  EXPECT_TRUE(Divide(kMin, -1) == -static_cast<Int128>(kMin));  // overflows int64
}

TEST(DivideTest, MatchesWideDivisionOnRandomProducts) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 100'000; ++i) {
    const Int128 n = static_cast<Int128>(static_cast<int64_t>(rng())) *
                     static_cast<int64_t>(rng() >> (rng() % 64));
    Int128 d = static_cast<int64_t>(rng()) >> (rng() % 64);
    if (d == 0) d = 3;
    ASSERT_TRUE(Divide(n, d) == n / d) << i;
  }
}

TEST(NotionalTest, TruncatesTowardZero) {
  EXPECT_TRUE(Notional(150'000'000, 3) == 4);  // 1.5 x 3e-8 = 4.5e-8 -> 4e-8
  EXPECT_TRUE(Notional(-150'000'000, 3) == -4);
  EXPECT_TRUE(Notional(kMax, kMax) == static_cast<Int128>(kMax) * kMax / 100'000'000);
}

}  // namespace
}  // namespace hftbot::engine
