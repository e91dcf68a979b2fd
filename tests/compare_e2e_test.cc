// End-to-end: //lab:compare. With the real bot built for every allocator (one split
// transition) on a tiny tick file, and with fake bots (tests/fake_bot.cc) whose
// figures the test chooses, so the verdict and recommendation paths, failed and hung
// runs and resumption are exercised deterministically.

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "alloc/sanitizer.h"
#include "gtest/gtest.h"
#include "lab/subprocess.h"
#include "nlohmann/json.hpp"
#include "tests/bot_runner.h"
#include "tests/fake_bots.h"

namespace hftbot::tests {
namespace {

using nlohmann::json;

// The bot builds compare runs by default: the adaptive variant runs the system build.
const std::vector<std::string> kBuilds = {"system", "jemalloc", "mimalloc", "tcmalloc", "hybrid"};
const std::vector<std::string> kVariants = {"system", "jemalloc", "mimalloc", "tcmalloc", "hybrid", "adaptive"};

// jemalloc: 20% more throughput and 25% less engine_service; the rest like system.
json FasterJemalloc() {
  return {{"allocators",
           {{"system", {{"throughput", 1.5e6}, {"service_p99", 4000}}},
            {"jemalloc", {{"throughput", 1.8e6}, {"service_p99", 3000}}},
            {"mimalloc", {{"throughput", 1.5e6}, {"service_p99", 4000}}},
            {"tcmalloc", {{"throughput", 1.5e6}, {"service_p99", 4000}}}}}};
}

lab::ProcessResult Compare(const std::string& bots, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {Runfile("lab/compare"), "--bots", bots};
  argv.insert(argv.end(), args.begin(), args.end());
  return lab::RunProcess(argv, {{}, {}, {}, 120});
}

const json& Recommendation(const json& result, const std::string& metric) {
  for (const json& r : result["summary"]["naive"]["recommendations"]) {
    if (r["metric"] == metric) return r;
  }
  static const json none;
  return none;
}

TEST(CompareEndToEnd, EveryVariantIdenticalDigestsAndAllOutputs) {
  if (alloc::kSanitizerOwningMalloc != nullptr) {
    GTEST_SKIP() << alloc::kSanitizerOwningMalloc
                 << " serves malloc in every allocator variant of this build: nothing to compare";
  }
  std::string out = TempPath("compare");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/compare"), "--ticks", Runfile("data/golden.csv"), "--runs", "2", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  ASSERT_TRUE(result.is_object());
  EXPECT_TRUE(result["digests_agree"].get<bool>());
  const json& naive = result["summary"]["naive"]["arms"];
  for (const std::string& variant : kVariants) EXPECT_TRUE(naive.contains(variant)) << variant;
  // 6 variants x 2 rounds, each run by the bot of its build, with its own resources.
  ASSERT_EQ(result["runs"].size(), 12u);
  std::string digest = result["runs"][0]["report"]["digest"];
  const std::map<std::string, std::string> component_resource = {{"hybrid", "mimalloc-heap"}, {"adaptive", "adaptive"}};
  for (const json& entry : result["runs"]) {
    EXPECT_EQ(entry["report"]["digest"], digest);
    std::string variant = entry["variant"];
    EXPECT_EQ(entry["report"]["allocator"]["name"], variant == "adaptive" ? "system" : variant);
    EXPECT_TRUE(entry["report"]["allocator"]["active"].get<bool>()) << variant;
    // The book's memory came from the variant's resource: it made allocations there.
    auto wanted = component_resource.find(variant);
    const std::string spec = wanted == component_resource.end() ? "default" : wanted->second;
    bool book_served = false;
    for (const json& resource : entry["report"]["memory"]["resources"]) {
      if (resource["spec"] != spec) continue;
      book_served = resource["components"].get<std::string>().find("book") != std::string::npos &&
                    resource["allocations"].get<uint64_t>() > 0;
    }
    EXPECT_TRUE(book_served) << variant << ": " << entry["report"]["memory"]["resources"].dump();
  }
  EXPECT_EQ(result["variants"]["hybrid"]["build"], "hybrid");
  // Two runs can never show a difference: every recommendation says so, none picks system.
  ASSERT_FALSE(result["summary"]["naive"]["recommendations"].empty());
  for (const json& r : result["summary"]["naive"]["recommendations"]) EXPECT_EQ(r["kind"], "too few runs to tell");
  std::string md = ReadTextFile(out + "/compare.md");
  EXPECT_EQ(md.find("nothing beats"), std::string::npos);
  EXPECT_NE(md.find("max speed"), std::string::npos);
  for (const char* plot : {"memory-naive.png", "latency-naive.png", "latency-over-time-naive.png"}) {
    EXPECT_GT(std::filesystem::file_size(out + "/" + plot), 100u) << plot;
  }
  EXPECT_EQ(md.find("plot left out"), std::string::npos) << md;
}

TEST(CompareEndToEnd, AaModeComparesSystemWithItself) {
  std::string out = TempPath("compare-aa");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/compare"), "--aa", "--ticks", Runfile("data/golden.csv"), "--runs", "1", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  EXPECT_TRUE(result["aa"].get<bool>());
  EXPECT_EQ(result["summary"]["naive"]["arms"].size(), 2u);
  EXPECT_TRUE(result["summary"]["naive"]["arms"].contains("system (A/A)"));
  EXPECT_TRUE(result["aa_spread_pct"]["naive"].contains("throughput"));
}

TEST(CompareEndToEnd, RecommendsOnlyWhatIsBetterBeyondNoise) {
  std::string bots = MakeFakeBots("fake-better", kBuilds, FasterJemalloc());
  std::string out = TempPath("compare-better");
  lab::ProcessResult run = Compare(bots, {"--runs", "6", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  const json& arms = result["summary"]["naive"]["arms"];
  EXPECT_EQ(arms["jemalloc"]["metrics"]["throughput"]["verdict"]["word"], "better");
  EXPECT_EQ(arms["jemalloc"]["metrics"]["engine_service.p99"]["verdict"]["word"], "better");
  EXPECT_EQ(arms["mimalloc"]["metrics"]["throughput"]["verdict"]["word"], "within noise");
  EXPECT_EQ(Recommendation(result, "throughput")["picks"], json({"jemalloc"}));
  EXPECT_EQ(Recommendation(result, "engine_service.p99")["kind"], "use");
  EXPECT_EQ(Recommendation(result, "peak_rss")["kind"], "keep baseline");
  // At max speed tick_to_order is queueing: shown, never tested.
  EXPECT_FALSE(arms["jemalloc"]["metrics"]["tick_to_order.p99"].contains("verdict"));
  std::string md = ReadTextFile(out + "/compare.md");
  EXPECT_NE(md.find("throughput (ticks/s): use jemalloc"), std::string::npos) << md;
  EXPECT_NE(md.find("is the depth of the queue"), std::string::npos);
  EXPECT_NE(md.find("## How to read the verdicts"), std::string::npos);
  EXPECT_GT(std::filesystem::file_size(out + "/latency-naive.png"), 100u);
  EXPECT_NE(ReadTextFile(out + "/latency-naive.png.gp").find("set logscale y"), std::string::npos);
  // engine_service p99 per interval of each allocator's median run, from its latency.hlog:
  // five intervals, the third ten times the others.
  EXPECT_GT(std::filesystem::file_size(out + "/latency-over-time-naive.png"), 100u);
  const std::string intervals = ReadTextFile(out + "/latency-over-time-naive.png.1.dat");
  EXPECT_EQ(std::count(intervals.begin(), intervals.end(), '\n'), 5) << intervals;
  EXPECT_NE(ReadTextFile(out + "/latency-over-time-naive.png.gp").find("'jemalloc p99'"), std::string::npos);
}

TEST(CompareEndToEnd, PacedRunsJudgeTickToOrder) {
  std::string bots = MakeFakeBots("fake-paced", kBuilds, FasterJemalloc());
  std::string out = TempPath("compare-paced");
  lab::ProcessResult run = Compare(bots, {"--runs", "6", "--out", out, "--rate", "100000"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  EXPECT_EQ(result["summary"]["naive"]["mode"], "paced at 100000 events/s");
  EXPECT_EQ(result["summary"]["naive"]["tested"][0], "tick_to_order.p50");
  EXPECT_EQ(result["bot_options"], json({"--rate", "100000"}));
}

// The fake bot's third hlog interval is a burst with a tenfold p99: split at 500k
// events/s, the burst p99 is that spike, and jemalloc's lower engine_service shows there.
TEST(CompareEndToEnd, BurstRateSplitsEveryRunAndTestsTheBursts) {
  std::string bots = MakeFakeBots("fake-bursty", kBuilds, FasterJemalloc());
  std::string out = TempPath("compare-bursty");
  lab::ProcessResult run = Compare(bots, {"--runs", "6", "--out", out, "--burst-rate", "500000"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  EXPECT_EQ(result["summary"]["naive"]["tested"],
            json({"burst.tick_to_order.p99", "burst.engine_service.p99", "calm.rss", "peak_rss"}));
  const json& regimes = result["runs"][0]["report"]["load_regimes"];
  EXPECT_EQ(regimes["burst"]["intervals"], 1) << regimes.dump();
  EXPECT_EQ(regimes["calm"]["intervals"], 4);
  const double burst_p99 = regimes["burst"]["latency_ns"]["engine_service"]["p99"];
  const double calm_p99 = regimes["calm"]["latency_ns"]["engine_service"]["p99"];
  EXPECT_GT(burst_p99, 5 * calm_p99) << "the spike is in the burst";
  const json& jemalloc = result["summary"]["naive"]["arms"]["jemalloc"]["metrics"];
  EXPECT_EQ(jemalloc["burst.engine_service.p99"]["verdict"]["word"], "better") << jemalloc.dump();
  EXPECT_NE(ReadTextFile(out + "/compare.md").find("Split by load"), std::string::npos);

  lab::ProcessResult unsplit = Compare(bots, {"--metrics", "burst.engine_service.p99", "--out", TempPath("unsplit")});
  EXPECT_EQ(unsplit.exit_code, 2);
  EXPECT_NE(unsplit.stderr_text.find("needs --burst-rate"), std::string::npos) << unsplit.stderr_text;
}

TEST(CompareEndToEnd, TooFewRunsToTellNeverPicksSystem) {
  std::string bots = MakeFakeBots("fake-few", kBuilds, FasterJemalloc());
  std::string out = TempPath("compare-few");
  lab::ProcessResult run = Compare(bots, {"--runs", "2", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::string md = ReadTextFile(out + "/compare.md");
  EXPECT_NE(md.find("throughput (ticks/s): too few runs to tell"), std::string::npos) << md;
  EXPECT_EQ(md.find("nothing beats"), std::string::npos);
  EXPECT_EQ(md.find(" better |"), std::string::npos) << "2 runs cannot be better: " << md;
}

TEST(CompareEndToEnd, RunsOnlyTheAllocatorsAsked) {
  std::string bots = MakeFakeBots("fake-two", {"jemalloc", "system"}, FasterJemalloc());
  std::string out = TempPath("compare-two");
  lab::ProcessResult run = Compare(bots, {"--allocators", "jemalloc,system", "--runs", "2", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const json arms = ReadJsonFile(out + "/compare.json")["summary"]["naive"]["arms"];
  EXPECT_EQ(arms.size(), 2u) << arms;
  EXPECT_TRUE(arms.contains("jemalloc") && arms.contains("system")) << arms;
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), 3);  // warm-up and 2 rounds
  EXPECT_NE(ReadTextFile(out + "/compare.md").find("| jemalloc |"), std::string::npos);
}

TEST(CompareEndToEnd, AFailedRunIsReportedTheRestKeptAndAResumeRetriesOnlyIt) {
  json config = FasterJemalloc();
  config["fail"] = {{"jemalloc", {3}}};  // warm-up, round 1, then round 2 fails
  std::string bots = MakeFakeBots("fake-fail", kBuilds, config);
  std::string out = TempPath("compare-fail");
  lab::ProcessResult run = Compare(bots, {"--runs", "6", "--out", out});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  ASSERT_EQ(result["failures"].size(), 1u) << result["failures"];
  std::string failure = result["failures"][0];
  EXPECT_EQ(failure.rfind("naive-jemalloc-r2: exit 105:", 0), 0u) << failure;
  EXPECT_NE(failure.find("bot: error: --rate: expected a positive number"), std::string::npos) << failure;
  EXPECT_EQ(result["summary"]["naive"]["arms"]["jemalloc"]["runs"], 5);
  EXPECT_EQ(result["summary"]["naive"]["arms"]["system"]["runs"], 6);
  EXPECT_NE(ReadTextFile(out + "/compare.md").find("## Failed runs"), std::string::npos);

  // The same command again: only the failed run is run again.
  const int before = FakeInvocations(bots, "jemalloc");
  const int system_before = FakeInvocations(bots, "system");
  lab::ProcessResult again = Compare(bots, {"--runs", "6", "--out", out});
  ASSERT_EQ(again.exit_code, 0) << again.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), before + 1);
  EXPECT_EQ(FakeInvocations(bots, "system"), system_before);
  EXPECT_NE(again.stderr_text.find("reusing 6 completed runs"), std::string::npos) << again.stderr_text;  // warm-up
  EXPECT_NE(again.stderr_text.find("reusing 35 completed runs"), std::string::npos) << again.stderr_text;
  EXPECT_EQ(ReadJsonFile(out + "/compare.json")["summary"]["naive"]["arms"]["jemalloc"]["runs"], 6);

  // --resume alone restores the stored options; another command in that folder is refused.
  lab::ProcessResult resumed = lab::RunProcess({Runfile("lab/compare"), "--resume", out});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), before + 1);
  lab::ProcessResult other = Compare(bots, {"--runs", "7", "--out", out});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.stderr_text.find("holds the runs of another command"), std::string::npos) << other.stderr_text;
}

TEST(CompareEndToEnd, AHungRunIsKilledAtItsTimeout) {
  json config = FasterJemalloc();
  config["hang"] = {{"mimalloc", {2}}};
  std::string bots = MakeFakeBots("fake-hang", kBuilds, config);
  std::string out = TempPath("compare-hang");
  lab::ProcessResult run = Compare(bots, {"--runs", "4", "--out", out, "--run-timeout", "1"});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  json result = ReadJsonFile(out + "/compare.json");
  ASSERT_EQ(result["failures"].size(), 1u) << result["failures"];
  EXPECT_EQ(result["failures"][0], "naive-mimalloc-r1: timed out after 1 s (--run-timeout)");
  EXPECT_EQ(result["summary"]["naive"]["arms"]["mimalloc"]["runs"], 3);
  EXPECT_NE(run.stderr_text.find("TIMED OUT"), std::string::npos);
}

TEST(CompareEndToEnd, AnUnknownMetricStopsBeforeAnyRun) {
  std::string bots = MakeFakeBots("fake-metric", kBuilds, FasterJemalloc());
  lab::ProcessResult run = Compare(bots, {"--metrics", "throughput,p99", "--out", TempPath("compare-metric")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("unknown metric 'p99'"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("engine_service.p99"), std::string::npos) << "lists the metrics";
  EXPECT_EQ(FakeInvocations(bots, "system"), 0);
  lab::ProcessResult executor = Compare(bots, {"--executor", "slurmm"});
  EXPECT_EQ(executor.exit_code, 2);
  EXPECT_NE(executor.stderr_text.find("unknown executor 'slurmm'"), std::string::npos) << executor.stderr_text;
  lab::ProcessResult stray = Compare(bots, {"--slurm-time-limit", "600", "--out", TempPath("compare-stray")});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.stderr_text.find("--slurm-time-limit applies to the Slurm executor"), std::string::npos)
      << stray.stderr_text;
  lab::ProcessResult one = Compare(bots, {"--allocators", "jemalloc", "--out", TempPath("compare-one")});
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.stderr_text.find("give at least two"), std::string::npos) << one.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "system"), 0);
  lab::ProcessResult reserved = Compare(bots, {"--report-json", "/tmp/x.json"});
  EXPECT_EQ(reserved.exit_code, 2);
  EXPECT_NE(reserved.stderr_text.find("--report-json is set by compare"), std::string::npos) << reserved.stderr_text;
}

}  // namespace
}  // namespace hftbot::tests
