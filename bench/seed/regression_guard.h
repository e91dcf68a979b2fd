// The seed suite's regression guard (the lesson's homework 3): compares a run's
// report (seed.json from //bench/seed:report) against a stored baseline report and
// lists every case whose median time moved beyond its noise threshold, and every
// workload whose peak RSS grew beyond a fixed share.
//
// Machine drift first: repetitions inside one process share the machine's state of
// the moment (co-tenant load, frequency), so two runs of identical code on a shared
// machine differ by more than either run's spread (an A/A pair of full runs here moved
// every case by 5-15 %, and co-tenant builds made wall-time cases 3-5x slower). Control
// cases — code that never calls the allocator in its timed region — measure that
// drift: object_pool/pool/... (CPU time) for the CPU-time and manual cases, control/...
// (threads spinning, wall time) for the wall-time cases. A run's times are divided by
// the median control ratio (run / baseline) of their kind before comparing. Then, per
// case and allocator, a noise threshold derived from the repetitions:
//   threshold = max(floor_pct, spread(baseline), spread(run)),
//   spread    = (max - min) / median of that report's repetitions, in percent.
// A slower median beyond the threshold is a regression when the Mann-Whitney test
// agrees (p < alpha); when the repetitions are too few for any p below alpha
// (lab/significance.h MinimumPValue; 3 against 3 in a quick run) the threshold alone
// decides and the finding is marked "too few runs to tell". A --quick run's findings
// are informational: one cold iteration per repetition, listed, never a verdict (and
// never a failure under --fail-on-regression).
// Faster beyond it, likewise, is an improvement (that rule, shared with the pipeline's
// guard, is bench/drift_guard.h). Control cases are not judged. Times
// only compare on the machine that made the baseline, and only between two --quick
// reports or two full ones (a quick run times one cold iteration): otherwise nothing is
// compared and a note says why.
//
// Thread safety: pure functions.

#ifndef HFTBOT_BENCH_SEED_REGRESSION_GUARD_H_
#define HFTBOT_BENCH_SEED_REGRESSION_GUARD_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hftbot::seed {

struct GuardOptions {
  double floor_pct = 10;          // never flag a change smaller than this
  bool correct_drift = true;      // divide by the control cases' median ratio
  double alpha = 0.05;            // Mann-Whitney significance level
  double rss_threshold_pct = 10;  // peak RSS growth that counts as a regression
};

struct Finding {
  std::string allocator;
  std::string subject;  // case name, or "<workload> peak RSS"
  double baseline = 0;  // median ns, or bytes
  double current = 0;
  double change_pct = 0;     // (current - baseline) / baseline * 100
  double threshold_pct = 0;  // the noise threshold it was held to
  std::optional<double> p_value;
  bool too_few_runs = false;  // the test could not have confirmed it: threshold only
};

struct GuardResult {
  std::vector<Finding> regressions;
  std::vector<Finding> improvements;
  int compared = 0;       // case × allocator pairs present in both reports
  double drift = 1;       // run / baseline on the CPU-time controls (1 = none or not corrected)
  double wall_drift = 1;  // run / baseline on the wall-time controls (control/...)
  int control_pairs = 0;  // CPU-time control case × allocator pairs behind `drift`
  int wall_control_pairs = 0;
  std::vector<std::string> notes;  // e.g. cases only one report has
  bool informational = false;      // a --quick run: findings are listed, not verdicts
};

// REQUIRES: both are BuildReport results (schema hftbot-seed-report/1); throws
// std::invalid_argument otherwise.
GuardResult CompareToBaseline(const nlohmann::json& baseline, const nlohmann::json& run,
                              const GuardOptions& options = {});

// Human-readable summary: one line per regression and improvement, then a total line.
std::string FormatGuard(const GuardResult& result);

// One history line (JSON, no newline): when, which commit, per allocator the workload
// ratios and every case's median, and the guard's counts.
nlohmann::json HistoryEntry(const nlohmann::json& run, const GuardResult& result);

}  // namespace hftbot::seed

#endif  // HFTBOT_BENCH_SEED_REGRESSION_GUARD_H_
