#include "lab/subprocess.h"

#include <gtest/gtest.h>

#include <csignal>

namespace hftbot::lab {
namespace {

TEST(SubprocessTest, CapturesOutputAndExitCode) {
  ProcessResult result = RunProcess({"/bin/sh", "-c", "echo out; echo err >&2; exit 7"});
  EXPECT_EQ(result.exit_code, 7);
  EXPECT_EQ(result.stdout_text, "out\n");
  EXPECT_EQ(result.stderr_text, "err\n");
  EXPECT_FALSE(result.timed_out);
}

TEST(SubprocessTest, EnvironmentIsAddedReplacedAndUnset) {
  setenv("HFTBOT_SUBPROCESS_KEEP", "kept", 1);
  setenv("HFTBOT_SUBPROCESS_DROP", "dropped", 1);
  ProcessOptions options;
  options.env = {"HFTBOT_SUBPROCESS_KEEP=replaced", "HFTBOT_SUBPROCESS_NEW=new"};
  options.unset = {"HFTBOT_SUBPROCESS_DROP"};
  ProcessResult result = RunProcess(
      {"/bin/sh", "-c", "echo $HFTBOT_SUBPROCESS_KEEP-$HFTBOT_SUBPROCESS_NEW-${HFTBOT_SUBPROCESS_DROP:-none}"},
      options);
  EXPECT_EQ(result.stdout_text, "replaced-new-none\n");
}

// A hung child must not hang the lab: it is killed at the deadline and marked.
TEST(SubprocessTest, TimeoutKillsAHungChild) {
  ProcessOptions options;
  options.timeout_s = 0.2;
  ProcessResult result = RunProcess({"/bin/sleep", "30"}, options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGTERM);
}

// A child that ignores SIGTERM gets SIGKILL.
TEST(SubprocessTest, TimeoutEscalatesToSigkill) {
  ProcessOptions options;
  options.timeout_s = 0.1;
  ProcessResult result = RunProcess({"/bin/sh", "-c", "trap '' TERM; sleep 30 & wait; sleep 30"}, options);
  EXPECT_TRUE(result.timed_out);
  EXPECT_EQ(result.exit_code, 128 + SIGKILL);
}

TEST(SubprocessTest, ScheduledSignalReachesTheChild) {
  ProcessOptions options;
  options.signals = {{50, SIGINT}};
  ProcessResult result = RunProcess({"/bin/sleep", "30"}, options);
  EXPECT_EQ(result.exit_code, 128 + SIGINT);
  EXPECT_FALSE(result.timed_out);
}

TEST(SubprocessTest, MissingProgramCannotStart) {
  ProcessResult result = RunProcess({"/no/such/program"});
  EXPECT_NE(result.exit_code, 0);
}

}  // namespace
}  // namespace hftbot::lab
