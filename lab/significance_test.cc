#include "lab/significance.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

TEST(SignificanceTest, ClearlyDifferentRunsAreSignificant) {
  Comparison c = Compare({10, 11, 12, 10.5, 11.5}, {20, 21, 22, 20.5, 21.5});
  EXPECT_TRUE(c.significant);
  // Complete separation of 5 vs 5: the smallest two-sided exact p-value, 2 / C(10,5).
  EXPECT_NEAR(c.p_value, 2.0 / 252.0, 1e-12);
  EXPECT_NEAR(c.change_pct, -47.619, 0.01);
  EXPECT_EQ(c.u, 0);
}

TEST(SignificanceTest, IdenticalRunsAreWithinNoise) {
  Comparison c = Compare({5, 5, 5, 5, 5}, {5, 5, 5, 5, 5});
  EXPECT_FALSE(c.significant);
  EXPECT_DOUBLE_EQ(c.p_value, 1.0);
  EXPECT_NE(c.verdict.find("within noise"), std::string::npos);
}

TEST(SignificanceTest, OverlappingRunsAreWithinNoise) {
  Comparison c = Compare({10, 14, 12, 16, 11}, {13, 10.5, 15, 12.5, 17});
  EXPECT_FALSE(c.significant);
  EXPECT_GT(c.p_value, 0.3);
}

TEST(SignificanceTest, KnownExactPValue) {
  // a = {1,2,4}, b = {3,5,6}: rank sum of a = 7; of the C(6,3) = 20 subsets, sums
  // at distance >= 3.5 from the mean 10.5 are {6,7} below and {14,15} above: 4 subsets.
  EXPECT_NEAR(MannWhitneyPValue({1, 2, 4}, {3, 5, 6}), 4.0 / 20.0, 1e-12);
}

TEST(SignificanceTest, TooFewRunsCanNeverBeSignificant) {
  // With 2 runs each the smallest possible p-value is 2/6: compare needs more runs.
  EXPECT_FALSE(Compare({1, 2}, {10, 11}).significant);
}

TEST(SignificanceTest, SpreadIsMedianMinMax) {
  Spread s = SpreadOf({3, 1, 2, 10});
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 10);
}

}  // namespace
}  // namespace hftbot::lab
