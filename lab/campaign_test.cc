#include "lab/campaign.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "lab/test_dir.h"
#include "lab/run_plan.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json CompleteReport() {
  return {{"allocator", {{"name", "system"}}},
          {"digest", "d1"},
          {"throughput_ticks_per_s", 1000.0},
          {"latency_ns", json::object()},
          {"run", json::object()},
          {"memory", {{"peak_rss_bytes", 1e6}}}};
}

// Stands in for a machine: "runs" each spec by writing what the test scripted for it.
class ScriptedExecutor final : public Executor {
 public:
  enum class Behaviour { kGood, kFailWithStderr, kExitZeroNoReport, kTimeout };
  std::map<std::string, Behaviour> behaviour;  // by spec id; default kGood
  std::vector<std::string> ran;

  std::string name() const override { return "scripted"; }
  std::vector<RunOutcome> RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) override {
    std::vector<RunOutcome> outcomes;
    for (const RunSpec& spec : specs) {
      ran.push_back(spec.id);
      std::filesystem::create_directories(spec.out_dir);
      RunOutcome outcome{spec.id, 0, false, 1, 0.5, "here", ""};
      switch (behaviour.count(spec.id) ? behaviour[spec.id] : Behaviour::kGood) {
        case Behaviour::kGood:
          std::ofstream(ReportPathOf(spec)) << CompleteReport().dump();
          break;
        case Behaviour::kFailWithStderr:
          outcome.exit_code = 105;
          outcome.stderr_tail = "bot: --rate: expected a number";
          break;
        case Behaviour::kExitZeroNoReport:
          break;
        case Behaviour::kTimeout:
          outcome.exit_code = 143;
          outcome.timed_out = true;
          break;
      }
      if (on_done) on_done(spec, outcome);
      outcomes.push_back(outcome);
    }
    return outcomes;
  }
};

std::vector<RunSpec> Plan(const std::string& root) {
  std::vector<Arm> arms = {{"a", "A", {"/bot"}, {}}, {"b", "B", {"/bot"}, {}}};
  PlanOptions options;
  options.root = root;
  options.first_round = 0;
  options.last_round = 2;
  options.timeout_s = 7;
  return InterleavedPlan(arms, options);
}

TEST(RunCampaignTest, KeepsEveryRunAndSaysWhyOnesFailed) {
  std::string root = FreshTestDir("campaign-failures");
  ScriptedExecutor executor;
  executor.behaviour["b-r1"] = ScriptedExecutor::Behaviour::kFailWithStderr;
  executor.behaviour["a-r2"] = ScriptedExecutor::Behaviour::kTimeout;
  executor.behaviour["b-r2"] = ScriptedExecutor::Behaviour::kExitZeroNoReport;
  std::ostringstream log;
  std::vector<RunRecord> records = RunCampaign(executor, Plan(root), "test", log);
  ASSERT_EQ(records.size(), 6u);
  CampaignCounts counts = CountsOf(records);
  EXPECT_EQ(counts.ran, 6);
  EXPECT_EQ(counts.failed, 3);
  EXPECT_TRUE(records[0].ok());
  EXPECT_EQ(records[0].report["digest"], "d1");
  std::vector<std::string> lines = FailureLines(records);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "b-r1: exit 105:\nbot: --rate: expected a number");
  EXPECT_EQ(lines[1], "a-r2: timed out after 7 s (--run-timeout)");
  EXPECT_NE(lines[2].find("b-r2: exit 0 but"), std::string::npos) << lines[2];
  EXPECT_NE(lines[2].find("report.json missing"), std::string::npos) << lines[2];
  EXPECT_NE(log.str().find("test: [3/6] b-r1 0.5 s FAILED (exit 105)"), std::string::npos) << log.str();
  EXPECT_NE(log.str().find("TIMED OUT"), std::string::npos);
}

TEST(RunCampaignTest, ResumingRunsOnlyWhatDidNotComplete) {
  std::string root = FreshTestDir("campaign-resume");
  ScriptedExecutor first;
  first.behaviour["b-r1"] = ScriptedExecutor::Behaviour::kFailWithStderr;
  std::ostringstream log;
  RunCampaign(first, Plan(root), "test", log);
  // The failed run left no report; give it a stale one that must not be trusted.
  std::ofstream(root + "/runs/b/r1/report.json") << CompleteReport().dump();

  ScriptedExecutor second;
  std::vector<RunRecord> records = RunCampaign(second, Plan(root), "test", log);
  EXPECT_EQ(second.ran, std::vector<std::string>{"b-r1"});
  CampaignCounts counts = CountsOf(records);
  EXPECT_EQ(counts.reused, 5);
  EXPECT_EQ(counts.ran, 1);
  EXPECT_EQ(counts.failed, 0);
  EXPECT_TRUE(records[0].reused);
  EXPECT_DOUBLE_EQ(records[0].outcome.elapsed_s, 0.5);
  EXPECT_DOUBLE_EQ(SlowestSuccessfulRun(records), 0.5);
}

TEST(RunCampaignTest, AnIncompleteReportIsRunAgain) {
  std::string root = FreshTestDir("campaign-incomplete");
  ScriptedExecutor first;
  std::ostringstream log;
  RunCampaign(first, Plan(root), "test", log);
  json truncated = CompleteReport();
  truncated.erase("digest");
  std::ofstream(root + "/runs/a/r2/report.json") << truncated.dump();
  ScriptedExecutor second;
  RunCampaign(second, Plan(root), "test", log);
  EXPECT_EQ(second.ran, std::vector<std::string>{"a-r2"});
}

}  // namespace
}  // namespace hftbot::lab
