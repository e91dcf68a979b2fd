// End-to-end: //lab:sweep. With fake bots (tests/fake_bot.cc) that saturate at a rate
// the test chooses, the whole path — saturation runs, the rate ladder, capacity at the
// SLO, the verdict, the plots — deterministically; and a short smoke run of the real
// bot on a tiny file, which must accept the rates and max speed the sweep asks for.

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

// glibc saturates at 1 M events/s, jemalloc at 1.5 M; both 30 µs p99 unloaded.
json TwoKnees() {
  return {{"allocators",
           {{"system", {{"throughput", 1.0e6}, {"t2o_p99", 30000}, {"service_p99", 4000}}},
            {"jemalloc", {{"throughput", 1.5e6}, {"t2o_p99", 30000}, {"service_p99", 4000}}}}}};
}

lab::ProcessResult Sweep(const std::string& bots, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {Runfile("lab/sweep"), "--bots", bots, "--allocators", "system,jemalloc"};
  argv.insert(argv.end(), args.begin(), args.end());
  return lab::RunProcess(argv, {{}, {}, {}, 240});
}

TEST(SweepEndToEnd, CapacityAtSloFromSaturationAndTheLadder) {
  std::string bots = MakeFakeBots("fake-sweep", {"system", "jemalloc"}, TwoKnees());
  std::string out = TempPath("sweep");
  lab::ProcessResult run = Sweep(bots, {"--rounds", "5", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/sweep.json");
  const json& p = result["summary"]["naive"];
  // The ladder: fractions of the highest saturation, 1.5 M (the fake's max-speed figure
  // moves by up to 2%, so its median is 1.5 M x 0.99).
  ASSERT_EQ(result["ladder"]["naive"].size(), 9u);
  EXPECT_NEAR(result["ladder"]["naive"][0].get<double>(), 148500, 1000);
  // SLO: 20 x (100 ns floor + 4 µs engine_service p99 x ~1.01).
  EXPECT_NEAR(p["slo_ns"].get<double>(), 82800, 500);
  // 30 µs / (1 - load) stays under ~83 µs while load < 0.63: glibc to ~370 k, jemalloc to ~740 k.
  EXPECT_NEAR(p["allocators"]["system"]["capacity"]["rate"].get<double>(), 371000, 1000);
  EXPECT_NEAR(p["allocators"]["jemalloc"]["capacity"]["rate"].get<double>(), 743000, 1000);
  EXPECT_EQ(p["allocators"]["jemalloc"]["capacity"]["verdict"]["word"], "better");
  EXPECT_EQ(p["recommendation"]["picks"], json({"jemalloc"}));
  EXPECT_EQ(FakeInvocations(bots, "system"), 1 + 5 + 9 * 5);
  for (const char* plot : {"sweep-naive-tick_to_order.png", "sweep-naive-engine_service.png"}) {
    EXPECT_GT(std::filesystem::file_size(out + "/" + plot), 1000u) << plot;
    EXPECT_NE(ReadTextFile(out + "/" + plot + ".gp").find("set logscale y"), std::string::npos) << plot;
    EXPECT_NE(ReadTextFile(out + "/" + plot + ".gp").find("'jemalloc saturates'"), std::string::npos) << plot;
  }
  std::string md = ReadTextFile(out + "/sweep.md");
  EXPECT_NE(md.find("capacity at SLO: use jemalloc"), std::string::npos) << md;
  EXPECT_NE(md.find("## How to read the verdicts"), std::string::npos);
}

TEST(SweepEndToEnd, ResumingRunsTheSameLadderAndNothingElse) {
  json config = TwoKnees();
  config["fail"] = {{"jemalloc", {20}}};
  std::string bots = MakeFakeBots("fake-sweep-resume", {"system", "jemalloc"}, config);
  std::string out = TempPath("sweep-resume");
  lab::ProcessResult run = Sweep(bots, {"--rounds", "2", "--out", out, "--slo-us", "100"});
  EXPECT_EQ(run.exit_code, 1) << run.stderr_text;
  json first = ReadJsonFile(out + "/sweep.json");
  ASSERT_EQ(first["failures"].size(), 1u);
  SetFakeConfig(bots, TwoKnees());
  const int before = FakeInvocations(bots, "jemalloc");
  lab::ProcessResult again = lab::RunProcess({Runfile("lab/sweep"), "--resume", out}, {{}, {}, {}, 240});
  ASSERT_EQ(again.exit_code, 0) << again.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), before + 1);
  json second = ReadJsonFile(out + "/sweep.json");
  EXPECT_EQ(second["ladder"], first["ladder"]);
  EXPECT_DOUBLE_EQ(second["summary"]["naive"]["slo_ns"].get<double>(), 100000);
  EXPECT_NE(second["summary"]["naive"]["slo_derivation"].get<std::string>().find("given"), std::string::npos);
}

TEST(SweepEndToEnd, OptionsTheSweepOwnsAreRefused) {
  std::string bots = MakeFakeBots("fake-sweep-bad", {"system", "jemalloc"}, TwoKnees());
  lab::ProcessResult rate = Sweep(bots, {"--rate", "1000"});
  EXPECT_EQ(rate.exit_code, 2);
  EXPECT_NE(rate.stderr_text.find("--rate is set by sweep"), std::string::npos) << rate.stderr_text;
  lab::ProcessResult metric = Sweep(bots, {"--slo-metric", "throughput"});
  EXPECT_EQ(metric.exit_code, 2);
  EXPECT_NE(metric.stderr_text.find("not a latency metric"), std::string::npos) << metric.stderr_text;
  lab::ProcessResult unknown = Sweep(bots, {"--slo-metric", "p99"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.stderr_text.find("unknown metric 'p99'"), std::string::npos) << unknown.stderr_text;
  lab::ProcessResult stray = Sweep(bots, {"--executor", "local", "--slurm-max-running", "2"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.stderr_text.find("--slurm-max-running applies to the Slurm executor"), std::string::npos)
      << stray.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "system"), 0);
}

TEST(SweepEndToEnd, TheRealBotTakesTheRatesAndMaxSpeed) {
  if (alloc::kSanitizerOwningMalloc != nullptr) {
    GTEST_SKIP() << alloc::kSanitizerOwningMalloc << " serves malloc in every allocator variant of this build";
  }
  std::string out = TempPath("sweep-real");
  lab::ProcessResult run =
      lab::RunProcess({Runfile("lab/sweep"), "--ticks", Runfile("data/golden.csv"), "--allocators", "system,mimalloc",
                       "--rounds", "1", "--fractions", "0.5,1.2", "--slo-us", "100000", "--out", out},
                      {{}, {}, {}, 240});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/sweep.json");
  EXPECT_TRUE(result["digests_agree"].get<bool>());
  EXPECT_EQ(result["ladder"]["naive"].size(), 2u);
  EXPECT_EQ(result["runs"].size(), 2u * (1 + 2));
  for (const json& entry : result["runs"]) EXPECT_EQ(entry["report"]["allocator"]["name"], entry["allocator"]);
}

}  // namespace
}  // namespace hftbot::tests
