#include "strategies/rolling_window.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace hftbot::strategies {
namespace {

using engine::AllocationProfile;

TEST(RollingWindowTest, MeanAndStddevOverTheLastN) {
  for (AllocationProfile p : {AllocationProfile::kNaive, AllocationProfile::kPooled}) {
    RollingWindow w;
    w.Reset(3, p);
    w.Push(100);
    EXPECT_DOUBLE_EQ(w.mean(), 100.0);
    EXPECT_DOUBLE_EQ(w.stddev(), 0.0);
    w.Push(200);
    w.Push(300);
    EXPECT_TRUE(w.full());
    EXPECT_DOUBLE_EQ(w.mean(), 200.0);
    EXPECT_NEAR(w.stddev(), std::sqrt(20000.0 / 3.0), 1e-9);
    w.Push(400);  // evicts 100
    EXPECT_EQ(w.size(), 3u);
    EXPECT_DOUBLE_EQ(w.mean(), 300.0);
  }
}

TEST(RollingWindowTest, ProfilesAreBitIdentical) {
  RollingWindow a;
  RollingWindow b;
  a.Reset(50, AllocationProfile::kNaive);
  b.Reset(50, AllocationProfile::kPooled);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 10'000; ++i) {
    const int64_t v = 6'000'000'000'000 + static_cast<int64_t>(rng() % 1'000'000'000);
    a.Push(v);
    b.Push(v);
    ASSERT_EQ(a.mean(), b.mean());
    ASSERT_EQ(a.stddev(), b.stddev());
  }
}

}  // namespace
}  // namespace hftbot::strategies
