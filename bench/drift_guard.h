// The verdict rule of the wall-clock perf guards (the seed suite's, bench/seed/
// regression_guard.h, and the pipeline's, bench/pipeline_guard.h): is one case's set of
// repetition times, taken now, slower or faster than a baseline's beyond noise?
//
// Machine drift first: on a shared machine two runs of identical code differ by more
// than either run's spread (co-tenant load, frequency). Control cases — code that is
// not the project's and never calls the allocator — measure it: their median ratio
// run / baseline is the drift, and a case's run times are divided by the drift of its
// kind of control before they are compared. Then
//   threshold = max(floor_pct, spread(baseline), spread(run)),
//   spread    = (max - min) / median of that side's repetitions, in percent, leaving
//               out the fastest and the slowest when there are five or more (one
//               repetition stalled by a co-tenant would otherwise set the threshold);
// a median change beyond the threshold is a regression (slower) or an improvement
// (faster) when the two-sided Mann-Whitney test agrees (p < alpha). When the sample
// sizes cannot produce any p below alpha (lab::MinimumPValue), the threshold alone
// decides and the judgement says "too few runs to tell".
//
// Thread safety: pure functions.

#ifndef HFTBOT_BENCH_DRIFT_GUARD_H_
#define HFTBOT_BENCH_DRIFT_GUARD_H_

#include <optional>
#include <vector>

namespace hftbot::bench {

struct NoiseRules {
  double floor_pct = 10;  // never flag a change smaller than this
  double alpha = 0.05;    // Mann-Whitney significance level
};

enum class Change { kWithinNoise, kRegression, kImprovement };

struct CaseJudgement {
  double baseline_median = 0;
  double current_median = 0;      // after the drift division
  double change_pct = 0;          // (current - baseline) / baseline * 100
  double threshold_pct = 0;       // the noise threshold it was held to
  std::optional<double> p_value;  // absent when the runs are too few for the test
  bool too_few_runs = false;      // the threshold alone decided
  Change change = Change::kWithinNoise;
};

// A control case's median ratio, run / baseline. REQUIRES: both non-empty, baseline's
// median > 0.
double ControlRatio(const std::vector<double>& baseline, const std::vector<double>& run);

// The drift of one kind of control: the median of its control ratios, 1 when there are none.
double DriftOf(const std::vector<double>& control_ratios);

// (max - min) / median of the repetitions, in percent, without the fastest and the
// slowest when there are five or more; 0 for a zero median.
double SpreadPct(const std::vector<double>& times);

// Judges a case's run times, divided by `drift`, against its baseline times (both in a
// unit where lower is faster). REQUIRES: both non-empty; drift > 0.
CaseJudgement JudgeCase(const std::vector<double>& baseline, std::vector<double> run, double drift,
                        const NoiseRules& rules = {});

}  // namespace hftbot::bench

#endif  // HFTBOT_BENCH_DRIFT_GUARD_H_
