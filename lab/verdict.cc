#include "lab/verdict.h"

#include <fmt/format.h>

#include <cmath>

#include "lab/significance.h"

namespace hftbot::lab {

const char* WordText(Word word) {
  switch (word) {
    case Word::kBetter:
      return "better";
    case Word::kWorse:
      return "worse";
    case Word::kWithinNoise:
      return "within noise";
    case Word::kTooFewRuns:
      return "too few runs to tell";
  }
  return "?";
}

std::vector<Verdict> JudgeFamily(const std::vector<Comparison>& tests, const VerdictRules& rules) {
  std::vector<Verdict> verdicts(tests.size());
  std::vector<double> p_values;
  for (size_t i = 0; i < tests.size(); ++i) {
    const Comparison& test = tests[i];
    Verdict& v = verdicts[i];
    v.runs = test.candidate.size();
    v.baseline_runs = test.baseline.size();
    const double base = SpreadOf(test.baseline).median;
    const double median = SpreadOf(test.candidate).median;
    v.change_pct = base != 0 ? (median - base) / std::fabs(base) * 100 : (median == 0 ? 0 : std::nan(""));
    const MannWhitney mw = MannWhitneyTest(test.candidate, test.baseline);
    v.p_value = mw.p_value;
    v.exact = mw.exact;
    const Shift shift = HodgesLehmann(test.candidate, test.baseline, rules.confidence);
    v.shift = shift.estimate;
    if (base != 0 && shift.low && shift.high) {
      v.low_pct = *shift.low / std::fabs(base) * 100;
      v.high_pct = *shift.high / std::fabs(base) * 100;
    }
    v.threshold_pct = std::max(rules.min_effect_pct, test.aa_spread_pct);
    p_values.push_back(v.p_value);
  }
  const std::vector<double> adjusted = HolmAdjust(p_values);
  const double strictest = rules.alpha / static_cast<double>(std::max<size_t>(tests.size(), 1));
  for (size_t i = 0; i < tests.size(); ++i) {
    Verdict& v = verdicts[i];
    v.p_adjusted = adjusted[i];
    const double best_possible = MinimumPValue(v.runs, v.baseline_runs);
    if (best_possible >= strictest) {
      v.word = Word::kTooFewRuns;
      v.why = fmt::format("{} against {} runs can never give p < {:.3g}{}", v.runs, v.baseline_runs, strictest,
                          tests.size() > 1 ? fmt::format(" (alpha {} / {} tests)", rules.alpha, tests.size()) : "");
      continue;
    }
    if (v.p_adjusted >= rules.alpha) {
      v.word = Word::kWithinNoise;
      v.why = fmt::format("p={:.3g}{} >= {}", v.p_adjusted, tests.size() > 1 ? " after Holm" : "", rules.alpha);
      continue;
    }
    const double shift_sign = std::isnan(v.change_pct) ? v.shift : v.change_pct;
    if (!std::isnan(v.change_pct) && std::fabs(v.change_pct) < v.threshold_pct) {
      v.word = Word::kWithinNoise;
      v.why = fmt::format("|{:.1f}%| is under the {:.1f}% threshold{}", v.change_pct, v.threshold_pct,
                          tests[i].aa_spread_pct > rules.min_effect_pct ? " (the A/A spread)" : "");
      continue;
    }
    const bool lower = shift_sign < 0;
    const bool good = tests[i].direction == Direction::kLowerIsBetter ? lower : !lower;
    v.word = good ? Word::kBetter : Word::kWorse;
    v.why = fmt::format("p={:.3g} < {} and |change| >= {:.1f}%", v.p_adjusted, rules.alpha, v.threshold_pct);
  }
  return verdicts;
}

Verdict Judge(const Comparison& test, const VerdictRules& rules) { return JudgeFamily({test}, rules).front(); }

std::string FormatVerdict(const Verdict& v) {
  std::string change = std::isnan(v.change_pct) ? "n/a (baseline 0)" : fmt::format("{:+.1f}%", v.change_pct);
  std::string interval =
      v.low_pct && v.high_pct ? fmt::format("[{:+.1f}, {:+.1f}]", *v.low_pct, *v.high_pct) : std::string("[n/a]");
  return fmt::format("{} {} p={} {}", change, interval,
                     v.p_adjusted < 0.001 ? fmt::format("{:.1e}", v.p_adjusted) : fmt::format("{:.3f}", v.p_adjusted),
                     WordText(v.word));
}

size_t RunsNeeded(size_t family_size, const VerdictRules& rules) {
  return RunsNeededFor(rules.alpha / static_cast<double>(std::max<size_t>(family_size, 1)));
}

}  // namespace hftbot::lab
