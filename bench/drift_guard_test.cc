#include "bench/drift_guard.h"

#include <gtest/gtest.h>

#include <vector>

namespace hftbot::bench {
namespace {

TEST(DriftGuardTest, TheRunIsDividedByTheDriftBeforeItIsJudged) {
  const CaseJudgement j = JudgeCase({100, 101, 99, 100, 100}, {150, 151, 149, 150, 150}, 1.5);
  EXPECT_NEAR(j.current_median, 100, 1e-9);
  EXPECT_EQ(j.change, Change::kWithinNoise);
  EXPECT_EQ(JudgeCase({100, 101, 99, 100, 100}, {150, 151, 149, 150, 150}, 1).change, Change::kRegression);
}

TEST(DriftGuardTest, TheDriftIsTheMedianControlRatio) {
  EXPECT_DOUBLE_EQ(ControlRatio({10, 10, 12}, {20, 21, 30}), 2.1);
  EXPECT_DOUBLE_EQ(DriftOf({1.1, 3.0, 1.2}), 1.2);
  EXPECT_DOUBLE_EQ(DriftOf({}), 1);
}

TEST(DriftGuardTest, BeyondTheThresholdButNotConfirmedByTheTestIsNoise) {
  // +12% against a threshold of 11% (the baseline's spread), but the samples overlap:
  // Mann-Whitney does not confirm it.
  const CaseJudgement j = JudgeCase({100, 100, 100, 111}, {100, 112, 112, 112}, 1);
  EXPECT_GT(j.change_pct, j.threshold_pct);
  ASSERT_TRUE(j.p_value.has_value());
  EXPECT_GE(*j.p_value, 0.05);
  EXPECT_EQ(j.change, Change::kWithinNoise);
}

// One stalled repetition among five or more does not set the threshold; among four it
// still counts, since nothing would be left to tell a stall from the spread.
TEST(DriftGuardTest, TheSpreadLeavesOutTheFastestAndTheSlowestOfFiveOrMore) {
  EXPECT_NEAR(SpreadPct({100, 101, 102, 103, 200}), 2.0 / 102 * 100, 1e-9);
  EXPECT_NEAR(SpreadPct({100, 101, 103, 200}), 100.0 / 102 * 100, 1e-9);
  // +20% in every repetition but one stalled baseline repetition: still a regression.
  const CaseJudgement j = JudgeCase({100, 101, 99, 100, 100, 102, 98, 190}, {120, 121, 119, 120, 120, 122, 118, 120}, 1);
  EXPECT_LT(j.threshold_pct, 20);
  EXPECT_EQ(j.change, Change::kRegression);
}

TEST(DriftGuardTest, TooFewRunsForTheTestLeaveTheThresholdAlone) {
  const CaseJudgement j = JudgeCase({100, 100}, {130, 130}, 1);
  EXPECT_TRUE(j.too_few_runs);
  EXPECT_FALSE(j.p_value.has_value());
  EXPECT_EQ(j.change, Change::kRegression);
  EXPECT_EQ(JudgeCase({100, 100}, {60, 60}, 1).change, Change::kImprovement);
}

}  // namespace
}  // namespace hftbot::bench
