#include "lab/run_plan.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::vector<Arm> ThreeArms() {
  return {{"a", "A", {"/bin/bot", "--hgrm-dir", "{dir}"}, {"X=1"}},
          {"b", "B", {"/bin/bot"}, {}},
          {"c", "C", {"/bin/bot", "--hlog", "{dir}/t.hlog"}, {}}};
}

TEST(InterleavedPlanTest, EveryRoundRotatesTheStart) {
  PlanOptions options{"/out", 0, 3, 30, {"RUNFILES_DIR=/r"}, {"BUILD_WORKING_DIRECTORY"}};
  std::vector<RunSpec> plan = InterleavedPlan(ThreeArms(), options);
  ASSERT_EQ(plan.size(), 12u);
  std::vector<std::string> ids;
  for (const RunSpec& spec : plan) ids.push_back(spec.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"a-r0", "b-r0", "c-r0", "b-r1", "c-r1", "a-r1", "c-r2", "a-r2", "b-r2",
                                           "a-r3", "b-r3", "c-r3"}));
  EXPECT_EQ(plan[3].round, 1);
  EXPECT_EQ(ArmIdOf(plan[4]), "c");
}

TEST(InterleavedPlanTest, EachRunHasItsOwnFolderReportAndEnvironment) {
  std::vector<RunSpec> plan = InterleavedPlan(ThreeArms(), {"/out", 1, 1, 30, {"RUNFILES_DIR=/r"}, {"V"}});
  const RunSpec& a = plan[2];  // round 1 starts with b
  ASSERT_EQ(a.id, "a-r1");
  EXPECT_EQ(a.out_dir, "/out/runs/a/r1");
  EXPECT_EQ(a.argv, (std::vector<std::string>{"/bin/bot", "--hgrm-dir", "/out/runs/a/r1", "--report-json",
                                              "/out/runs/a/r1/report.json"}));
  EXPECT_EQ(a.env, (std::vector<std::string>{"RUNFILES_DIR=/r", "X=1"}));
  EXPECT_EQ(a.unset, (std::vector<std::string>{"V"}));
  EXPECT_EQ(a.timeout_s, 30);
  EXPECT_EQ(plan[1].argv[2], "/out/runs/c/r1/t.hlog");
  EXPECT_EQ(ReportPathOf(a), "/out/runs/a/r1/report.json");
}

TEST(InterleavedPlanTest, WarmUpOnlyOrNothing) {
  EXPECT_EQ(InterleavedPlan(ThreeArms(), {"/o", 0, 0, 0, {}, {}}).size(), 3u);
  EXPECT_TRUE(InterleavedPlan({}, {"/o", 0, 5, 0, {}, {}}).empty());
  EXPECT_TRUE(InterleavedPlan(ThreeArms(), {"/o", 2, 1, 0, {}, {}}).empty());
}

}  // namespace
}  // namespace hftbot::lab
