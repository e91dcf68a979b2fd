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
  for (const char* bad : {"p99", "tick_to_order", "tick_to_order.p98", "feed_to_engine.p99", "throughput.p99", "",
                          "burst.throughput", "calm.peak_rss", "burst.p99", "storm.tick_to_order.p99"}) {
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

// burst.* and calm.* read the load_regimes object lab/load_regimes.h adds, never the
// whole-run figures beside it.
TEST(MetricTest, LoadRegimeMetricsReadTheirRegime) {
  const json report = {
      {"latency_ns", {{"tick_to_order", {{"p99", 1000}}}}},
      {"memory", {{"peak_rss_bytes", 9e9}}},
      {"load_regimes",
       {{"burst", {{"latency_ns", {{"tick_to_order", {{"p99", 80000}}}}}, {"rss_bytes_mean", 3e8}}},
        {"calm", {{"latency_ns", {{"tick_to_order", {{"p99", 2000}}}}}, {"rss_bytes_mean", 1e8}}}}}};
  const Metric burst_p99 = *FindMetric("burst.tick_to_order.p99");
  EXPECT_TRUE(burst_p99.by_load);
  EXPECT_TRUE(burst_p99.latency);
  EXPECT_EQ(burst_p99.label, "burst tick_to_order p99 (µs)");
  EXPECT_EQ(MetricValue(report, burst_p99), 80000);
  EXPECT_EQ(MetricValue(report, *FindMetric("calm.tick_to_order.p99")), 2000);
  EXPECT_EQ(MetricValue(report, *FindMetric("calm.rss")), 1e8);
  EXPECT_EQ(MetricValue(report, *FindMetric("burst.rss")), 3e8);
  EXPECT_FALSE(FindMetric("tick_to_order.p99")->by_load);
  EXPECT_FALSE(MetricValue(json::object(), burst_p99).has_value()) << "a run that was not split has no figure";
}

}  // namespace
}  // namespace hftbot::lab
