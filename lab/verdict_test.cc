#include "lab/verdict.h"

#include <cmath>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

const std::vector<double> kBase = {100, 101, 102, 103, 104};
const std::vector<double> kFaster = {80, 81, 82, 83, 84};

TEST(VerdictTest, AClearImprovementIsBetterWithItsInterval) {
  // Differences a - b = -20 + (i - j): the 3rd smallest is -23, the 3rd largest -17;
  // in percent of the baseline median 102: [-22.5, -16.7]. Median change (82-102)/102.
  Verdict v = Judge(Comparison{kFaster, kBase, Direction::kLowerIsBetter, 0}, VerdictRules{});
  EXPECT_EQ(v.word, Word::kBetter);
  EXPECT_NEAR(v.change_pct, -19.61, 0.01);
  ASSERT_TRUE(v.low_pct && v.high_pct);
  EXPECT_NEAR(*v.low_pct, -22.55, 0.01);
  EXPECT_NEAR(*v.high_pct, -16.67, 0.01);
  EXPECT_DOUBLE_EQ(v.shift, -20);
  EXPECT_EQ(FormatVerdict(v), "-19.6% [-22.5, -16.7] p=0.008 better");
  // The same runs for a figure where higher is better: worse.
  EXPECT_EQ(Judge(Comparison{kFaster, kBase, Direction::kHigherIsBetter, 0}, VerdictRules{}).word, Word::kWorse);
}

TEST(VerdictTest, ASignificantButTinyChangeIsWithinNoise) {
  // docs/compare-paced: paced throughput 99997 against 100000, every run apart (p = 0.008).
  Verdict v = Judge(Comparison{{99996, 99997, 99997, 99998, 99999}, {99999, 100000, 100000, 100000, 100000},
                         Direction::kHigherIsBetter, 0},
                    VerdictRules{});
  EXPECT_LT(v.p_value, 0.05);
  EXPECT_EQ(v.word, Word::kWithinNoise);
  EXPECT_NE(v.why.find("under the 5.0% threshold"), std::string::npos) << v.why;
}

TEST(VerdictTest, TheAaSpreadRaisesTheThreshold) {
  Comparison test{kFaster, kBase, Direction::kLowerIsBetter, 25};  // A/A runs moved this metric by up to 25%
  Verdict v = Judge(test, VerdictRules{});
  EXPECT_EQ(v.word, Word::kWithinNoise);
  EXPECT_DOUBLE_EQ(v.threshold_pct, 25);
  EXPECT_NE(v.why.find("A/A spread"), std::string::npos) << v.why;
  VerdictRules strict;
  strict.min_effect_pct = 30;
  EXPECT_EQ(Judge(Comparison{kFaster, kBase, Direction::kLowerIsBetter, 0}, strict).word, Word::kWithinNoise);
}

TEST(VerdictTest, TooFewRunsNeverReadsAsNoDifference) {
  Verdict two = Judge(Comparison{{1, 2}, {10, 11}, Direction::kLowerIsBetter, 0}, VerdictRules{});
  EXPECT_EQ(two.word, Word::kTooFewRuns);
  EXPECT_STREQ(WordText(two.word), "too few runs to tell");
  EXPECT_NE(FormatVerdict(two).find("[n/a]"), std::string::npos);
  // Three repetitions (the seed report's --quick): 0.1 is the best p they can give.
  EXPECT_EQ(Judge(Comparison{{1, 2, 3}, {10, 11, 12}, Direction::kLowerIsBetter, 0}, VerdictRules{}).word,
            Word::kTooFewRuns);
  // Four runs suffice for one test, not for a family of four (alpha / 4 = 0.0125 < 2/70).
  Comparison four{{1, 2, 3, 4}, {10, 11, 12, 13}, Direction::kLowerIsBetter, 0};
  EXPECT_EQ(Judge(four, VerdictRules{}).word, Word::kBetter);
  std::vector<Verdict> family = JudgeFamily({four, four, four, four}, VerdictRules{});
  for (const Verdict& v : family) EXPECT_EQ(v.word, Word::kTooFewRuns);
  EXPECT_EQ(RunsNeeded(4, VerdictRules{}), 5u);
  EXPECT_EQ(RunsNeeded(12, VerdictRules{}), 6u);
}

TEST(VerdictTest, HolmAdjustsAcrossTheFamily) {
  Comparison clear{kFaster, kBase, Direction::kLowerIsBetter, 0};
  Comparison overlapping{{99, 101, 103, 105, 107}, {100, 102, 104, 106, 108}, Direction::kLowerIsBetter, 0};
  std::vector<Verdict> family = JudgeFamily({clear, overlapping, clear}, VerdictRules{});
  EXPECT_NEAR(family[0].p_adjusted, 3 * 2.0 / 252, 1e-12);  // the smallest of three equal ones, x3
  EXPECT_EQ(family[0].word, Word::kBetter);
  EXPECT_EQ(family[1].word, Word::kWithinNoise);
  EXPECT_NE(family[1].why.find("after Holm"), std::string::npos) << family[1].why;
}

TEST(VerdictTest, ABaselineOfZeroHasNoPercentButKeepsTheDirection) {
  Verdict v = Judge(Comparison{{3, 3, 3, 3, 3, 3}, {0, 0, 0, 0, 0, 0}, Direction::kLowerIsBetter, 0}, VerdictRules{});
  EXPECT_TRUE(std::isnan(v.change_pct));
  EXPECT_EQ(v.word, Word::kWorse);
  EXPECT_EQ(FormatVerdict(v).rfind("n/a (baseline 0) [n/a]", 0), 0u) << FormatVerdict(v);
}

}  // namespace
}  // namespace hftbot::lab
