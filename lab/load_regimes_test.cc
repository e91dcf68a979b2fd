#include "lab/load_regimes.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "metrics/histogram.h"
#include "metrics/hlog_writer.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

// `count` values, all `value_ns`.
metrics::Histogram Constant(int64_t value_ns, int count) {
  metrics::Histogram h(1, 60'000'000'000, 3);
  for (int i = 0; i < count; ++i) EXPECT_TRUE(h.Record(value_ns));
  return h;
}

// Four 0.1 s intervals: 2,000 events (20k/s, calm) at 1 µs, then 10,000 (100k/s,
// burst) at 50 µs, calm again, then a burst at 80 µs. tick_to_order follows the
// same intervals at twice the latency.
std::string BurstyLog() {
  const std::string path = TempPath("bursty.hlog");
  metrics::HlogWriter writer(path, 1.7e9, {"engine_service", "tick_to_order"});
  const int counts[] = {2000, 10000, 2000, 10000};
  const int64_t latency[] = {1000, 50'000, 1000, 80'000};
  for (int i = 0; i < 4; ++i) {
    EXPECT_TRUE(writer.Append("engine_service", 0.1 * i, 0.1, Constant(latency[i], counts[i])));
    EXPECT_TRUE(writer.Append("tick_to_order", 0.1 * i, 0.1, Constant(2 * latency[i], counts[i])));
  }
  EXPECT_TRUE(writer.Close()) << writer.error();
  return path;
}

// Samples every 0.1 s: calm RSS 100 MB, burst RSS 300 and 500 MB.
json ReportWithTimeline() {
  json timeline = json::array();
  const double processed[] = {0, 2000, 12000, 14000, 24000};
  const double rss[] = {90e6, 100e6, 300e6, 100e6, 500e6};
  for (int i = 0; i < 5; ++i) {
    timeline.push_back({{"t_s", 0.1 * i}, {"processed", processed[i]}, {"rss_bytes", rss[i]}});
  }
  return {{"memory_timeline", timeline}};
}

TEST(LoadRegimesTest, BurstsAndCalmPeriodsGetTheirOwnLatencyAndMemory) {
  const json split = SplitByLoad(BurstyLog(), ReportWithTimeline(), 50'000);
  EXPECT_EQ(split["threshold_events_per_s"], 50'000);
  const json& burst = split["burst"];
  const json& calm = split["calm"];
  EXPECT_EQ(burst["intervals"], 2);
  EXPECT_EQ(burst["events"], 20000);
  EXPECT_NEAR(burst["seconds"].get<double>(), 0.2, 1e-9);
  EXPECT_EQ(calm["events"], 4000);
  // Half the burst values are 50 µs, half 80 µs: the merged p99 is 80 µs, its p50 50 µs.
  EXPECT_NEAR(burst["latency_ns"]["engine_service"]["p99"].get<double>(), 80'000, 80);
  EXPECT_NEAR(burst["latency_ns"]["engine_service"]["p50"].get<double>(), 50'000, 50);
  EXPECT_NEAR(burst["latency_ns"]["tick_to_order"]["p99"].get<double>(), 160'000, 160);
  EXPECT_NEAR(calm["latency_ns"]["engine_service"]["p99"].get<double>(), 1000, 1);
  EXPECT_EQ(calm["latency_ns"]["engine_service"]["count"], 4000);
  // The first sample has no rate (nothing before it) and is left out.
  EXPECT_EQ(calm["samples"], 2);
  EXPECT_DOUBLE_EQ(calm["rss_bytes_mean"].get<double>(), 100e6);
  EXPECT_EQ(burst["samples"], 2);
  EXPECT_DOUBLE_EQ(burst["rss_bytes_mean"].get<double>(), 400e6);
  EXPECT_DOUBLE_EQ(burst["rss_bytes_max"].get<double>(), 500e6);
}

// A threshold above every interval's rate: all calm, and the burst side has no
// figures at all rather than zeros a comparison would take for "fast".
TEST(LoadRegimesTest, ARegimeWithoutIntervalsHasNoFigures) {
  const json split = SplitByLoad(BurstyLog(), ReportWithTimeline(), 1e9);
  EXPECT_EQ(split["burst"]["intervals"], 0);
  EXPECT_FALSE(split["burst"].contains("latency_ns"));
  EXPECT_FALSE(split["burst"].contains("rss_bytes_mean"));
  EXPECT_EQ(split["calm"]["events"], 24000);
}

TEST(LoadRegimesTest, AMissingLogIsAnErrorNamingIt) {
  try {
    SplitByLoad(TempPath("no-such.hlog"), json::object(), 1000);
    FAIL() << "no error";
  } catch (const std::exception& error) {
    EXPECT_NE(std::string(error.what()).find("no-such.hlog"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace hftbot::lab
