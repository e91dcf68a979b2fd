// End-to-end: --hlog writes every stage's latency over time; read back with the
// project's own reader, the intervals of each stage add up to the stage's count in the
// JSON report (every value lands in exactly one interval), and the intervals tile time.

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "metrics/hlog_reader.h"
#include "tests/bot_runner.h"

namespace hftbot::tests {
namespace {

TEST(HlogEndToEnd, IntervalsAddUpToTheReportsStageCounts) {
  std::string hlog = TempPath("run.hlog");
  // ~0.5 s paced replay, 0.1 s intervals: several of them.
  BotRun run = RunBot({"--ticks", Runfile("data/golden.csv"), "--rate", "4000", "--hlog", hlog, "--hlog-interval",
                       "0.1"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  metrics::HlogReader reader(hlog);
  std::map<std::string, int64_t> counts;
  std::map<std::string, int> intervals;
  std::map<std::string, double> next_start;
  while (auto entry = reader.Next()) {
    counts[entry->tag] += entry->histogram.Count();
    ++intervals[entry->tag];
    if (next_start.count(entry->tag)) {
      EXPECT_NEAR(entry->start_s, next_start[entry->tag], 0.002) << entry->tag << ": intervals must tile time";
    }
    next_start[entry->tag] = entry->start_s + entry->length_s;
  }
  for (const char* stage :
       {"publish_lag", "queue_wait", "engine_service", "tick_to_order", "order_to_wire", "gateway_service"}) {
    EXPECT_EQ(counts[stage], run.report["latency_ns"][stage]["count"].get<int64_t>()) << stage;
    EXPECT_GE(intervals[stage], 4) << stage;
  }
  EXPECT_EQ(counts["engine_service"], 2000);
}

TEST(HlogEndToEnd, UnwritableLogStopsTheRunBeforeTheReplay) {
  BotRun run = RunBot({"--ticks", Runfile("data/golden.csv"), "--hlog", "/proc/no/such/dir/run.hlog"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("--hlog"), std::string::npos) << run.stderr_text;
  EXPECT_EQ(run.stdout_text.find("latency"), std::string::npos) << "no replay may run";
}

}  // namespace
}  // namespace hftbot::tests
