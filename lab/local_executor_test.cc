#include "lab/local_executor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hftbot::lab {
namespace {

std::string Dir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/" + name;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(LocalExecutorTest, RunsInPlanOrderAndKeepsFailures) {
  std::string log = Dir("order.log");
  std::vector<RunSpec> specs;
  for (int i = 0; i < 3; ++i) {
    RunSpec spec;
    spec.id = "run" + std::to_string(i);
    spec.argv = {"/bin/sh", "-c", "echo $RUN_ID >> " + log + "; echo out-$RUN_ID; exit $((RUN_ID == 1))"};
    spec.env = {"RUN_ID=" + std::to_string(i)};
    spec.out_dir = Dir(spec.id);
    specs.push_back(spec);
  }
  LocalExecutor executor;
  int callbacks = 0;
  std::vector<RunOutcome> outcomes = executor.RunAll(specs, [&](const RunSpec&, const RunOutcome&) { ++callbacks; });
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(callbacks, 3);
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_FALSE(outcomes[1].ok()) << "the failing run must be reported, not dropped";
  EXPECT_EQ(outcomes[1].exit_code, 1);
  EXPECT_TRUE(outcomes[2].ok()) << "a failure must not stop the runs after it";
  EXPECT_EQ(Slurp(log), "0\n1\n2\n");
  EXPECT_EQ(Slurp(Dir("run2") + "/stdout.txt"), "out-2\n");
  EXPECT_FALSE(outcomes[0].node.empty());
}

TEST(LocalExecutorTest, TimeoutMarksTheRun) {
  RunSpec spec;
  spec.id = "hung";
  spec.argv = {"/bin/sleep", "30"};
  spec.out_dir = Dir("hung");
  spec.timeout_s = 0.2;
  LocalExecutor executor;
  std::vector<RunOutcome> outcomes = executor.RunAll({spec}, {});
  ASSERT_EQ(outcomes.size(), 1u);
  EXPECT_TRUE(outcomes[0].timed_out);
  EXPECT_FALSE(outcomes[0].ok());
}

TEST(TailLinesTest, KeepsTheLastLines) {
  EXPECT_EQ(TailLines("a\nb\nc\n", 2), "b\nc");
  EXPECT_EQ(TailLines("a\nb\nc", 5), "a\nb\nc");
  EXPECT_EQ(TailLines("", 3), "");
}

}  // namespace
}  // namespace hftbot::lab
