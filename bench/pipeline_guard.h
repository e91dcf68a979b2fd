// The pipeline's perf guard (issue 13): compares a run of //bench:pipeline_perf_guard
// (schema hftbot-pipeline-perf/1) with a stored baseline, case by case, by the seed
// guard's drift-corrected rule (bench/drift_guard.h).
//
// A report's cases are repetition times in a unit where lower is faster (ns per event,
// ns per kernel step, ns per round trip). A case with "drift_from" is judged, after its
// run times are divided by that control case's drift (its median run / baseline); a case
// without it is a control: never judged, it measures the machine. The single-thread
// engine cases take the one-thread compute kernel's drift, the two-thread pipeline the
// two-thread hand-off's (bench/machine_controls.h).
//
// Times only compare on the machine that made the baseline (its CPU model and core
// count), under the same allocator and on the same tick file: otherwise nothing is
// compared and a note says why. A digest other than the baseline's means the work itself
// changed (engine or strategy): the times are still compared, and a note says so. A
// --smoke run's findings are informational (few repetitions; CI runs it), never a verdict.
//
// Thread safety: pure functions.

#ifndef HFTBOT_BENCH_PIPELINE_GUARD_H_
#define HFTBOT_BENCH_PIPELINE_GUARD_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/drift_guard.h"

namespace hftbot::bench {

inline constexpr const char* kPipelinePerfSchema = "hftbot-pipeline-perf/1";

struct PipelineGuardOptions {
  NoiseRules rules;
  bool correct_drift = true;  // false: compare raw times (to see what the controls remove)
};

struct CaseRow {
  std::string name;
  std::string unit;
  std::string control;    // the control whose drift divided it
  double drift = 1;       // that control's median ratio run / baseline (1: none or not corrected)
  double raw_median = 0;  // the run's median before the division
  CaseJudgement judgement = {};
};

struct PipelineGuardResult {
  std::vector<CaseRow> rows;       // every judged case, in the run's order
  std::vector<std::string> notes;  // why nothing was compared, cases only one side has...
  bool informational = false;      // a --smoke run: findings listed, never a verdict
  bool compared = false;           // false: nothing compared (another machine, allocator, file)
  int regressions() const;
  int improvements() const;
};

// REQUIRES: both are pipeline perf reports (kPipelinePerfSchema); throws
// std::invalid_argument naming which one is not.
PipelineGuardResult ComparePipelineRun(const nlohmann::json& baseline, const nlohmann::json& run,
                                       const PipelineGuardOptions& options = {});

// One line per case (baseline, run, drift, corrected, change, threshold, verdict), the
// notes, then a total line; a smoke run's text starts by saying it is informational.
std::string FormatPipelineGuard(const PipelineGuardResult& result);

// 1 when a full (not smoke) run has a confirmed regression, else 0.
int GuardExitStatus(const PipelineGuardResult& result);

}  // namespace hftbot::bench

#endif  // HFTBOT_BENCH_PIPELINE_GUARD_H_
