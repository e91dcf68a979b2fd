#include "lab/tune_report.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json Report(double p99_ns, double throughput, const std::vector<std::string>& problems, const std::string& digest = "d") {
  return {{"allocator", {{"name", "jemalloc"}, {"problems", problems}}},
          {"digest", digest},
          {"throughput_ticks_per_s", throughput},
          {"run", {{"speed", "max"}, {"rate", 0}, {"paced", false}}},
          {"latency_ns", {{"engine_service", {{"p99", p99_ns}}}}},
          {"memory", {{"peak_rss_bytes", 40 * 1048576.0}}}};
}

TunedEntry Entry(const std::string& name, std::vector<std::pair<std::string, std::string>> env, double p99,
                 int runs, const std::vector<std::string>& problems = {}) {
  TunedEntry e{{name, std::move(env)}, {}};
  for (int r = 0; r < runs; ++r) {
    // Runs of an entry spread by 1% and interleave with equal entries.
    e.runs.push_back({Report(p99 * (1 + 0.01 * ((r * 5 + static_cast<int>(name.size())) % runs)), 1.5e6, problems),
                      "/o/" + name, r + 1});
  }
  return e;
}

TuneInput Input(int runs) {
  TuneInput input;
  input.allocator = "jemalloc";
  input.metric = *FindMetric("engine_service.p99");
  input.entries = {Entry("default", {}, 4000, runs), Entry("one arena", {{"MALLOC_CONF", "narenas:1"}}, 4010, runs),
                   Entry("no tcache", {{"MALLOC_CONF", "tcache:false"}}, 6000, runs),
                   Entry("per-CPU", {{"MALLOC_CONF", "percpu_arena:percpu"}}, 3000, runs),
                   Entry("typo", {{"MALLOC_CONF", "narenaz:2"}}, 3000, runs, {"MALLOC_CONF: invalid conf pair narenaz"})};
  return input;
}

TEST(AnalyseTuneTest, RanksJudgesAndNamesTheWinner) {
  json a = AnalyseTune(Input(6));
  ASSERT_EQ(a["ranked"].size(), 4u);
  EXPECT_EQ(a["ranked"][0]["entry"], "per-CPU");
  EXPECT_EQ(a["ranked"][0]["verdict"]["word"], "better");
  EXPECT_EQ(a["ranked"][3]["entry"], "no tcache");
  EXPECT_EQ(a["ranked"][3]["verdict"]["word"], "worse");
  EXPECT_TRUE(a["ranked"][1]["verdict"].is_null() || a["ranked"][2]["verdict"].is_null()) << "the baseline row";
  EXPECT_EQ(a["family_size"], 3);
  ASSERT_EQ(a["invalid"].size(), 1u);
  EXPECT_EQ(a["invalid"][0]["entry"], "typo");
  EXPECT_EQ(a["recommendation"]["kind"], "use");
  EXPECT_EQ(a["recommendation"]["picks"], json({"per-CPU"}));
  EXPECT_EQ(a["recommendation"]["exports"][0], "export MALLOC_CONF='percpu_arena:percpu'");
  EXPECT_TRUE(a["digests_agree"].get<bool>());
  std::string md = TuneMarkdown(a);
  EXPECT_NE(md.find("| 1 | per-CPU | `export MALLOC_CONF='percpu_arena:percpu'` | 3.0"), std::string::npos) << md;
  EXPECT_NE(md.find("INVALID: MALLOC_CONF: invalid conf pair narenaz"), std::string::npos);
  EXPECT_NE(md.find("winner: use per-CPU"), std::string::npos) << md;
  EXPECT_NE(md.find("max speed"), std::string::npos);
}

TEST(AnalyseTuneTest, ThreeRunsAreTooFewToPickAnything) {
  json a = AnalyseTune(Input(3));
  EXPECT_EQ(a["recommendation"]["kind"], "too few runs to tell");
  EXPECT_EQ(a["ranked"][0]["verdict"]["word"], "too few runs to tell");
  EXPECT_EQ(a["recommendation"]["text"].get<std::string>().find("default"), std::string::npos)
      << "never a pick of the baseline: " << a["recommendation"]["text"];
}

TEST(AnalyseTuneTest, EntriesWithoutRunsAndDigestMismatches) {
  TuneInput input = Input(6);
  input.entries[1].runs.clear();
  input.entries[2].runs[0].report["digest"] = "other";
  json a = AnalyseTune(input);
  EXPECT_EQ(a["missing"], json({"one arena"}));
  EXPECT_FALSE(a["digests_agree"].get<bool>());
  EXPECT_NE(TuneMarkdown(a).find("tuning changed results"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::lab
