#include "lab/sweep_analysis.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

// A bot that saturates at `saturation` events/s: service time constant, and
// tick_to_order p99 growing as 1 / (1 - load) towards the knee, milliseconds past it.
json Report(const std::string& allocator, double saturation, double rate, int round) {
  const double load = rate > 0 ? rate / saturation : 2;
  const double jitter = 1 + 0.01 * round;
  const double t2o_p99 = load < 1 ? 30000 / (1 - load) * jitter : 5e6 * load;
  return {{"allocator", {{"name", allocator}}},
          {"digest", "d"},
          {"throughput_ticks_per_s", rate > 0 ? std::min(rate, saturation) : saturation},
          {"run", {{"speed", rate > 0 ? json(0) : json("max")}, {"rate", rate}, {"paced", rate > 0}}},
          {"core_floor_ns", {{"one_way_p50", 100}}},
          {"latency_ns",
           {{"tick_to_order", {{"p50", t2o_p99 / 8}, {"p99", t2o_p99}, {"p99_9", t2o_p99 * 2}}},
            {"engine_service", {{"p50", 900}, {"p99", 4000}, {"p99_9", 9000}}}}},
          {"memory", {{"peak_rss_bytes", 1e7}}}};
}

SweepInput Input(int rounds) {
  SweepInput input;
  input.profiles = {"naive"};
  input.allocators = {"system", "jemalloc"};
  input.slo_metric = *FindMetric("tick_to_order.p99");
  const std::map<std::string, double> saturation = {{"system", 1.0e6}, {"jemalloc", 1.5e6}};
  const std::vector<double> ladder = RateLadder(1.5e6, DefaultLadderFractions());
  for (const auto& [allocator, s] : saturation) {
    SweepSeries& series = input.series["naive"][allocator];
    for (int r = 1; r <= rounds; ++r) {
      series.saturation.push_back({Report(allocator, s, 0, r), "/o", r});
      for (double rate : ladder) series.ladder[rate].push_back({Report(allocator, s, rate, r), "/o", r});
    }
  }
  return input;
}

TEST(RateLadderTest, FractionsOfSaturationToThreeFigures) {
  EXPECT_EQ(RateLadder(1.56e6, DefaultLadderFractions()),
            (std::vector<double>{156000, 390000, 780000, 1.09e6, 1.25e6, 1.40e6, 1.56e6, 1.72e6, 1.95e6}));
  EXPECT_EQ(RateLadder(1000, {0.5, 0.5, 0.1}), (std::vector<double>{100, 500}));
  EXPECT_TRUE(RateLadder(0, DefaultLadderFractions()).empty());
}

TEST(CapacityAtTest, StopsAtTheFirstRateOverTheBound) {
  // A lucky 400 after an unlucky 300 does not count: the latency did not stay under.
  Capacity c = CapacityAt({{100, 10}, {200, 20}, {300, 50}, {400, 15}}, 30);
  EXPECT_EQ(c.rate, 200);
  EXPECT_FALSE(c.at_top);
  Capacity all = CapacityAt({{100, 10}, {200, 20}}, 30);
  EXPECT_EQ(all.rate, 200);
  EXPECT_TRUE(all.at_top);
  EXPECT_EQ(CapacityAt({{100, 40}}, 30).rate, 0);
}

TEST(SloBoundTest, FloorPlusServiceTimesTheFactorOrGiven) {
  SweepInput input = Input(3);
  SloBound bound = SloBoundOf(input, input.series["naive"]);
  EXPECT_DOUBLE_EQ(bound.ns, 20 * (100 + 4000));
  EXPECT_NE(bound.derivation.find("floor p50 100 ns + engine_service p99 4.0 µs"), std::string::npos)
      << bound.derivation;
  input.slo_ns = 50000;
  EXPECT_DOUBLE_EQ(SloBoundOf(input, input.series["naive"]).ns, 50000);
}

TEST(AnalyseSweepTest, CapacityAtSloSaturationAndTheKnee) {
  json p = AnalyseSweep(Input(5))["naive"];
  EXPECT_DOUBLE_EQ(p["slo_ns"].get<double>(), 82000);
  // 30 µs / (1 - load) x 1.05 at most <= 82 µs while load <= 0.61: on the ladder of
  // 1.5 M/s, system (1 M/s) up to 375 k, jemalloc (1.5 M/s) up to 750 k.
  EXPECT_DOUBLE_EQ(p["allocators"]["system"]["capacity"]["rate"].get<double>(), 375000);
  EXPECT_DOUBLE_EQ(p["allocators"]["jemalloc"]["capacity"]["rate"].get<double>(), 750000);
  EXPECT_FALSE(p["allocators"]["jemalloc"]["capacity"]["at_top"].get<bool>());
  EXPECT_EQ(p["allocators"]["system"]["capacity"]["per_round"].size(), 5u);
  EXPECT_DOUBLE_EQ(p["allocators"]["system"]["saturation"]["median"].get<double>(), 1.0e6);
  EXPECT_EQ(p["allocators"]["system"]["capacity"]["per_round"], json({375000, 375000, 375000, 375000, 375000}));
  EXPECT_EQ(p["allocators"]["jemalloc"]["capacity"]["verdict"]["word"], "better");
  EXPECT_EQ(p["recommendation"]["picks"], json({"jemalloc"}));
  // Past its saturation (and the 5% allowance) system does not keep up.
  bool any_not_kept_up = false;
  for (const json& point : p["allocators"]["system"]["points"]) {
    EXPECT_EQ(point["kept_up"].get<bool>(), point["rate"].get<double>() <= 1.0e6 / 0.95) << point.dump();
    any_not_kept_up |= !point["kept_up"].get<bool>();
  }
  EXPECT_TRUE(any_not_kept_up);
  std::string md = SweepMarkdown(AnalyseSweep(Input(5)), {"naive"}, {"system", "jemalloc"});
  EXPECT_NE(md.find("SLO: tick_to_order.p99 <= 82.0 µs"), std::string::npos) << md;
  EXPECT_NE(md.find("| jemalloc | 1.500 M"), std::string::npos) << md;
  EXPECT_NE(md.find(" *"), std::string::npos);
  EXPECT_NE(md.find("| 150.0 k | 10% |"), std::string::npos) << md;
}

TEST(AnalyseSweepTest, ADigestThatChangesWithTheRateIsNamed) {
  SweepInput input = Input(3);
  EXPECT_TRUE(AnalyseSweep(input)["naive"]["digests_agree"].get<bool>());
  input.series["naive"]["jemalloc"].ladder.rbegin()->second[1].report["digest"] = "other";
  json p = AnalyseSweep(input)["naive"];
  EXPECT_FALSE(p["digests_agree"].get<bool>());
  ASSERT_EQ(p["digest_problems"].size(), 1u);
  EXPECT_EQ(p["digest_problems"][0], "jemalloc at 1.880 M events/s round 2 has digest other, the first run d");
  EXPECT_NE(SweepMarkdown(AnalyseSweep(input), {"naive"}, {"system", "jemalloc"}).find("DIGEST MISMATCH"),
            std::string::npos);
}

TEST(AnalyseSweepTest, ThreeRoundsAreTooFewForACapacityVerdict) {
  json p = AnalyseSweep(Input(3))["naive"];
  EXPECT_EQ(p["allocators"]["jemalloc"]["capacity"]["verdict"]["word"], "too few runs to tell");
  EXPECT_EQ(p["recommendation"]["kind"], "too few runs to tell");
}

TEST(AnalyseSweepTest, WithoutABoundThereIsNoCapacity) {
  SweepInput input = Input(3);
  for (auto& [allocator, series] : input.series["naive"]) {
    for (auto& [rate, runs] : series.ladder) {
      for (MeasuredRun& run : runs) run.report.erase("core_floor_ns");
    }
  }
  json analysis = AnalyseSweep(input);
  EXPECT_TRUE(analysis["naive"]["allocators"]["system"]["capacity"]["rate"].is_null());
  const std::string md = SweepMarkdown(analysis, {"naive"}, {"system", "jemalloc"});
  EXPECT_NE(md.find("n/a (no SLO bound)"), std::string::npos) << md;
  EXPECT_NE(md.find("## profile `naive` — no SLO bound"), std::string::npos) << md;
  EXPECT_EQ(analysis["naive"]["recommendation"]["kind"], "nothing to compare");
}

}  // namespace
}  // namespace hftbot::lab
