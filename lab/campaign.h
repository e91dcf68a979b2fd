// Runs a plan through an Executor and turns each run into a record the analysis can
// use: its report, or why it failed (exit status with the bot's last stderr lines,
// timeout, a missing or incomplete report). Resumable: a run whose folder already
// holds outcome.json marked ok and a complete report.json is reused, not run again, so
// re-running an interrupted tool with the same output folder finishes it. Failed runs
// are kept as records, never thrown: the tools analyse whatever completed.
//
// Thread safety: one thread at a time (the Executor's rule).

#ifndef HFTBOT_LAB_CAMPAIGN_H_
#define HFTBOT_LAB_CAMPAIGN_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "lab/executor.h"
#include "lab/run_plan.h"
#include "lab/run_report.h"
#include "lab/run_timeout.h"

namespace hftbot::lab {

struct RunRecord {
  RunSpec spec;
  RunOutcome outcome;
  bool reused = false;    // completed by an earlier invocation
  nlohmann::json report;  // null unless ok()
  std::string failure;    // empty when the run is usable
  bool ok() const { return failure.empty(); }
};

struct CampaignCounts {
  int reused = 0, ran = 0, failed = 0;
};

// Reads the report a run wrote (ReportPathOf its spec) into `report`: an empty string
// when it is complete, else what is wrong. The bot's (LoadRunReport) by default; the
// seed report reads Google Benchmark's JSON instead.
using ReportLoader = std::function<std::string(const std::string& path, nlohmann::json* report)>;

// Runs what `plan` still needs, in plan order, and returns one record per spec in plan
// order. `tool` prefixes the progress lines written to `log` (one per run).
std::vector<RunRecord> RunCampaign(Executor& executor, const std::vector<RunSpec>& plan, const std::string& tool,
                                   std::ostream& log, const ReportLoader& load_report = LoadRunReport);

// Marks failed every ok record whose report names another allocator than
// `allocator_of(spec)`: the run was not the build it was meant to be.
void RequireAllocator(std::vector<RunRecord>& records, const std::function<std::string(const RunSpec&)>& allocator_of);

struct Rounds {
  std::vector<RunRecord> warm_up;   // round 0
  std::vector<RunRecord> measured;  // rounds 1..R; empty when stopped after the warm-up
  std::string stopped;              // why the measured rounds did not run, or empty
  std::vector<RunRecord> All() const;
};

struct RoundsSetup {
  PlanOptions options;  // the folder and environment; rounds and timeout are set by RunRounds
  int rounds = 1;
  RunTimeout timeout;
  // When set, every report must name this allocator (RequireAllocator).
  std::function<std::string(const RunSpec&)> allocator_of;
  // When set, looks at the warm-up's records: a non-empty answer stops the campaign.
  std::function<std::string(const std::vector<RunRecord>&)> check_warm_up;
};

// The usual campaign of a tool: the warm-up round under timeout.FirstPhase(), then,
// unless every warm-up run failed or check_warm_up objects, rounds 1..R under
// timeout.Later(the slowest warm-up run).
Rounds RunRounds(Executor& executor, const std::vector<Arm>& arms, RoundsSetup setup, const std::string& tool,
                 std::ostream& log);

CampaignCounts CountsOf(const std::vector<RunRecord>& records);

// The longest elapsed time among records that ran and succeeded here; 0 when none did.
double SlowestSuccessfulRun(const std::vector<RunRecord>& records);

// "naive-jemalloc-r3: exit 1: <stderr tail>" lines, for the reports.
std::vector<std::string> FailureLines(const std::vector<RunRecord>& records);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_CAMPAIGN_H_
