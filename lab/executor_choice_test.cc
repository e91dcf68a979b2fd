#include "lab/executor_choice.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

// Parses `args` into `choice`; what ExecutorOptionsProblem says, or "parse error".
std::string Parse(std::vector<std::string> args, ExecutorChoice* choice) {
  CLI::App app;
  AddExecutorOptions(app, choice);
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& error) {
    return "parse error";
  }
  return ExecutorOptionsProblem(app, *choice);
}

TEST(ExecutorChoiceTest, DefaultsToLocal) {
  ExecutorChoice choice;
  EXPECT_EQ(Parse({}, &choice), "");
  EXPECT_EQ(choice.name, "local");
  EXPECT_EQ(MakeExecutor(choice, "/tmp/out", false)->name(), "local");
}

TEST(ExecutorChoiceTest, UnknownNamesAndStraySlurmOptionsAreRefused) {
  ExecutorChoice choice;
  EXPECT_EQ(Parse({"--executor", "slurmm"}, &choice), "unknown executor 'slurmm' (--executor takes local or slurm)");
  EXPECT_EQ(Parse({"--slurm-partition", "fast"}, &choice),
            "--slurm-partition applies to the Slurm executor: add --executor slurm, or drop it to run locally");
  EXPECT_NE(Parse({"--executor", "local", "--slurm-retries", "0"}, &choice), "");
  EXPECT_EQ(Parse({"--executor", "slurm", "--slurm-partition", "fast"}, &choice), "");
}

TEST(ExecutorChoiceTest, SlurmOptionsReachTheExecutor) {
  ExecutorChoice choice;
  ASSERT_EQ(Parse({"--executor", "slurm", "--slurm-partition", "fast", "--slurm-constraint", "epyc",
                   "--slurm-time-limit", "900", "--slurm-max-running", "4", "--slurm-retries", "0",
                   "--slurm-poll-interval", "0.5", "--slurm-sbatch-arg=--account=lab", "--slurm-sbatch-arg=--qos=x"},
                  &choice),
            "");
  SlurmOptions options = SlurmOptionsFor(choice, "/data/out", true);
  EXPECT_EQ(options.shared_dir, "/data/out/slurm");
  EXPECT_EQ(options.partition, "fast");
  EXPECT_EQ(options.constraint, "epyc");
  EXPECT_EQ(options.time_limit_s, 900);
  EXPECT_EQ(options.max_running, 4);
  EXPECT_EQ(options.retries, 0);
  EXPECT_EQ(options.poll_interval_s, 0.5);
  EXPECT_EQ(options.sbatch_args, (std::vector<std::string>{"--account=lab", "--qos=x"}));
  EXPECT_TRUE(options.resume);

  ASSERT_EQ(Parse({"--executor", "slurm", "--slurm-shared-dir", "/nfs/exp1"}, &choice), "");
  options = SlurmOptionsFor(choice, "/data/out", false);
  EXPECT_EQ(options.shared_dir, "/nfs/exp1");
  EXPECT_FALSE(options.resume);
  EXPECT_EQ(options.retries, SlurmOptions{}.retries);
}

}  // namespace
}  // namespace hftbot::lab
