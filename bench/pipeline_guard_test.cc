#include "bench/pipeline_guard.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace hftbot::bench {
namespace {

using nlohmann::json;

// Ten repetitions around `median`, spread 2% (within the 10% floor).
std::vector<double> Around(double median) {
  std::vector<double> times;
  for (double f : {0.99, 1.0, 1.01, 0.995, 1.005, 1.0, 0.99, 1.01, 1.002, 0.998}) {
    times.push_back(median * f);
  }
  return times;
}

// A synthetic report: the engine and the pipeline judged, each against its own control.
json Report(double engine, double pipeline, double compute, double handoff) {
  json report = {{"schema", kPipelinePerfSchema},
                 {"meta",
                  {{"machine", "Test CPU, 2 cores"},
                   {"allocator", "system"},
                   {"ticks_file", "data/sample.bin.gz"},
                   {"events", 250000},
                   {"digest", "00000000000000aa"},
                   {"smoke", false}}}};
  report["cases"] = json::array(
      {{{"case", "engine/pooled"}, {"unit", "ns/event"}, {"drift_from", "control/compute"}, {"times", Around(engine)}},
       {{"case", "pipeline/compact_pooled"},
        {"unit", "ns/event"},
        {"drift_from", "control/handoff"},
        {"times", Around(pipeline)}},
       {{"case", "control/compute"}, {"unit", "ns/step"}, {"times", Around(compute)}},
       {{"case", "control/handoff"}, {"unit", "ns/item"}, {"times", Around(handoff)}}});
  return report;
}

const json kBaseline = Report(100, 400, 1, 150);

const CaseRow& Row(const PipelineGuardResult& result, const std::string& name) {
  for (const CaseRow& row : result.rows) {
    if (row.name == name) return row;
  }
  throw std::out_of_range("no row " + name);
}

TEST(PipelineGuardTest, MachineDriftMeasuredByTheControlsIsCorrectedAway) {
  // A busier machine: everything, the controls included, 30% slower.
  const json slower_machine = Report(130, 520, 1.3, 195);
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, slower_machine);
  ASSERT_TRUE(result.compared);
  ASSERT_EQ(result.rows.size(), 2u);  // controls are not judged
  EXPECT_NEAR(Row(result, "engine/pooled").drift, 1.3, 1e-9);
  EXPECT_NEAR(Row(result, "engine/pooled").judgement.change_pct, 0, 1e-6);
  EXPECT_EQ(result.regressions(), 0);
  EXPECT_EQ(GuardExitStatus(result), 0);

  // The same run compared raw is two regressions: the controls are what removes them.
  PipelineGuardOptions raw;
  raw.correct_drift = false;
  EXPECT_EQ(ComparePipelineRun(kBaseline, slower_machine, raw).regressions(), 2);
}

TEST(PipelineGuardTest, ARealSlowdownOnTopOfDriftIsARegression) {
  // The machine is 15% slower; the engine 15% * 1.4: a real +40%.
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, Report(161, 460, 1.15, 172.5));
  ASSERT_EQ(result.regressions(), 1);
  const CaseRow& engine = Row(result, "engine/pooled");
  EXPECT_EQ(engine.judgement.change, Change::kRegression);
  EXPECT_NEAR(engine.judgement.change_pct, 40, 0.1);
  EXPECT_NEAR(engine.raw_median, 161, 1e-6);
  ASSERT_TRUE(engine.judgement.p_value.has_value());
  EXPECT_LT(*engine.judgement.p_value, 0.05);
  EXPECT_EQ(Row(result, "pipeline/compact_pooled").judgement.change, Change::kWithinNoise);
  EXPECT_EQ(GuardExitStatus(result), 1);
  const std::string text = FormatPipelineGuard(result);
  EXPECT_NE(text.find("REGRESSION"), std::string::npos) << text;
  EXPECT_NE(text.find("1 regression(s)"), std::string::npos) << text;
}

TEST(PipelineGuardTest, EachCaseIsDividedByItsOwnControlsDrift) {
  // Two-thread hand-offs 3x slower (a co-tenant took a core), one-thread compute not:
  // the pipeline's 3x is the machine, the engine's 3x is real.
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, Report(300, 1200, 1, 450));
  EXPECT_NEAR(Row(result, "pipeline/compact_pooled").drift, 3, 1e-9);
  EXPECT_EQ(Row(result, "pipeline/compact_pooled").judgement.change, Change::kWithinNoise);
  EXPECT_EQ(Row(result, "engine/pooled").judgement.change, Change::kRegression);
}

TEST(PipelineGuardTest, AChangeInsideTheNoiseIsNotFlagged) {
  // +6% is below the 10% floor.
  EXPECT_EQ(ComparePipelineRun(kBaseline, Report(106, 424, 1, 150)).regressions(), 0);
  // +32% when the run's repetitions spread over 45% (without the fastest and the
  // slowest) is noise too.
  json noisy = Report(130, 400, 1, 150);
  noisy["cases"][0]["times"] = {90, 95, 150, 145, 135, 100, 160, 130, 110, 155};
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, noisy);
  EXPECT_GT(Row(result, "engine/pooled").judgement.threshold_pct, 40);
  EXPECT_EQ(result.regressions(), 0);
  EXPECT_EQ(GuardExitStatus(result), 0);
}

TEST(PipelineGuardTest, FasterIsAnImprovementAndNeverFails) {
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, Report(70, 400, 1, 150));
  EXPECT_EQ(result.improvements(), 1);
  EXPECT_EQ(result.regressions(), 0);
  EXPECT_EQ(GuardExitStatus(result), 0);
}

TEST(PipelineGuardTest, ASmokeRunsFindingsAreInformational) {
  json smoke = Report(200, 400, 1, 150);
  smoke["meta"]["smoke"] = true;
  for (json& c : smoke["cases"]) {
    std::vector<double> times = c["times"];
    times.resize(1);
    c["times"] = times;
  }
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, smoke);
  EXPECT_TRUE(result.informational);
  ASSERT_EQ(result.regressions(), 1);
  // 1 against 10 can never give p < 0.05: the threshold alone listed it, and says so.
  EXPECT_TRUE(Row(result, "engine/pooled").judgement.too_few_runs);
  EXPECT_EQ(GuardExitStatus(result), 0);
  const std::string text = FormatPipelineGuard(result);
  EXPECT_EQ(text.rfind("guard: --smoke run", 0), 0u) << text;
  EXPECT_NE(text.find("too few runs to tell"), std::string::npos) << text;
}

TEST(PipelineGuardTest, NothingIsComparedAcrossMachinesAllocatorsOrFiles) {
  for (const char* key : {"machine", "allocator", "ticks_file"}) {
    json elsewhere = Report(200, 800, 1, 150);
    elsewhere["meta"][key] = "something else";
    const PipelineGuardResult result = ComparePipelineRun(kBaseline, elsewhere);
    EXPECT_FALSE(result.compared) << key;
    EXPECT_TRUE(result.rows.empty()) << key;
    ASSERT_EQ(result.notes.size(), 1u) << key;
    EXPECT_NE(result.notes[0].find(std::string("not compared: the baseline's ") + key), std::string::npos)
        << result.notes[0];
    EXPECT_EQ(GuardExitStatus(result), 0);
  }
}

TEST(PipelineGuardTest, OtherWorkIsComparedWithANote) {
  json changed = Report(100, 400, 1, 150);
  changed["meta"]["digest"] = "00000000000000bb";
  const PipelineGuardResult result = ComparePipelineRun(kBaseline, changed);
  EXPECT_TRUE(result.compared);
  EXPECT_EQ(result.rows.size(), 2u);
  ASSERT_EQ(result.notes.size(), 1u);
  EXPECT_NE(result.notes[0].find("digest differs"), std::string::npos);
}

TEST(PipelineGuardTest, RejectsWhatIsNotAPipelinePerfReport) {
  EXPECT_THROW(ComparePipelineRun(json::object(), kBaseline), std::invalid_argument);
  EXPECT_THROW(ComparePipelineRun(kBaseline, json{{"schema", "hftbot-seed-report/1"}}), std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::bench
