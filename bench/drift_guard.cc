#include "bench/drift_guard.h"

#include <algorithm>
#include <cmath>

#include "lab/significance.h"

namespace hftbot::bench {

double ControlRatio(const std::vector<double>& baseline, const std::vector<double>& run) {
  return lab::SpreadOf(run).median / lab::SpreadOf(baseline).median;
}

double DriftOf(const std::vector<double>& control_ratios) {
  return control_ratios.empty() ? 1 : lab::SpreadOf(control_ratios).median;
}

double SpreadPct(const std::vector<double>& times) {
  const double median = lab::SpreadOf(times).median;
  if (median <= 0) return 0;
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const size_t trim = sorted.size() >= 5 ? 1 : 0;
  return (sorted[sorted.size() - 1 - trim] - sorted[trim]) / median * 100;
}

CaseJudgement JudgeCase(const std::vector<double>& baseline, std::vector<double> run, double drift,
                        const NoiseRules& rules) {
  for (double& t : run) t /= drift;
  CaseJudgement judgement;
  judgement.baseline_median = lab::SpreadOf(baseline).median;
  judgement.current_median = lab::SpreadOf(run).median;
  judgement.change_pct = (judgement.current_median - judgement.baseline_median) / judgement.baseline_median * 100;
  judgement.threshold_pct = std::max({rules.floor_pct, SpreadPct(baseline), SpreadPct(run)});
  if (std::abs(judgement.change_pct) <= judgement.threshold_pct) return judgement;
  if (lab::MinimumPValue(run.size(), baseline.size()) < rules.alpha) {
    judgement.p_value = lab::MannWhitneyPValue(run, baseline);
    if (*judgement.p_value >= rules.alpha) return judgement;
  } else {
    judgement.too_few_runs = true;
  }
  judgement.change = judgement.change_pct > 0 ? Change::kRegression : Change::kImprovement;
  return judgement;
}

}  // namespace hftbot::bench
