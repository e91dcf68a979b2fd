// The analysis and the document of //lab:compare, from the reports of its runs: per
// profile, whether every run produced the same digest, each allocator's figures
// (median [min–max] over the runs), a verdict against the baseline for each tested
// metric (lab/verdict.h, Holm over every test of the profile's table), one
// recommendation per tested metric (lab/recommendation.h), the runs that could not keep
// up with their pace, and in A/A mode the A/A spread of every figure (which a later
// compare reads with --noise).
//
// The tested metrics default to what means something in the mode the bot ran
// (lab/replay_mode.h): at max speed throughput, engine_service and peak RSS; paced,
// tick_to_order, engine_service and peak RSS.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_COMPARE_REPORT_H_
#define HFTBOT_LAB_COMPARE_REPORT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lab/verdict.h"

namespace hftbot::lab {

// One measured run: its report and its folder (for plots from its other outputs).
struct MeasuredRun {
  nlohmann::json report;
  std::string dir;
  int round = 0;
};

struct CompareInput {
  std::vector<std::string> profiles;
  std::vector<std::string> arms;  // labels; the first is the baseline
  // runs[profile][arm]: the measured runs that completed (warm-up and failures left out).
  std::map<std::string, std::map<std::string, std::vector<MeasuredRun>>> runs;
  std::vector<std::string> tested;  // metric names; empty: the mode's defaults
  VerdictRules rules;
  bool aa = false;  // arms are system and system again: measure the A/A spread
  // {profile: {metric: percent}} from an earlier A/A compare (--noise); null for none.
  nlohmann::json aa_spread_pct;
};

// Per profile: {mode, paced, digest, digests_agree, digest_problems[], tested[],
// family_size, runs_needed, arms: {label: {version, runs, median_run_dir,
// metrics: {name: {median, min, max, values[], verdict{...}}}}}, recommendations[],
// over_capacity: {label: why}, aa_spread_pct: {metric: pct} (A/A mode)}.
nlohmann::json AnalyseCompare(const CompareInput& input);

// The Markdown sections of the profiles (tables, recommendations, notes).
std::string CompareMarkdown(const nlohmann::json& analysis, const std::vector<std::string>& profiles,
                            const std::vector<std::string>& arms);

// The metrics shown for every allocator (descriptive columns), in table order.
const std::vector<std::string>& CompareDisplayMetrics();

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_COMPARE_REPORT_H_
