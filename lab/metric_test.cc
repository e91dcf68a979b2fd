#include "lab/metric.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json Report() {
  return json::parse(R"({
    "throughput_ticks_per_s": 1560000.0,
    "latency_ns": {"engine_service": {"p50": 850, "p99": 4200, "p99_9": 9100},
                   "tick_to_order": {"p99": 40000}},
    "memory": {"peak_rss_bytes": 33554432, "allocs_per_tick": 3.9},
    "memory_timeline": [
      {"t_s": 0.1, "resident_bytes": 10, "allocated_bytes": null, "fragmentation_pct": 7.5},
      {"t_s": 0.2, "resident_bytes": 30, "allocated_bytes": null, "fragmentation_pct": 5.0},
      {"t_s": 0.3, "resident_bytes": 20, "allocated_bytes": null, "fragmentation_pct": null}]
  })");
}

TEST(MetricTest, ReadsEveryKindOfFigure) {
  json report = Report();
  EXPECT_EQ(MetricValue(report, *FindMetric("throughput")), 1560000.0);
  EXPECT_EQ(MetricValue(report, *FindMetric("engine_service.p99_9")), 9100);
  EXPECT_EQ(MetricValue(report, *FindMetric("peak_rss")), 33554432);
  EXPECT_EQ(MetricValue(report, *FindMetric("allocs_per_event")), 3.9);
  EXPECT_EQ(MetricValue(report, *FindMetric("resident")), 30);  // the peak over the timeline
  EXPECT_EQ(MetricValue(report, *FindMetric("fragmentation")), 5.0);  // the last sample that has it
}

TEST(MetricTest, AFigureTheReportLacksIsAbsentNotZero) {
  json report = Report();
  EXPECT_FALSE(MetricValue(report, *FindMetric("allocated")).has_value());  // mimalloc: no allocated bytes
  EXPECT_FALSE(MetricValue(report, *FindMetric("queue_wait.p99")).has_value());
  EXPECT_FALSE(MetricValue(report, *FindMetric("tick_to_order.p50")).has_value());
  EXPECT_FALSE(MetricValue(json(), *FindMetric("throughput")).has_value());
}

TEST(MetricTest, DirectionsUnitsAndLabels) {
  EXPECT_EQ(FindMetric("throughput")->direction, Direction::kHigherIsBetter);
  Metric p99_9 = *FindMetric("tick_to_order.p99_9");
  EXPECT_EQ(p99_9.direction, Direction::kLowerIsBetter);
  EXPECT_TRUE(p99_9.latency);
  EXPECT_EQ(p99_9.label, "tick_to_order p99.9 (µs)");
  EXPECT_EQ(FormatValue(p99_9, 12345), "12.35");
  EXPECT_EQ(FormatValue(*FindMetric("throughput"), 1560000), "1.560 M");
  EXPECT_EQ(FormatValue(*FindMetric("peak_rss"), 33554432), "32.0");
  EXPECT_FALSE(FindMetric("peak_rss")->latency);
}

TEST(MetricTest, UnknownNamesAreRefusedWithTheList) {
  for (const char* bad : {"p99", "tick_to_order", "tick_to_order.p98", "feed_to_engine.p99", "throughput.p99", ""}) {
    EXPECT_FALSE(FindMetric(bad).has_value()) << bad;
  }
  std::string error;
  EXPECT_FALSE(ParseMetrics({"throughput", "p99"}, &error).has_value());
  EXPECT_NE(error.find("unknown metric 'p99'"), std::string::npos) << error;
  EXPECT_NE(error.find("engine_service.p99"), std::string::npos) << error;
  auto ok = ParseMetrics({"throughput", "gateway_service.max"}, &error);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(ok->size(), 2u);
}

}  // namespace
}  // namespace hftbot::lab
