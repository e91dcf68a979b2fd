#include "lab/invocation.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "lab/test_dir.h"

namespace hftbot::lab {
namespace {

TEST(InvocationTest, SessionOptionsAreNotPartOfTheMeasurement) {
  std::vector<std::string> args = {"--runs", "6", "--out", "/o", "--executor=local", "--rate", "1000",
                                   "--run-timeout", "30", "--resume", "/o"};
  EXPECT_EQ(MeasurementArguments(args), (std::vector<std::string>{"--runs", "6", "--rate", "1000"}));
  EXPECT_EQ(SessionArguments(args),
            (std::vector<std::string>{"--out", "/o", "--executor=local", "--run-timeout", "30"}));
  EXPECT_EQ(MeasurementArguments({"--output-x", "1"}), (std::vector<std::string>{"--output-x", "1"}));
}

TEST(InvocationTest, ExecutorOptionsAreSessionOptions) {
  std::vector<std::string> args = {"--runs", "6", "--executor", "slurm", "--slurm-partition", "p",
                                   "--slurm-retries=2", "--rate", "1000"};
  EXPECT_EQ(MeasurementArguments(args), (std::vector<std::string>{"--runs", "6", "--rate", "1000"}));
  EXPECT_EQ(SessionArguments(args), (std::vector<std::string>{"--executor", "slurm", "--slurm-partition", "p",
                                                              "--slurm-retries=2"}));
}

TEST(InvocationTest, TheSameCommandResumesAnotherIsRefused) {
  std::string dir = FreshTestDir("claim");
  Invocation first{"compare", {"--runs", "6"}, "/home/u"};
  bool resumed = true;
  EXPECT_EQ(ClaimOutputDir(dir, first, &resumed), "");
  EXPECT_FALSE(resumed);
  EXPECT_EQ(ClaimOutputDir(dir, first, &resumed), "");
  EXPECT_TRUE(resumed);

  std::string error;
  std::optional<Invocation> stored = LoadInvocation(dir, &error);
  ASSERT_TRUE(stored) << error;
  EXPECT_EQ(stored->arguments, first.arguments);
  EXPECT_EQ(stored->working_dir, "/home/u");

  Invocation other{"compare", {"--runs", "7"}, "/home/u"};
  std::string refusal = ClaimOutputDir(dir, other, &resumed);
  EXPECT_NE(refusal.find("holds the runs of another command (compare --runs 6"), std::string::npos) << refusal;
  EXPECT_NE(ClaimOutputDir(dir, Invocation{"tune", {"--runs", "6"}, "/home/u"}, &resumed), "");
}

TEST(InvocationTest, MissingOrBrokenRecordsAreErrors) {
  std::string error;
  EXPECT_FALSE(LoadInvocation(FreshTestDir("nothing-here"), &error));
  EXPECT_NE(error.find("invocation.json missing"), std::string::npos) << error;
  std::string dir = FreshTestDir("broken");
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/invocation.json") << "{\"tool\": 3}";
  EXPECT_FALSE(LoadInvocation(dir, &error));
  EXPECT_NE(error.find("not an invocation record"), std::string::npos) << error;
}

}  // namespace
}  // namespace hftbot::lab
