// The one rule every lab tool (compare, tune, sweep, the seed report) uses to call a
// difference between a candidate's runs and the baseline's runs "better", "worse",
// "within noise" or "too few runs to tell":
//
//   1. too few runs to tell — the sample sizes cannot produce a p-value below
//      alpha / m even when every candidate run beats every baseline run (m = the number
//      of tests in the family, see 2). Never read as "no difference".
//   2. within noise — the Mann-Whitney p-value, Holm-adjusted over the family of tests
//      the tool makes in one table, is >= alpha;
//   3. within noise — the change of the median is smaller than the threshold,
//      max(min_effect_pct, the A/A spread of the metric when one was measured): a
//      difference that small is never "better", whatever p says;
//   4. better or worse, by the metric's direction.
//
// Every verdict carries the change of the median in percent of the baseline's median,
// the 95% Hodges-Lehmann interval of the shift in the same unit, and both p-values.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_VERDICT_H_
#define HFTBOT_LAB_VERDICT_H_

#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

enum class Direction { kLowerIsBetter, kHigherIsBetter };

enum class Word { kBetter, kWorse, kWithinNoise, kTooFewRuns };

// "better", "worse", "within noise", "too few runs to tell".
const char* WordText(Word word);

struct VerdictRules {
  double alpha = 0.05;          // family-wise significance level
  double min_effect_pct = 5;    // the smallest change of the median ever called better or worse
  double confidence = 0.95;     // of the interval shown next to each change
};

// One comparison of a family.
struct Comparison {
  std::vector<double> candidate;
  std::vector<double> baseline;
  Direction direction = Direction::kLowerIsBetter;
  // How far apart two sets of runs of the same build landed (|change| bound of an A/A
  // comparison, percent); 0 when not measured.
  double aa_spread_pct = 0;
};

struct Verdict {
  size_t runs = 0, baseline_runs = 0;
  double change_pct = 0;  // (median(candidate) - median(baseline)) / median(baseline); NaN when that is 0
  double shift = 0;       // Hodges-Lehmann estimate of the shift, in the metric's unit
  std::optional<double> low_pct, high_pct;  // the interval of the shift, percent of the baseline median
  double p_value = 1;     // raw two-sided Mann-Whitney
  double p_adjusted = 1;  // Holm over the family
  bool exact = true;      // exact test (false: normal approximation)
  double threshold_pct = 0;  // max(min_effect_pct, aa_spread_pct)
  Word word = Word::kTooFewRuns;
  std::string why;  // one clause: what decided the word
};

// Judges every test of one family (Holm runs over all of them). REQUIRES: every test
// has at least one value on each side.
std::vector<Verdict> JudgeFamily(const std::vector<Comparison>& tests, const VerdictRules& rules);

// A family of one.
Verdict Judge(const Comparison& test, const VerdictRules& rules);

// "-18.0% [-22.1, -14.0] p=0.008 better". The interval is "[n/a]" when the runs are too
// few for one; p is the Holm-adjusted one.
std::string FormatVerdict(const Verdict& verdict);

// The smallest runs per side with which a family of `family_size` tests can reach a verdict.
size_t RunsNeeded(size_t family_size, const VerdictRules& rules);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_VERDICT_H_
