#include "lab/compare_report.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

struct Figures {
  double throughput = 1.5e6;
  double service_p50 = 800, service_p99 = 4000;
  double t2o_p50 = 6000, t2o_p99 = 40000;
  double rss = 32 * 1048576.0;
  std::string digest = "d1";
};

// A bot report with `f`, nudged by 0.2% per run so runs are distinct but close.
json Report(const std::string& allocator, const Figures& f, int run, bool paced, double rate = 0) {
  const double k = 1 + 0.002 * run;
  return {{"allocator", {{"name", allocator}, {"version", allocator + "-1.0"}}},
          {"digest", f.digest},
          {"throughput_ticks_per_s", f.throughput * k},
          {"run", {{"speed", "max"}, {"rate", rate}, {"paced", paced}, {"profile", "naive"}}},
          {"latency_ns",
           {{"engine_service", {{"p50", f.service_p50 * k}, {"p99", f.service_p99 * k}, {"p99_9", f.service_p99 * 2}}},
            {"tick_to_order", {{"p50", f.t2o_p50 * k}, {"p99", f.t2o_p99 * k}, {"p99_9", f.t2o_p99 * 3}, {"max", 1e6}}},
            {"queue_wait", {{"p99", 1000}}},
            {"publish_lag", {{"p50", 100}, {"p99", 500}}}}},
          {"memory", {{"peak_rss_bytes", f.rss * k}, {"allocs_per_tick", 3.9}}},
          {"memory_timeline", json::array()}};
}

CompareInput Input(const std::map<std::string, Figures>& figures, int runs, bool paced, double rate = 0) {
  CompareInput input;
  input.profiles = {"naive"};
  input.arms = {"system", "jemalloc", "mimalloc", "tcmalloc"};
  for (const std::string& arm : input.arms) {
    const Figures f = figures.count(arm) ? figures.at(arm) : Figures{};
    for (int r = 0; r < runs; ++r) {
      // Interleave the jitter so equal arms overlap instead of separating.
      const int jitter = (r * 3 + static_cast<int>(arm.size())) % runs;
      input.runs["naive"][arm].push_back({Report(arm, f, jitter, paced, rate), "/out/" + arm + "/r" + std::to_string(r + 1), r + 1});
    }
  }
  return input;
}

Figures Faster() {
  Figures f;
  f.throughput = 1.8e6;
  f.service_p50 = 600;
  f.service_p99 = 3000;
  return f;
}

Figures BiggerRss() {
  Figures f;
  f.rss = 48 * 1048576.0;
  return f;
}

TEST(AnalyseCompareTest, MaxSpeedJudgesThroughputAndServiceNotQueueing) {
  json analysis = AnalyseCompare(Input({{"jemalloc", Faster()}, {"tcmalloc", BiggerRss()}}, 6, false));
  const json& p = analysis["naive"];
  EXPECT_EQ(p["mode"], "max speed");
  EXPECT_EQ(p["tested"], json({"throughput", "engine_service.p50", "engine_service.p99", "peak_rss"}));
  EXPECT_EQ(p["family_size"], 12);
  EXPECT_EQ(p["runs_needed"], 6);
  EXPECT_TRUE(p["digests_agree"].get<bool>());
  const json& jemalloc = p["arms"]["jemalloc"]["metrics"];
  EXPECT_EQ(jemalloc["throughput"]["verdict"]["word"], "better");
  EXPECT_NEAR(jemalloc["throughput"]["verdict"]["change_pct"].get<double>(), 20.0, 0.5);
  EXPECT_FALSE(jemalloc["throughput"]["verdict"]["low_pct"].is_null());
  EXPECT_EQ(jemalloc["engine_service.p99"]["verdict"]["word"], "better");
  EXPECT_EQ(p["arms"]["mimalloc"]["metrics"]["throughput"]["verdict"]["word"], "within noise");
  EXPECT_EQ(p["arms"]["tcmalloc"]["metrics"]["peak_rss"]["verdict"]["word"], "worse");
  EXPECT_FALSE(jemalloc["tick_to_order.p99"].contains("verdict")) << "shown, not tested, at max speed";
  ASSERT_EQ(p["recommendations"].size(), 4u);
  EXPECT_EQ(p["recommendations"][0]["kind"], "use");
  EXPECT_EQ(p["recommendations"][0]["picks"], json({"jemalloc"}));
  EXPECT_EQ(p["recommendations"][3]["kind"], "keep baseline");
  EXPECT_EQ(p["arms"]["system"]["version"], "system-1.0");
  EXPECT_EQ(p["arms"]["system"]["runs"], 6);
  EXPECT_TRUE(p["arms"]["system"]["median_run_dir"].is_string());
}

TEST(AnalyseCompareTest, PacedJudgesTickToOrder) {
  Figures quick;
  quick.t2o_p99 = 20000;
  json p = AnalyseCompare(Input({{"mimalloc", quick}}, 6, true, 100000))["naive"];
  EXPECT_EQ(p["mode"], "paced at 100000 events/s");
  EXPECT_EQ(p["tested"][0], "tick_to_order.p50");
  EXPECT_EQ(p["arms"]["mimalloc"]["metrics"]["tick_to_order.p99"]["verdict"]["word"], "better");
  EXPECT_EQ(p["recommendations"][1]["picks"], json({"mimalloc"}));
  // Figures paced at 100000 events/s while only 1.5 M... fine; 80000 would be over capacity.
  EXPECT_TRUE(p["over_capacity"].empty());
  Figures slow;
  slow.throughput = 80000;
  json over = AnalyseCompare(Input({{"system", slow}}, 6, true, 100000))["naive"];
  EXPECT_TRUE(over["over_capacity"].contains("system"));
}

TEST(AnalyseCompareTest, TwoRunsAreTooFewNeverNothingBeatsSystem) {
  json analysis = AnalyseCompare(Input({{"jemalloc", Faster()}}, 2, false));
  const json& p = analysis["naive"];
  EXPECT_EQ(p["arms"]["jemalloc"]["metrics"]["throughput"]["verdict"]["word"], "too few runs to tell");
  for (const json& r : p["recommendations"]) {
    EXPECT_EQ(r["kind"], "too few runs to tell") << r.dump();
    EXPECT_EQ(r["text"].get<std::string>().find("nothing beats"), std::string::npos);
    EXPECT_NE(r["text"].get<std::string>().find("at least 6 runs each"), std::string::npos) << r.dump();
  }
  std::string md = CompareMarkdown(analysis, {"naive"}, {"system", "jemalloc", "mimalloc", "tcmalloc"});
  EXPECT_NE(md.find("too few runs to tell"), std::string::npos);
  EXPECT_EQ(md.find("**system**"), std::string::npos);
}

TEST(AnalyseCompareTest, ADigestMismatchIsNamed) {
  Figures other;
  other.digest = "d2";
  CompareInput input = Input({{"mimalloc", other}}, 6, false);
  json p = AnalyseCompare(input)["naive"];
  EXPECT_FALSE(p["digests_agree"].get<bool>());
  ASSERT_EQ(p["digest_problems"].size(), 6u);
  EXPECT_NE(p["digest_problems"][0].get<std::string>().find("mimalloc round 1 has digest d2 but system round 1 has d1"),
            std::string::npos)
      << p["digest_problems"][0];
  std::string md = CompareMarkdown(AnalyseCompare(input), {"naive"}, input.arms);
  EXPECT_NE(md.find("MISMATCH: results invalid"), std::string::npos);
}

TEST(AnalyseCompareTest, AaModeMeasuresTheSpreadAndNoiseRaisesTheBar) {
  CompareInput aa = Input({}, 6, false);
  aa.arms = {"system", "system (A/A)"};
  for (auto& run : aa.runs["naive"]["system"]) run.report["throughput_ticks_per_s"] = run.report["throughput_ticks_per_s"].get<double>() * 1.0;
  aa.runs["naive"]["system (A/A)"] = aa.runs["naive"]["jemalloc"];
  aa.aa = true;
  json p = AnalyseCompare(aa)["naive"];
  ASSERT_TRUE(p.contains("aa_spread_pct"));
  EXPECT_GT(p["aa_spread_pct"]["throughput"].get<double>(), 0.0);
  EXPECT_LT(p["aa_spread_pct"]["throughput"].get<double>(), 2.0);

  // jemalloc is 20% faster: better, unless an A/A measurement says 25% happens by chance.
  CompareInput noisy = Input({{"jemalloc", Faster()}}, 6, false);
  noisy.aa_spread_pct = {{"naive", {{"throughput", 25.0}}}};
  json q = AnalyseCompare(noisy)["naive"];
  EXPECT_EQ(q["arms"]["jemalloc"]["metrics"]["throughput"]["verdict"]["word"], "within noise");
  EXPECT_EQ(q["arms"]["jemalloc"]["metrics"]["throughput"]["verdict"]["threshold_pct"], 25.0);
  EXPECT_EQ(q["arms"]["jemalloc"]["metrics"]["engine_service.p99"]["verdict"]["word"], "better");
}

TEST(AnalyseCompareTest, ChosenMetricsAndMissingFigures) {
  CompareInput input = Input({{"jemalloc", Faster()}}, 6, false);
  input.tested = {"engine_service.p99"};
  for (auto& run : input.runs["naive"]["mimalloc"]) run.report["latency_ns"].erase("engine_service");
  json p = AnalyseCompare(input)["naive"];
  EXPECT_EQ(p["family_size"], 2);  // mimalloc has no engine_service: not tested, shown n/a
  EXPECT_FALSE(p["arms"]["mimalloc"]["metrics"].contains("engine_service.p99"));
  std::string md = CompareMarkdown(AnalyseCompare(input), {"naive"}, input.arms);
  EXPECT_NE(md.find("| mimalloc (mimalloc-1.0) | 6 | n/a |"), std::string::npos) << md;
  EXPECT_NE(md.find("| jemalloc (jemalloc-1.0) | 6 | -24.7% [-25.2, -24.2] p=0.004 better |"), std::string::npos) << md;
}

// The runs of Input() alternating between node-a (odd rounds) and node-b (even rounds).
CompareInput OnTwoNodes(CompareInput input) {
  for (auto& [arm, runs] : input.runs["naive"]) {
    for (MeasuredRun& run : runs) run.node = run.round % 2 == 1 ? "node-a" : "node-b";
  }
  return input;
}

TEST(NodeEffectsTest, AVariantSlowerOnOneNodeIsFlagged) {
  CompareInput input = OnTwoNodes(Input({}, 10, false));
  for (MeasuredRun& run : input.runs["naive"]["jemalloc"]) {
    if (run.node == "node-b") run.report["latency_ns"]["engine_service"]["p99"] = run.report["latency_ns"]["engine_service"]["p99"].get<double>() * 1.3;
  }
  const json analysis = AnalyseCompare(input);
  const json& p = analysis["naive"];
  EXPECT_EQ(p["nodes"], json({"node-a", "node-b"}));
  const json& effect = p["node_effects"]["jemalloc"]["engine_service.p99"];
  EXPECT_TRUE(effect["node_effect"].get<bool>()) << effect.dump();
  EXPECT_NEAR(effect["between_pct"].get<double>(), 30.0, 4.0);
  EXPECT_LT(effect["within_pct"].get<double>(), 2.0);
  EXPECT_EQ(effect["outlier"], "node-b");
  EXPECT_EQ(effect["nodes"][1]["runs"], 5);
  // Every other variant and metric measured alike on both nodes.
  EXPECT_FALSE(p["node_effects"]["jemalloc"]["throughput"]["node_effect"].get<bool>());
  EXPECT_FALSE(p["node_effects"]["system"]["engine_service.p99"]["node_effect"].get<bool>());
  ASSERT_EQ(p["node_warnings"].size(), 1u) << p["node_warnings"].dump();
  const std::string md = CompareMarkdown(analysis, {"naive"}, input.arms);
  EXPECT_NE(md.find("Runs on 2 nodes (node-a, node-b)"), std::string::npos) << md;
  EXPECT_NE(md.find("- NODE EFFECT: jemalloc engine_service p99"), std::string::npos) << md;
  EXPECT_NE(md.find("| **yes** |"), std::string::npos) << md;
}

TEST(NodeEffectsTest, IdenticalNodesGetNoWarning) {
  const json analysis = AnalyseCompare(OnTwoNodes(Input({{"jemalloc", Faster()}}, 10, false)));
  const json& p = analysis["naive"];
  EXPECT_TRUE(p["node_warnings"].empty()) << p["node_warnings"].dump();
  for (const auto& [arm, metrics] : p["node_effects"].items()) {
    for (const auto& [name, effect] : metrics.items()) {
      EXPECT_TRUE(effect["testable"].get<bool>()) << arm << " " << name;
      EXPECT_FALSE(effect["node_effect"].get<bool>()) << arm << " " << name << ": " << effect.dump();
    }
  }
  EXPECT_EQ(p["node_effects"]["tcmalloc"].size(), p["tested"].size());
  const std::string md = CompareMarkdown(analysis, {"naive"}, {"system", "jemalloc", "mimalloc", "tcmalloc"});
  EXPECT_EQ(md.find("NODE EFFECT"), std::string::npos) << md;
  EXPECT_EQ(md.find("| **yes** |"), std::string::npos) << md;
}

TEST(NodeEffectsTest, OneNodeIsOneLine) {
  CompareInput input = Input({}, 6, false);
  for (auto& [arm, runs] : input.runs["naive"]) {
    for (MeasuredRun& run : runs) run.node = "bench7";
  }
  const json analysis = AnalyseCompare(input);
  EXPECT_EQ(analysis["naive"]["nodes"], json({"bench7"}));
  EXPECT_FALSE(analysis["naive"].contains("node_effects"));
  const std::string md = CompareMarkdown(analysis, {"naive"}, input.arms);
  EXPECT_NE(md.find("- all runs on node `bench7`\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("nodes ("), std::string::npos) << md;
}

TEST(AnalyseCompareTest, AProfileWithoutRunsSaysSo) {
  CompareInput input = Input({}, 6, false);
  input.profiles = {"naive", "pooled"};
  json analysis = AnalyseCompare(input);
  EXPECT_TRUE(analysis["pooled"].contains("error"));
  EXPECT_NE(CompareMarkdown(analysis, input.profiles, input.arms).find("no run of this profile completed"),
            std::string::npos);
}

}  // namespace
}  // namespace hftbot::lab
