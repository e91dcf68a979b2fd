// The analysis and the document of //lab:tune: grid entries ranked by one metric
// (median over the runs), each judged against the baseline entry (lab/verdict.h, Holm
// over every entry tested), the entries the allocator ignored or rejected listed as
// invalid and never ranked, and a winner line (lab/recommendation.h) that names a
// setting only when it is better beyond noise.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_TUNE_REPORT_H_
#define HFTBOT_LAB_TUNE_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lab/compare_report.h"
#include "lab/metric.h"
#include "lab/tuning_grid.h"
#include "lab/verdict.h"

namespace hftbot::lab {

struct TunedEntry {
  GridEntry entry;
  std::vector<MeasuredRun> runs;  // measured rounds that completed
};

struct TuneInput {
  std::string allocator;
  Metric metric;
  std::vector<TunedEntry> entries;  // the baseline first
  VerdictRules rules;
  double aa_spread_pct = 0;  // of `metric`, from --noise; 0 = none
};

// {allocator, metric, mode, digests_agree, digest_problems[], family_size, runs_needed,
//  ranked[{rank, entry, export, runs, median, min, max, values[], verdict{...}|null,
//  throughput, peak_rss}], invalid[{entry, export, problems[]}], missing[entry],
//  recommendation{kind, picks[], text}}.
nlohmann::json AnalyseTune(const TuneInput& input);

std::string TuneMarkdown(const nlohmann::json& analysis);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_TUNE_REPORT_H_
