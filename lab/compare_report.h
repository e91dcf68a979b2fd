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
// Runs of one build on identical nodes measure alike; a variant whose runs differ by
// node more than within a node gets a warning, since its verdicts then mix node effects
// into allocator effects.
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

// One measured run: its report, its folder (for plots from its other outputs) and the
// node it ran on (empty when not recorded).
struct MeasuredRun {
  nlohmann::json report;
  std::string dir;
  int round = 0;
  std::string node{};  // (initialised so that {report, dir, round} stays a complete initialiser)
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
// over_capacity: {label: why}, aa_spread_pct: {metric: pct} (A/A mode), nodes[] (where
// the runs ran), and when that is more than one node the per-node A/A of every tested
// metric (lab/node_effect.h): node_effects: {label: {metric: {nodes: [{node, runs,
// median, within_pct}], between_pct, within_pct, p_adjusted, testable, node_effect}}},
// node_warnings[]}.
nlohmann::json AnalyseCompare(const CompareInput& input);

// The Markdown sections of the profiles (tables, recommendations, notes).
std::string CompareMarkdown(const nlohmann::json& analysis, const std::vector<std::string>& profiles,
                            const std::vector<std::string>& arms);

// The metrics shown for every allocator (descriptive columns), in table order.
const std::vector<std::string>& CompareDisplayMetrics();

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_COMPARE_REPORT_H_
