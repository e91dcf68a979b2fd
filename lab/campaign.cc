#include "lab/campaign.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/atomic_file.h"
#include "lab/run_plan.h"
#include "lab/run_report.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

std::string OutcomePath(const RunSpec& spec) { return spec.out_dir + "/outcome.json"; }

json OutcomeJson(const RunOutcome& outcome) {
  return {{"id", outcome.id},         {"exit_code", outcome.exit_code}, {"timed_out", outcome.timed_out},
          {"attempts", outcome.attempts}, {"elapsed_s", outcome.elapsed_s}, {"node", outcome.node},
          {"ok", outcome.ok()}};
}

// A run an earlier invocation completed: outcome.json says ok and the report is complete.
bool Reusable(const RunSpec& spec, const ReportLoader& load_report, RunRecord* record) {
  json outcome;
  if (!LoadJsonFile(OutcomePath(spec), &outcome).empty() || !outcome.value("ok", false)) return false;
  if (!load_report(ReportPathOf(spec), &record->report).empty()) return false;
  record->outcome.id = spec.id;
  record->outcome.exit_code = 0;
  record->outcome.attempts = outcome.value("attempts", 1);
  record->outcome.elapsed_s = outcome.value("elapsed_s", 0.0);
  record->outcome.node = outcome.value("node", "");
  record->reused = true;
  return true;
}

std::string FailureOf(const RunSpec& spec, const RunOutcome& outcome) {
  std::string tail = outcome.stderr_tail.empty() ? "" : ":\n" + outcome.stderr_tail;
  if (outcome.timed_out) return fmt::format("timed out after {:.0f} s (--run-timeout){}", spec.timeout_s, tail);
  if (outcome.exit_code < 0) return fmt::format("could not start {}{}", spec.argv.empty() ? "" : spec.argv[0], tail);
  if (outcome.exit_code != 0) return fmt::format("exit {}{}", outcome.exit_code, tail);
  return "";
}

}  // namespace

std::vector<RunRecord> RunCampaign(Executor& executor, const std::vector<RunSpec>& plan, const std::string& tool,
                                   std::ostream& log, const ReportLoader& load_report) {
  std::vector<RunRecord> records(plan.size());
  std::vector<RunSpec> pending;
  std::vector<size_t> pending_index;
  for (size_t i = 0; i < plan.size(); ++i) {
    records[i].spec = plan[i];
    if (!Reusable(plan[i], load_report, &records[i])) {
      // A stale report of an earlier, failed attempt must not pass for this run's.
      std::error_code ignored;
      std::filesystem::remove(OutcomePath(plan[i]), ignored);
      std::filesystem::remove(ReportPathOf(plan[i]), ignored);
      pending.push_back(plan[i]);
      pending_index.push_back(i);
    }
  }
  size_t done = 0;
  const size_t reused = plan.size() - pending.size();
  if (reused > 0) {
    log << fmt::format("{}: reusing {} completed runs of an earlier invocation; {} to run\n", tool, reused, pending.size());
  }
  auto on_done = [&](const RunSpec& spec, const RunOutcome& outcome) {
    ++done;
    const std::string problem = WriteFileAtomically(OutcomePath(spec), OutcomeJson(outcome).dump(2) + "\n");
    log << fmt::format("{}: [{}/{}] {}{} {:.1f} s{}\n", tool, reused + done, plan.size(), spec.id,
                       spec.round == 0 ? " (warm-up)" : "", outcome.elapsed_s,
                       outcome.ok() ? "" : (outcome.timed_out ? " TIMED OUT" : fmt::format(" FAILED (exit {})", outcome.exit_code)));
    if (!problem.empty()) log << tool << ": warning: " << problem << " (this run cannot be resumed)\n";
    log.flush();
  };
  std::vector<RunOutcome> outcomes = pending.empty() ? std::vector<RunOutcome>{} : executor.RunAll(pending, on_done);
  for (size_t k = 0; k < pending.size(); ++k) {
    RunRecord& record = records[pending_index[k]];
    record.outcome = k < outcomes.size() ? outcomes[k] : RunOutcome{pending[k].id, -1, false, 0, 0, "", "not run"};
    record.failure = FailureOf(record.spec, record.outcome);
    if (record.failure.empty()) {
      std::string problem = load_report(ReportPathOf(record.spec), &record.report);
      if (!problem.empty()) {
        record.failure = "exit 0 but " + problem;
        record.report = nullptr;
      }
    }
  }
  return records;
}

void RequireAllocator(std::vector<RunRecord>& records, const std::function<std::string(const RunSpec&)>& allocator_of) {
  for (RunRecord& record : records) {
    if (!record.ok()) continue;
    const std::string reported = record.report["allocator"]["name"];
    const std::string expected = allocator_of(record.spec);
    if (reported != expected) {
      record.failure = fmt::format("the bot reports allocator {}, not {}: not the build it was meant to be", reported, expected);
      record.report = nullptr;
    }
  }
}

std::vector<RunRecord> Rounds::All() const {
  std::vector<RunRecord> all = warm_up;
  all.insert(all.end(), measured.begin(), measured.end());
  return all;
}

Rounds RunRounds(Executor& executor, const std::vector<Arm>& arms, RoundsSetup setup, const std::string& tool,
                 std::ostream& log) {
  Rounds result;
  PlanOptions& options = setup.options;
  options.first_round = options.last_round = 0;
  options.timeout_s = setup.timeout.FirstPhase();
  result.warm_up = RunCampaign(executor, InterleavedPlan(arms, options), tool, log);
  if (setup.allocator_of) RequireAllocator(result.warm_up, setup.allocator_of);
  if (CountsOf(result.warm_up).failed == static_cast<int>(result.warm_up.size())) {
    const std::vector<std::string> failures = FailureLines(result.warm_up);
    result.stopped = "every warm-up run failed; the first:\n" + (failures.empty() ? std::string() : failures.front());
    return result;
  }
  if (setup.check_warm_up) {
    result.stopped = setup.check_warm_up(result.warm_up);
    if (!result.stopped.empty()) return result;
  }
  options.first_round = 1;
  options.last_round = setup.rounds;
  options.timeout_s = setup.timeout.Later(SlowestSuccessfulRun(result.warm_up));
  result.measured = RunCampaign(executor, InterleavedPlan(arms, options), tool, log);
  if (setup.allocator_of) RequireAllocator(result.measured, setup.allocator_of);
  return result;
}

CampaignCounts CountsOf(const std::vector<RunRecord>& records) {
  CampaignCounts counts;
  for (const RunRecord& record : records) {
    if (record.reused) {
      ++counts.reused;
    } else {
      ++counts.ran;
    }
    if (!record.ok()) ++counts.failed;
  }
  return counts;
}

double SlowestSuccessfulRun(const std::vector<RunRecord>& records) {
  double slowest = 0;
  for (const RunRecord& record : records) {
    if (record.ok()) slowest = std::max(slowest, record.outcome.elapsed_s);
  }
  return slowest;
}

std::vector<std::string> FailureLines(const std::vector<RunRecord>& records) {
  std::vector<std::string> lines;
  for (const RunRecord& record : records) {
    if (!record.ok()) lines.push_back(record.spec.id + ": " + record.failure);
  }
  return lines;
}

}  // namespace hftbot::lab
