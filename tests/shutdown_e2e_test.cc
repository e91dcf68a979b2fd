// End-to-end: SIGINT/SIGTERM stop a replay gracefully (partial report, every tick
// accounted for, exit 128 + signal). The second-signal path is tested in
// bot/shutdown_test.cc, where signals can be raised synchronously.

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/bot_runner.h"

namespace hftbot::tests {
namespace {

// Real-time replay of the 18 s sample: long enough that the signal lands mid-replay.
const std::vector<std::string> kSlowReplay = {"--speed", "1"};

void ExpectPartialAndConserved(const BotRun& run) {
  ASSERT_TRUE(run.report.is_object()) << run.stderr_text;
  EXPECT_TRUE(run.report["partial"].get<bool>());
  uint64_t read = run.report["ticks"]["read"];
  uint64_t processed = run.report["ticks"]["processed"];
  uint64_t unreplayed = run.report["ticks"]["unreplayed"];
  EXPECT_GT(unreplayed, 0u);
  EXPECT_EQ(read, processed + unreplayed + run.report["ticks"]["dropped"].get<uint64_t>());
  EXPECT_NE(run.stdout_text.find("PARTIAL"), std::string::npos);
}

TEST(ShutdownEndToEnd, SigintWritesThePartialReportAndExits130) {
  std::string hgrm = TempPath("hgrm");
  BotRun run = RunBot({"--speed", "1", "--hgrm-dir", hgrm}, {}, {{2000, SIGINT}});
  EXPECT_EQ(run.exit_code, 130) << run.stderr_text;
  ExpectPartialAndConserved(run);
  std::ifstream distribution(hgrm + "/tick_to_order.hgrm");
  std::string first_line;
  std::getline(distribution, first_line);
  EXPECT_EQ(first_line.rfind("# PARTIAL", 0), 0u) << "a partial run's .hgrm must say so: " << first_line;
}

TEST(ShutdownEndToEnd, SigtermExits143) {
  BotRun run = RunBot(kSlowReplay, {}, {{2000, SIGTERM}});
  EXPECT_EQ(run.exit_code, 143) << run.stderr_text;
  ExpectPartialAndConserved(run);
}

}  // namespace
}  // namespace hftbot::tests
