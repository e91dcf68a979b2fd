#include "lab/replay_mode.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json Paced(double rate, double achieved, double lag_p50_ns) {
  return {{"run", {{"speed", "max"}, {"rate", rate}, {"paced", true}}},
          {"throughput_ticks_per_s", achieved},
          {"latency_ns", {{"publish_lag", {{"p50", lag_p50_ns}}}}}};
}

TEST(ReplayModeTest, ReadsTheModeFromTheReport) {
  EXPECT_FALSE(ModeOf(json{{"run", {{"speed", "max"}, {"rate", 0}, {"paced", false}}}}).paced);
  EXPECT_EQ(ModeOf(json{{"run", {{"speed", "max"}, {"rate", 0}, {"paced", false}}}}).description, "max speed");
  ReplayMode paced = ModeOf(Paced(100000, 100000, 0));
  EXPECT_TRUE(paced.paced);
  EXPECT_EQ(paced.description, "paced at 100000 events/s");
  EXPECT_EQ(ModeOf(json{{"run", {{"speed", 2.0}, {"rate", 0}, {"paced", true}}}}).description, "paced at speed 2");
}

TEST(ReplayModeTest, DefaultMetricsMeanSomethingInTheMode) {
  EXPECT_EQ(DefaultLatencyMetric(false), "engine_service.p99");
  EXPECT_EQ(DefaultLatencyMetric(true), "tick_to_order.p99");
  EXPECT_EQ(DefaultTestedMetrics(false).front(), "throughput");
  for (const std::string& m : DefaultTestedMetrics(false)) EXPECT_EQ(m.find("tick_to_order"), std::string::npos) << m;
  EXPECT_NE(QueueingNote(ModeOf(json{{"run", {{"speed", "max"}}}})).find("queueing"), std::string::npos);
}

TEST(ReplayModeTest, NamesPacedRunsThatCouldNotKeepUp) {
  EXPECT_FALSE(OverCapacity({Paced(100000, 99990, 2000), Paced(100000, 99995, 2500)}).has_value());
  std::optional<std::string> slow = OverCapacity({Paced(100000, 80000, 2000), Paced(100000, 81000, 2000)});
  ASSERT_TRUE(slow.has_value());
  EXPECT_NE(slow->find("achieved 80500 events/s of the 100000 asked"), std::string::npos) << *slow;
  std::optional<std::string> late = OverCapacity({Paced(100000, 99000, 5e6)});
  ASSERT_TRUE(late.has_value());
  EXPECT_NE(late->find("5000 µs behind its schedule"), std::string::npos) << *late;
  EXPECT_FALSE(OverCapacity({json{{"run", {{"speed", "max"}, {"paced", false}}}, {"throughput_ticks_per_s", 1.0}}}));
}

}  // namespace
}  // namespace hftbot::lab
