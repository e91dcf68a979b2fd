#include "bench/seed/regression_guard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace hftbot::seed {
namespace {

using nlohmann::json;

// A minimal seed report: one case, one allocator, the given repetition times.
json Report(const std::vector<double>& times, double peak_rss = 100e6) {
  return {{"schema", "hftbot-seed-report/1"},
          {"meta", {{"git_commit", "abc123"}, {"created_utc", "2026-11-22T03:00:00Z"}}},
          {"cases",
           json::array(
               {{{"case", "order_book_ops/steps:100000"},
                 {"allocators", {{"system", {{"times_ns", times}, {"median_ns", times[0]}}}}}}})},
          {"workloads",
           json::array(
               {{{"workload", "order_book_ops"},
                 {"allocators", {{"system", {{"ratio", 1.0}, {"peak_rss_bytes", peak_rss}}}}}}})},
          {"overall", {{"allocators", {{"system", {{"ratio", 1.0}}}}}}}};
}

TEST(RegressionGuardTest, FlagsASlowdownBeyondTheRepetitionSpread) {
  const json baseline = Report({100, 101, 102, 100.5, 101.5});
  const GuardResult result = CompareToBaseline(baseline, Report({130, 131, 132, 130.5, 131.5}));
  ASSERT_EQ(result.regressions.size(), 1u);
  EXPECT_EQ(result.regressions[0].subject, "order_book_ops/steps:100000");
  EXPECT_NEAR(result.regressions[0].change_pct, 29.7, 0.1);
  EXPECT_DOUBLE_EQ(result.regressions[0].threshold_pct, 10);  // the floor: spread is 2%
  ASSERT_TRUE(result.regressions[0].p_value.has_value());
  EXPECT_LT(*result.regressions[0].p_value, 0.05);
  EXPECT_EQ(result.compared, 1);
}

// Adds a control case (object_pool/pool/...) with the given times.
json WithControl(json report, const std::vector<double>& control) {
  report["cases"].push_back({{"case", "object_pool/pool/batch:1/lifetime:0"},
                             {"allocators", {{"system", {{"times_ns", control}}}}}});
  return report;
}

TEST(RegressionGuardTest, MachineDriftMeasuredOnTheControlCasesIsDividedOut) {
  const std::vector<double> base = {100, 100.5, 101, 100.2, 100.8};
  const std::vector<double> slower_machine = {115, 115.5, 116, 115.2, 115.8};  // everything +15%
  const GuardResult drifted = CompareToBaseline(
      WithControl(Report(base), base), WithControl(Report(slower_machine), slower_machine));
  EXPECT_NEAR(drifted.drift, 1.15, 0.001);
  EXPECT_EQ(drifted.control_pairs, 1);
  EXPECT_TRUE(drifted.regressions.empty());
  EXPECT_EQ(drifted.compared, 1);  // the control case itself is not judged

  // The same +15% without a control case is a regression.
  EXPECT_EQ(CompareToBaseline(Report(base), Report(slower_machine)).regressions.size(), 1u);

  // A real +40% on top of the drift still is.
  const GuardResult real =
      CompareToBaseline(WithControl(Report(base), base),
                        WithControl(Report({161, 161.5, 162, 161.2, 161.8}), slower_machine));
  ASSERT_EQ(real.regressions.size(), 1u);
  EXPECT_NEAR(real.regressions[0].change_pct, 40, 0.5);
}

TEST(RegressionGuardTest, WallTimeCasesUseTheWallTimeControls) {
  json base = Report({100, 100.5, 101, 100.2, 100.8});
  json run = Report({300, 301, 302, 300.5, 301.5});  // a busy machine: 3x wall time
  base["cases"][0]["time"] = "wall";
  run["cases"][0]["time"] = "wall";
  for (json* report : {&base, &run}) {
    const double k = report == &base ? 1 : 3;
    json control = {{"case", "control/spin/threads:2"}, {"time", "wall"}};
    control["allocators"]["system"]["times_ns"] = {10 * k, 10.1 * k, 10.2 * k, 10 * k};
    (*report)["cases"].push_back(control);
  }
  const GuardResult result = CompareToBaseline(base, run);
  EXPECT_NEAR(result.wall_drift, 3.0, 0.05);
  EXPECT_DOUBLE_EQ(result.drift, 1);
  EXPECT_TRUE(result.regressions.empty());
}

TEST(RegressionGuardTest, NoisyRepetitionsRaiseTheThreshold) {
  // Baseline spread (80..140)/100 = 60%: a 30% slower median is within noise.
  const GuardResult result =
      CompareToBaseline(Report({80, 100, 140, 90, 110}), Report({125, 130, 135, 128, 132}));
  EXPECT_TRUE(result.regressions.empty());
}

TEST(RegressionGuardTest, FasterIsAnImprovementAndSingleRepetitionsUseTheThresholdAlone) {
  const GuardResult result = CompareToBaseline(Report({100}), Report({50}));
  EXPECT_TRUE(result.regressions.empty());
  ASSERT_EQ(result.improvements.size(), 1u);
  EXPECT_FALSE(result.improvements[0].p_value.has_value());
}

TEST(RegressionGuardTest, PeakRssGrowth) {
  const GuardResult result =
      CompareToBaseline(Report({100, 100, 100}, 100e6), Report({100, 100, 100}, 120e6));
  ASSERT_EQ(result.regressions.size(), 1u);
  EXPECT_EQ(result.regressions[0].subject, "order_book_ops peak RSS");
}

TEST(RegressionGuardTest, AQuickRunIsNotComparedWithAFullBaseline) {
  json quick = Report({200, 200, 200, 200});
  quick["meta"]["quick"] = true;
  const GuardResult result = CompareToBaseline(Report({100, 100, 100, 100}), quick);
  EXPECT_EQ(result.compared, 0);
  EXPECT_TRUE(result.regressions.empty());
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].find("not compared"), std::string::npos);
}

TEST(RegressionGuardTest, AQuickRunAgainstAQuickBaselineIsInformational) {
  json baseline = Report({100, 100.5, 101});
  json quick = Report({130, 131, 132});
  baseline["meta"]["quick"] = quick["meta"]["quick"] = true;
  const GuardResult result = CompareToBaseline(baseline, quick);
  EXPECT_TRUE(result.informational);
  ASSERT_EQ(result.regressions.size(), 1u);
  // 3 against 3 can never give p < 0.05: the threshold alone listed it, and says so.
  EXPECT_TRUE(result.regressions[0].too_few_runs);
  EXPECT_FALSE(result.regressions[0].p_value.has_value());
  const std::string text = FormatGuard(result);
  EXPECT_EQ(text.rfind("guard: --quick run: one cold iteration per repetition, too few runs to tell; the lines below "
                       "are informational",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("too few runs to tell)"), std::string::npos) << text;
  EXPECT_TRUE(HistoryEntry(quick, result)["informational"].get<bool>());
  EXPECT_FALSE(CompareToBaseline(Report({100, 100.5, 101}), Report({130, 131, 132})).informational);
}

TEST(RegressionGuardTest, RejectsWhatIsNotASeedReport) {
  EXPECT_THROW(CompareToBaseline(json::object(), Report({1})), std::invalid_argument);
}

TEST(RegressionGuardTest, HistoryEntryAndFormat) {
  const json run = Report({130, 131, 132});
  const GuardResult result = CompareToBaseline(Report({100, 100.5, 101}), run);
  const json entry = HistoryEntry(run, result);
  EXPECT_EQ(entry["git_commit"], "abc123");
  EXPECT_EQ(entry["regressions"], 1);
  EXPECT_DOUBLE_EQ(
      entry["allocators"]["system"]["median_ns"]["order_book_ops/steps:100000"].get<double>(), 130);
  EXPECT_EQ(entry["regressed"][0], "system order_book_ops/steps:100000");
  const std::string text = FormatGuard(result);
  EXPECT_NE(text.find("REGRESSION"), std::string::npos);
  EXPECT_NE(text.find("1 regression(s)"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::seed
