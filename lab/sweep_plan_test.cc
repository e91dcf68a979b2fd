#include "lab/sweep_plan.h"

#include <filesystem>

#include "gtest/gtest.h"
#include "lab/test_dir.h"

namespace hftbot::lab {
namespace {

TEST(SweepPlannerTest, MaxSpeedAndPacedArms) {
  SweepPlanner planner({{"system", {"/b/system/bot"}}, {"jemalloc", {"/b/jemalloc/bot", "--component", "book=x"}}},
                       {"--ticks", "/t.bin"});
  std::vector<Arm> saturation = planner.SaturationArms({"naive"}, {"system", "jemalloc"});
  ASSERT_EQ(saturation.size(), 2u);
  EXPECT_EQ(saturation[1].id, "sat-naive-jemalloc");
  EXPECT_EQ(saturation[1].argv, (std::vector<std::string>{"/b/jemalloc/bot", "--component", "book=x", "--no-progress",
                                                          "--profile", "naive", "--speed", "max", "--ticks", "/t.bin"}));
  std::vector<Arm> ladder = planner.LadderArms({{"naive", {150000, 1.5e6}}}, {"system", "jemalloc"});
  ASSERT_EQ(ladder.size(), 4u);
  EXPECT_EQ(ladder[1].id, "naive-system-1500000");
  EXPECT_EQ(ladder[1].argv[4], "--rate");
  EXPECT_EQ(ladder[1].argv[5], "1500000");

  std::vector<RunSpec> specs = InterleavedPlan(ladder, {"/o", 1, 1, 0, {}, {}});
  ScaleLadderTimeouts(specs, planner, {{"naive/system", 1.5e6}, {"naive/jemalloc", 3e6}}, RunTimeout{}, 10);
  for (const RunSpec& spec : specs) {
    const SweepArm& arm = planner.ArmOf(spec);
    // 10x the 10 s warm-up, times how much longer than max speed the rate takes.
    const double expected = std::max(60.0, 100 * std::max(1.0, (arm.allocator == "system" ? 1.5e6 : 3e6) / arm.rate));
    EXPECT_DOUBLE_EQ(spec.timeout_s, expected) << spec.id;
  }
}

TEST(LadderFileTest, TheFirstLadderIsKeptForResumption) {
  std::string dir = FreshTestDir("ladder");
  std::filesystem::create_directories(dir);
  std::map<std::string, std::vector<double>> first = {{"naive", {2000, 1000}}};
  EXPECT_EQ(LoadOrStoreLadder(dir, &first), "");
  EXPECT_EQ(first["naive"], (std::vector<double>{1000, 2000}));
  std::map<std::string, std::vector<double>> again = {{"naive", {5, 6, 7}}};
  EXPECT_EQ(LoadOrStoreLadder(dir, &again), "");
  EXPECT_EQ(again, first);
}

}  // namespace
}  // namespace hftbot::lab
