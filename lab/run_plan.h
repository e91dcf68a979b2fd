// A lab tool's measurement plan: every arm (an allocator, a profile, a grid entry, an
// offered rate...) run once per round, rounds interleaved so that a slow drift of a
// shared machine hits every arm alike. Each round starts one arm later than the
// previous one, so no arm always runs first (right after another arm's teardown), and
// round 0 is a warm-up that fills the page cache and is never analysed.
//
// Every run gets its own folder, <root>/runs/<arm id>/r<round>, and writes its report
// there: the plan appends "--report-json <folder>/report.json" to the arm's argv and
// replaces "{dir}" in any argument with the folder (e.g. "--hgrm-dir", "{dir}").
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_RUN_PLAN_H_
#define HFTBOT_LAB_RUN_PLAN_H_

#include <string>
#include <vector>

#include "lab/executor.h"

namespace hftbot::lab {

struct Arm {
  std::string id;     // unique in the plan, safe as a folder name: "naive-jemalloc"
  std::string label;  // for people: "jemalloc"
  std::vector<std::string> argv;  // argv[0]: the program; no per-run output options
  std::vector<std::string> env;   // "KEY=value" added to the run's environment
};

struct PlanOptions {
  std::string root;       // the tool's output folder (absolute)
  int first_round = 1;    // 0 to include the warm-up round
  int last_round = 1;     // inclusive
  double timeout_s = 0;   // RunSpec::timeout_s of every run
  std::vector<std::string> env;    // added to every run, before the arm's own
  std::vector<std::string> unset;  // removed from every run's environment
};

// One RunSpec per arm and round, rounds in order, each round rotated by its number.
std::vector<RunSpec> InterleavedPlan(const std::vector<Arm>& arms, const PlanOptions& options);

// The report a spec writes.
std::string ReportPathOf(const RunSpec& spec);

// The spec's arm id ("naive-jemalloc" of "naive-jemalloc-r3").
std::string ArmIdOf(const RunSpec& spec);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_RUN_PLAN_H_
