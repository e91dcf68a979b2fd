#include "lab/latency_timeline.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"
#include "metrics/hlog_writer.h"

namespace hftbot::lab {
namespace {

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

metrics::Histogram Uniform(int64_t from_ns, int64_t to_ns, int64_t step_ns) {
  metrics::Histogram h(1, 60'000'000'000, 3);
  for (int64_t v = from_ns; v <= to_ns; v += step_ns) EXPECT_TRUE(h.Record(v));
  return h;
}

// Three 1 s intervals of two stages; the second interval of tick_to_order is ten
// times slower and the third of engine_service is empty.
TEST(LatencyTimelineTest, EachIntervalHasItsOwnPercentilesInMicroseconds) {
  const std::string path = TempPath("timeline.hlog");
  {
    metrics::HlogWriter writer(path, 1.7e9, {"tick_to_order", "engine_service"});
    for (int i = 0; i < 3; ++i) {
      const int64_t scale = i == 1 ? 10 : 1;
      ASSERT_TRUE(writer.Append("tick_to_order", i, 1.0, Uniform(1000 * scale, 100'000 * scale, 100 * scale)));
      metrics::Histogram service = i == 2 ? metrics::Histogram(1, 60'000'000'000, 3) : Uniform(100, 10'000, 10);
      ASSERT_TRUE(writer.Append("engine_service", i, 1.0, service));
    }
    ASSERT_TRUE(writer.Close()) << writer.error();
  }
  const auto timeline = ReadLatencyTimeline(path);
  ASSERT_EQ(timeline.size(), 2u);
  const auto& t2o = timeline.at("tick_to_order");
  ASSERT_EQ(t2o.size(), 3u);
  EXPECT_DOUBLE_EQ(t2o[0].t_s, 1.0);
  EXPECT_DOUBLE_EQ(t2o[2].t_s, 3.0);
  EXPECT_EQ(t2o[0].count, 991);
  // Uniform 1..100 µs: p50 ≈ 50.5 µs, p99 ≈ 99 µs (3 significant figures).
  EXPECT_NEAR(t2o[0].p50_us, 50.5, 0.1);
  EXPECT_NEAR(t2o[0].p99_us, 99.0, 0.2);
  EXPECT_NEAR(t2o[0].max_us, 100.0, 0.1);
  EXPECT_NEAR(t2o[1].p50_us, 505.0, 1.0) << "the slow interval keeps its own figures";
  EXPECT_NEAR(t2o[2].p50_us, 50.5, 0.1);
  const auto& service = timeline.at("engine_service");
  ASSERT_EQ(service.size(), 3u);
  EXPECT_EQ(service[2].count, 0) << "an empty interval is kept";
  EXPECT_EQ(service[2].p99_us, 0.0);
  EXPECT_NEAR(service[0].p99_9_us, 9.99, 0.02);
}

TEST(LatencyTimelineTest, ABadLineNamesTheFileAndLine) {
  const std::string path = TempPath("bad.hlog");
  std::ofstream(path) << "#[StartTime: 1700000000.000 (seconds since epoch)]\nTag=x,0.0,1.0,oops\n";
  try {
    ReadLatencyTimeline(path);
    FAIL() << "no error";
  } catch (const metrics::HlogParseError& error) {
    EXPECT_NE(std::string(error.what()).find(path + ":2"), std::string::npos) << error.what();
  }
}

}  // namespace
}  // namespace hftbot::lab
