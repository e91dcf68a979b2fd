#include "lab/significance.h"

#include <cmath>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

// Two samples without ties whose U (a against b) is exactly `u`: b = 0, 2, 4, ...;
// the i-th value of a sits above min(n2, what is left of u) values of b.
void SamplesWithU(size_t n1, size_t n2, size_t u, std::vector<double>& a, std::vector<double>& b) {
  a.clear();
  b.clear();
  for (size_t j = 0; j < n2; ++j) b.push_back(2.0 * static_cast<double>(j));
  size_t left = u;
  for (size_t i = 0; i < n1; ++i) {
    const size_t above = std::min(n2, left);
    left -= above;
    a.push_back(2.0 * static_cast<double>(above) - 1 + 0.001 * static_cast<double>(i));
  }
}

TEST(MannWhitneyTest, CompleteSeparationOfFiveAgainstFive) {
  MannWhitney mw = MannWhitneyTest({10, 11, 12, 10.5, 11.5}, {20, 21, 22, 20.5, 21.5});
  EXPECT_TRUE(mw.exact);
  EXPECT_EQ(mw.u, 0);
  // The smallest two-sided exact p-value for 5 against 5: 2 / C(10, 5).
  EXPECT_NEAR(mw.p_value, 2.0 / 252.0, 1e-12);
  EXPECT_NEAR(MinimumPValue(5, 5), 2.0 / 252.0, 1e-12);
}

TEST(MannWhitneyTest, ReproducesTheTextbookCriticalValues) {
  // Critical values of U for a two-tailed test at 0.05 (the standard Mann-Whitney
  // table): U <= critical is significant, U = critical + 1 is not.
  struct Row {
    size_t n1, n2, critical;
  };
  for (const Row& row : {Row{4, 4, 0}, Row{5, 5, 2}, Row{6, 6, 5}, Row{8, 8, 13}, Row{5, 10, 8}, Row{10, 10, 23},
                         Row{20, 20, 127}}) {
    std::vector<double> a, b;
    SamplesWithU(row.n1, row.n2, row.critical, a, b);
    MannWhitney at = MannWhitneyTest(a, b);
    ASSERT_EQ(at.u, static_cast<double>(row.critical));
    EXPECT_TRUE(at.exact);
    EXPECT_LE(at.p_value, 0.05) << row.n1 << "x" << row.n2;
    SamplesWithU(row.n1, row.n2, row.critical + 1, a, b);
    EXPECT_GT(MannWhitneyTest(a, b).p_value, 0.05) << row.n1 << "x" << row.n2;
  }
  // The exact tail of 5 against 5: P(U <= 2) = 4/252 one-sided.
  std::vector<double> a, b;
  SamplesWithU(5, 5, 2, a, b);
  EXPECT_NEAR(MannWhitneyPValue(a, b), 8.0 / 252.0, 1e-12);
}

TEST(MannWhitneyTest, KnownExactPValueWithSmallSamples) {
  // a = {1,2,4}, b = {3,5,6}: rank sum of a = 7; of the C(6,3) = 20 subsets, sums
  // at distance >= 3.5 from the mean 10.5 are {6,7} below and {14,15} above: 4 subsets.
  EXPECT_NEAR(MannWhitneyPValue({1, 2, 4}, {3, 5, 6}), 4.0 / 20.0, 1e-12);
  // Symmetric in its arguments, whichever sample is smaller.
  EXPECT_NEAR(MannWhitneyPValue({3, 5, 6, 7}, {1, 2}), MannWhitneyPValue({1, 2}, {3, 5, 6, 7}), 1e-12);
}

TEST(MannWhitneyTest, IdenticalSamplesHaveP1) {
  EXPECT_DOUBLE_EQ(MannWhitneyPValue({5, 5, 5, 5, 5}, {5, 5, 5, 5, 5}), 1.0);
  EXPECT_DOUBLE_EQ(MannWhitneyTest({5, 5, 5}, {5, 5, 5}, Method::kNormal).p_value, 1.0);
}

TEST(MannWhitneyTest, NormalApproximationCorrectsForTies) {
  // By hand: pooled 1 2 2 2 3 3 4 5, mid-ranks 1, 3 3 3, 5.5 5.5, 7, 8. Rank sum of a
  // = 1 + 3 + 3 + 5.5 = 12.5, U = 12.5 - 4*5/2 = 2.5, mean 8. Ties: 3^3-3 + 2^3-2 = 30.
  // var = 4*4/12 * (9 - 30/(8*7)) = 11.2857; z = (|2.5 - 8| - 0.5) / 3.35942 = 1.48835;
  // p = erfc(z / sqrt 2) = 0.13668.
  MannWhitney mw = MannWhitneyTest({1, 2, 2, 3}, {2, 3, 4, 5}, Method::kNormal);
  EXPECT_FALSE(mw.exact);
  EXPECT_DOUBLE_EQ(mw.u, 2.5);
  EXPECT_NEAR(mw.p_value, 0.13668, 5e-5);
}

TEST(MannWhitneyTest, NormalApproximationAgreesWithExactAtModerateSize) {
  // 25 against 25 (U from 0 to 625, mean 312.5): within 0.005 of the exact p anywhere,
  // within 10% of it from p = 0.01 on, and in the far tail never below it (the U
  // distribution has lighter tails than the normal: the approximation is conservative).
  for (size_t u = 120; u <= 312; u += 12) {
    std::vector<double> a, b;
    SamplesWithU(25, 25, u, a, b);
    const double exact = MannWhitneyTest(a, b, Method::kExact).p_value;
    const double normal = MannWhitneyTest(a, b, Method::kNormal).p_value;
    EXPECT_NEAR(normal, exact, 0.005) << "U=" << u;
    if (exact >= 0.01) {
      EXPECT_NEAR(normal, exact, 0.1 * exact) << "U=" << u << " exact " << exact;
    }
    if (exact < 0.05) {
      EXPECT_GE(normal, exact) << "U=" << u;
    }
  }
}

TEST(MannWhitneyTest, ThousandRunsEachUseTheApproximation) {
  // Exactly, this needs a table of 1000 x 2 million doubles (16 GB); approximately, nothing.
  std::vector<double> a, b;
  for (int i = 0; i < 1000; ++i) {
    a.push_back(i);
    b.push_back(i + 0.5);
  }
  MannWhitney mw = MannWhitneyTest(a, b);
  EXPECT_FALSE(mw.exact);
  EXPECT_EQ(mw.u, 1000.0 * 999.0 / 2.0);  // a_i beats b_j exactly when i > j
  EXPECT_GT(mw.p_value, 0.9);
  for (double& x : b) x += 2000;
  EXPECT_LT(MannWhitneyTest(a, b).p_value, 1e-100);
}

TEST(MinimumPValueTest, TooFewRunsCanNeverReachFivePercent) {
  EXPECT_DOUBLE_EQ(MinimumPValue(1, 1), 1.0);
  EXPECT_NEAR(MinimumPValue(2, 2), 2.0 / 6.0, 1e-12);
  EXPECT_NEAR(MinimumPValue(3, 3), 0.1, 1e-12);
  EXPECT_NEAR(MinimumPValue(4, 4), 2.0 / 70.0, 1e-12);
  EXPECT_EQ(RunsNeededFor(0.05), 4u);
  EXPECT_EQ(RunsNeededFor(0.05 / 4), 5u);   // 2/252 = 0.0079
  EXPECT_EQ(RunsNeededFor(0.05 / 12), 6u);  // 2/924 = 0.0022
}

TEST(HodgesLehmannTest, FiveAgainstFiveByHand) {
  // a - b over all 25 pairs, sorted: -4 -3 -2 -1 -1 1 1 1 2 3 3 3 4 4 5 6 6 7 8 8 8 10
  // 10 12 14. Estimate: the 13th, 4. For 5 against 5, P(U <= 2) = 4/252 <= 0.025 <
  // P(U <= 3) = 7/252, so the 95% interval runs from the 3rd smallest to the 3rd
  // largest difference, [-2, 10], with coverage 1 - 8/252.
  Shift shift = HodgesLehmann({4, 6, 9, 11, 15}, {1, 3, 5, 7, 8});
  EXPECT_DOUBLE_EQ(shift.estimate, 4);
  ASSERT_TRUE(shift.low && shift.high);
  EXPECT_DOUBLE_EQ(*shift.low, -2);
  EXPECT_DOUBLE_EQ(*shift.high, 10);
  EXPECT_NEAR(shift.coverage, 1 - 8.0 / 252.0, 1e-12);
}

TEST(HodgesLehmannTest, ThreeAgainstThreeHasNoNinetyFivePercentInterval) {
  // Differences -1 1 1 2 3 4 4 6 7: estimate 3; P(U = 0) = 1/20 > 0.025.
  Shift shift = HodgesLehmann({10, 12, 15}, {8, 9, 11});
  EXPECT_DOUBLE_EQ(shift.estimate, 3);
  EXPECT_FALSE(shift.low.has_value());
  EXPECT_FALSE(shift.high.has_value());
}

TEST(HodgesLehmannTest, LargeSamplesRecoverAKnownShift) {
  std::vector<double> a, b;
  for (int i = 0; i < 1000; ++i) {
    a.push_back(i);
    b.push_back(i + 100);
  }
  Shift shift = HodgesLehmann(a, b);
  EXPECT_DOUBLE_EQ(shift.estimate, -100);
  ASSERT_TRUE(shift.low && shift.high);
  EXPECT_LT(*shift.low, -100);
  EXPECT_GT(*shift.high, -100);
  EXPECT_GT(*shift.low, -140);  // sigma of U = 12910 pairs; +-1.96 sigma = +-25 in shift
  EXPECT_LT(*shift.high, -60);
  EXPECT_NEAR(shift.coverage, 0.95, 0.001);
}

TEST(HodgesLehmannTest, NormalIntervalAgreesWithExactAtModerateSize) {
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    a.push_back(i * 1.7 + (i % 3));
    b.push_back(i * 1.5 + 4);
  }
  Shift exact = HodgesLehmann(a, b, 0.95, Method::kExact);
  Shift normal = HodgesLehmann(a, b, 0.95, Method::kNormal);
  ASSERT_TRUE(exact.low && normal.low);
  EXPECT_NEAR(*normal.low, *exact.low, 0.3);
  EXPECT_NEAR(*normal.high, *exact.high, 0.3);
}

TEST(HolmAdjustTest, KnownVector) {
  // Sorted: 0.005 x4 = 0.02; 0.01 x3 = 0.03; 0.03 x2 = 0.06; 0.04 x1 = 0.04 -> 0.06 (monotone).
  std::vector<double> adjusted = HolmAdjust({0.01, 0.04, 0.03, 0.005});
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-12);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-12);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-12);
  EXPECT_DOUBLE_EQ(HolmAdjust({0.5, 0.9})[1], 1.0);  // capped
  EXPECT_TRUE(HolmAdjust({}).empty());
}

TEST(SpreadTest, IsMedianMinMax) {
  Spread s = SpreadOf({3, 1, 2, 10});
  EXPECT_DOUBLE_EQ(s.median, 2.5);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_DOUBLE_EQ(s.max, 10);
}

}  // namespace
}  // namespace hftbot::lab
