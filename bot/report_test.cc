#include "bot/report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace hftbot::bot {
namespace {

// A run's figures, made by hand: each test sets what it needs.
struct Fixture {
  Fixture() {
    ticks.read = 100;
    ticks.symbols.resize(2);
    ticks.symbols[0].name = "AAA";
    ticks.symbols[1].name = "BBB";
    run.processed = 100;
    run.dropped = {0, 0};
    run.symbol_stats.resize(2);
    run.duration_s = 1.0;
    for (const char* name : {"publish_lag", "queue_wait", "engine_service", "tick_to_order", "order_to_wire",
                             "gateway_service"}) {
      run.stages.push_back({name, "what it holds", metrics::Histogram(1, 60'000'000'000, 3)});
    }
    floor.one_way_p50_ns = 50;
  }
  pipeline::StageLatency& Stage(const std::string& name) {
    for (auto& stage : run.stages) {
      if (stage.name == name) return stage;
    }
    throw std::logic_error(name);
  }
  ReportInputs Inputs() { return ReportInputs{config, ticks, run, allocator, allocator, floor, clock}; }

  Config config;
  feed::LoadedTicks ticks;
  pipeline::RunResult run;
  AllocatorSnapshot allocator;
  pipeline::CoreFloor floor;
  metrics::FakeClock clock;
};

TEST(ConservationTest, HoldsWhenEveryTickIsAccountedFor) {
  Fixture f;
  f.run.processed = 90;
  f.ticks.rejected["crossed_quote"] = 4;
  f.run.dropped = {3, 1};
  f.run.unreplayed = 2;
  EXPECT_EQ(ConservationViolation(f.Inputs()), "");
}

TEST(ConservationTest, ALostTickIsAViolationNamingEveryTerm) {
  Fixture f;
  f.run.processed = 99;  // one tick read but neither processed, rejected, dropped nor unreplayed
  std::string violation = ConservationViolation(f.Inputs());
  EXPECT_NE(violation, "");
  EXPECT_NE(violation.find("read 100"), std::string::npos) << violation;
  EXPECT_NE(violation.find("processed 99"), std::string::npos) << violation;
}

TEST(ConservationTest, ATickCountedTwiceIsAViolation) {
  Fixture f;
  f.run.dropped = {1, 0};  // processed 100 + dropped 1 > read 100
  EXPECT_NE(ConservationViolation(f.Inputs()), "");
}

// A line the importer swallowed without an outcome: read() balances, the byte layer's
// count does not, and the check says so.
TEST(ConservationTest, ASourceRecordWithoutAnOutcomeIsAViolation) {
  Fixture f;
  f.ticks.path = "ticks.csv";
  f.ticks.records_in_source.in_source = 102;
  f.ticks.records_in_source.with_events = 100;
  f.ticks.records_in_source.informational = 1;  // the header; one line has no outcome
  std::string violation = ConservationViolation(f.Inputs());
  EXPECT_NE(violation.find("ticks.csv"), std::string::npos) << violation;
  f.ticks.records_in_source.skipped = 1;
  EXPECT_EQ(ConservationViolation(f.Inputs()), "");
}

TEST(LatencyReadingTest, MaxSpeedHeadlinesEngineServiceAndSaysEndToEndIsQueueing) {
  Fixture f;
  f.run.paced = false;
  LatencyReading reading = ReadLatency(f.Inputs());
  EXPECT_EQ(reading.headline_stage, "engine_service");
  EXPECT_TRUE(reading.end_to_end_is_queueing);
  EXPECT_NE(reading.queueing_reason.find("queue"), std::string::npos);
}

TEST(LatencyReadingTest, PacedBelowSaturationHeadlinesTickToOrder) {
  Fixture f;
  f.run.paced = true;
  f.config.rate = 100;  // 100 events in 1 s: kept up
  (void)f.Stage("publish_lag").histogram.Record(2'000);
  LatencyReading reading = ReadLatency(f.Inputs());
  EXPECT_EQ(reading.headline_stage, "tick_to_order");
  EXPECT_FALSE(reading.end_to_end_is_queueing) << reading.queueing_reason;
}

TEST(LatencyReadingTest, PacedAboveSaturationSaysSo) {
  Fixture f;
  f.run.paced = true;
  f.config.rate = 1000;  // offered 1000/s, ran at 100/s
  LatencyReading reading = ReadLatency(f.Inputs());
  EXPECT_TRUE(reading.end_to_end_is_queueing);
  EXPECT_NE(reading.queueing_reason.find("saturated"), std::string::npos) << reading.queueing_reason;
}

TEST(LatencyReadingTest, AFeedFarBehindItsScheduleIsQueueing) {
  Fixture f;
  f.run.paced = true;
  f.config.speed = 1;
  for (int i = 0; i < 10; ++i) (void)f.Stage("publish_lag").histogram.Record(5'000'000);
  LatencyReading reading = ReadLatency(f.Inputs());
  EXPECT_TRUE(reading.end_to_end_is_queueing);
  EXPECT_NE(reading.queueing_reason.find("publish_lag"), std::string::npos) << reading.queueing_reason;
}

TEST(LatencyReadingTest, FloorRatioIsTheQueueWaitMedianOverTheFloor) {
  Fixture f;
  for (int i = 0; i < 5; ++i) (void)f.Stage("queue_wait").histogram.Record(75);
  LatencyReading reading = ReadLatency(f.Inputs());
  ASSERT_TRUE(reading.floor_ratio.has_value());
  EXPECT_NEAR(*reading.floor_ratio, 1.5, 0.01);
}

TEST(ReportTest, ConsoleNamesTopologyStrategyAndEveryStageWithItsCount) {
  Fixture f;
  f.run.topology = Topology::kCompact;
  f.run.gateway = GatewayMode::kInline;
  f.config.strategy.name = "ema_momentum";
  for (int i = 0; i < 7; ++i) (void)f.Stage("engine_service").histogram.Record(300);
  std::ostringstream out;
  WriteConsoleReport(out, f.Inputs());
  std::string text = out.str();
  EXPECT_NE(text.find("topology = compact"), std::string::npos) << text;
  EXPECT_NE(text.find("strategy = ema_momentum"), std::string::npos) << text;
  for (const auto& stage : f.run.stages) EXPECT_NE(text.find(stage.name), std::string::npos) << stage.name;
  EXPECT_NE(text.find("engine_service           7"), std::string::npos) << text;
}

TEST(ReportTest, SampledStagesSaySoInTheConsoleAndTheJson) {
  Fixture f;
  std::ostringstream every;
  WriteConsoleReport(every, f.Inputs());
  EXPECT_EQ(every.str().find("timed ([histogram] time_every)"), std::string::npos) << every.str();
  f.run.time_every = 16;
  std::ostringstream sampled;
  WriteConsoleReport(sampled, f.Inputs());
  EXPECT_NE(sampled.str().find("queue_wait, engine_service: 1 event in 16 timed"), std::string::npos) << sampled.str();
  EXPECT_EQ(ReportJson(f.Inputs())["run"]["time_every"], 16);
}

// Every sample is accounted for: a value at or below zero is outside the histogram's
// range, so the report says how many there were instead of losing them.
TEST(ReportTest, ValuesAtOrBelowZeroAreShownNotLost) {
  Fixture f;
  for (int i = 0; i < 4; ++i) (void)f.Stage("queue_wait").histogram.Record(200);
  (void)f.Stage("queue_wait").histogram.Record(-3);
  std::ostringstream out;
  WriteConsoleReport(out, f.Inputs());
  EXPECT_NE(out.str().find("queue_wait: 1 value(s) at or below 0 ns (lowest -3 ns)"), std::string::npos) << out.str();
  nlohmann::json j = ReportJson(f.Inputs());
  EXPECT_EQ(j["latency_ns"]["queue_wait"]["count"], 4);
  EXPECT_EQ(j["latency_ns"]["queue_wait"]["below_range"], 1);
  EXPECT_EQ(j["latency_ns"]["engine_service"]["below_range"], 0);
}

TEST(ReportTest, JsonCarriesStagesTopologyAndTheReading) {
  Fixture f;
  f.run.topology = Topology::kThreaded;
  nlohmann::json j = ReportJson(f.Inputs());
  EXPECT_EQ(j["run"]["topology"], "threaded");
  EXPECT_EQ(j["latency_reading"]["headline_stage"], "engine_service");
  for (const auto& stage : f.run.stages) EXPECT_TRUE(j["latency_ns"].contains(stage.name)) << stage.name;
}

}  // namespace
}  // namespace hftbot::bot
