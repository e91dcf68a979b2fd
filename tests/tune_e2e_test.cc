// End-to-end: //lab:tune ranks a grid for the allocator this suite is built with
// (the real bot), and, with a fake bot (tests/fake_bot.cc) whose figures depend on the
// entry's environment, names a winner only when it is better beyond noise.

#include <fstream>
#include <map>

#include "gtest/gtest.h"
#include "lab/subprocess.h"
#include "nlohmann/json.hpp"
#include "tests/bot_runner.h"
#include "tests/fake_bots.h"

namespace hftbot::tests {
namespace {

using nlohmann::json;

struct GridCase {
  std::string valid_env;    // TOML inline table body
  std::string invalid_env;  // a typo the allocator ignores
};

const std::map<std::string, GridCase> kCases = {
    {"system", {"GLIBC_TUNABLES = \"glibc.malloc.arena_max=2\"", "GLIBC_TUNABLES = \"glibc.malloc.arena_mux=2\""}},
    {"jemalloc", {"MALLOC_CONF = \"narenas:2\"", "MALLOC_CONF = \"narenaz:2\""}},
    {"mimalloc", {"MIMALLOC_EAGER_COMMIT_DELAY = \"2\"", "MIMALLOC_EAGER_COMIT = \"1\""}},
    {"tcmalloc", {"TCMALLOC_RELEASE_RATE = \"2\"", "TCMALLOC_RELEASE_RAT = \"2\""}},
    // The hybrid's mimalloc serves only mimalloc-heap resources, but its options are
    // still read and checked: a typo there is as invalid as one in MALLOC_CONF.
    {"hybrid", {"MALLOC_CONF = \"narenas:2\", MIMALLOC_EAGER_COMMIT_DELAY = \"2\"", "MIMALLOC_EAGER_COMIT = \"1\""}},
};

std::string Grid(const std::string& name, const std::string& text) {
  std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

TEST(TuneEndToEnd, RanksValidEntriesAndReportsTyposInvalid) {
  BotRun info = RunBot({"--alloc-info"});
  std::string first_line = info.stdout_text.substr(0, info.stdout_text.find('\n'));
  std::string allocator = first_line.substr(11, first_line.find(' ', 11) - 11);
  ASSERT_TRUE(kCases.count(allocator)) << first_line;
  const GridCase& c = kCases.at(allocator);
  std::string grid = Grid("grid.toml", "allocator = \"" + allocator + "\"\n[[entry]]\nname = \"default\"\n" +
                                           "[[entry]]\nname = \"valid\"\nenv = { " + c.valid_env + " }\n" +
                                           "[[entry]]\nname = \"typo\"\nenv = { " + c.invalid_env + " }\n");
  std::string out = TempPath("tune");
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--ticks", Runfile("data/golden.csv"),
                                            "--runs", "1", "--out", out, "--metric", "tick_to_order.p99"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/tune.json");
  ASSERT_EQ(result["ranked"].size(), 2u) << result.dump(2);
  ASSERT_EQ(result["invalid"].size(), 1u);
  EXPECT_EQ(result["invalid"][0]["entry"], "typo");
  EXPECT_TRUE(result["digests_agree"].get<bool>());
  EXPECT_EQ(result["metric"], "tick_to_order.p99");
  // One run each can never tell: the winner line says so instead of keeping the defaults.
  EXPECT_EQ(result["winner"].get<std::string>().rfind("winner: too few runs to tell", 0), 0u) << result["winner"];
}

TEST(TuneEndToEnd, TheShippedGridRunsWithAMetricAndBotOptions) {
  BotRun info = RunBot({"--alloc-info"});
  std::string first_line = info.stdout_text.substr(0, info.stdout_text.find('\n'));
  std::string allocator = first_line.substr(11, first_line.find(' ', 11) - 11);
  std::string out = TempPath("tune-shipped");
  lab::ProcessResult run =
      lab::RunProcess({Runfile("lab/tune"), "--grid", "config/tuning/" + allocator + ".toml", "--metric", "throughput",
                       "--ticks", Runfile("data/golden.csv"), "--runs", "1", "--out", out, "--wait", "block"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/tune.json");
  EXPECT_EQ(result["metric"], "throughput");
  EXPECT_EQ(result["bot_options"], json({"--wait", "block"}));
  EXPECT_EQ(result["runs"][0]["report"]["run"]["wait"], "block");
}

TEST(TuneEndToEnd, GridForAnotherAllocatorIsRefused) {
  BotRun info = RunBot({"--alloc-info"});
  std::string other = info.stdout_text.rfind("allocator: system", 0) == 0 ? "jemalloc" : "system";
  std::string grid = Grid("other.toml", "allocator = \"" + other + "\"\n[[entry]]\nname = \"default\"\n");
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--ticks",
                                            Runfile("data/golden.csv"), "--runs", "1", "--out", TempPath("t")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("the grid is for " + other), std::string::npos) << run.stderr_text;
}

TEST(TuneEndToEnd, UnknownGridKeyIsAnError) {
  std::string grid = Grid("bad.toml", "allocator = \"system\"\n[[entry]]\nname = \"x\"\nenvv = {}\n");
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--runs", "1"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("entry[0].envv: unknown key"), std::string::npos) << run.stderr_text;
}

// The fake reports 25% less engine_service for per-CPU arenas and rejects the typo.
std::string FakeJemalloc(const std::string& name) {
  return MakeFakeBots(name, {"jemalloc"},
                      {{"allocators", {{"jemalloc", {{"service_p99", 4000}}}}},
                       {"env_scale", {{"MALLOC_CONF=percpu_arena:percpu", 0.75}, {"MALLOC_CONF=tcache:false", 1.5}}},
                       {"problems", {{"MALLOC_CONF=narenaz:2", "invalid conf pair: narenaz:2"}}}});
}

std::string FakeGrid() {
  return Grid("fake.toml",
              "allocator = \"jemalloc\"\n[[entry]]\nname = \"default\"\n"
              "[[entry]]\nname = \"per-CPU\"\nenv = { MALLOC_CONF = \"percpu_arena:percpu\" }\n"
              "[[entry]]\nname = \"no tcache\"\nenv = { MALLOC_CONF = \"tcache:false\" }\n"
              "[[entry]]\nname = \"one arena\"\nenv = { MALLOC_CONF = \"narenas:1\" }\n"
              "[[entry]]\nname = \"typo\"\nenv = { MALLOC_CONF = \"narenaz:2\" }\n");
}

TEST(TuneEndToEnd, NamesTheWinnerOnlyWhenItIsBetterBeyondNoise) {
  std::string bots = FakeJemalloc("fake-tune");
  std::string out = TempPath("tune-fake");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/tune"), "--grid", FakeGrid(), "--bot", bots + "/jemalloc/bot", "--out", out}, {{}, {}, {}, 120});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json result = ReadJsonFile(out + "/tune.json");
  EXPECT_EQ(result["metric"], "engine_service.p99");
  EXPECT_EQ(result["ranked"][0]["entry"], "per-CPU");
  EXPECT_EQ(result["ranked"][0]["verdict"]["word"], "better");
  EXPECT_EQ(result["ranked"][3]["entry"], "no tcache");
  EXPECT_EQ(result["ranked"][3]["verdict"]["word"], "worse");
  EXPECT_EQ(result["invalid"][0]["entry"], "typo");
  EXPECT_EQ(result["winner"].get<std::string>().rfind("winner: use per-CPU", 0), 0u) << result["winner"];
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), 5 * 7);  // 5 entries x (warm-up + 6 rounds)
  EXPECT_NE(ReadTextFile(out + "/tune.md").find("export MALLOC_CONF='percpu_arena:percpu'"), std::string::npos);
  EXPECT_NE(ReadTextFile(out + "/tune.png.gp").find("set logscale y"), std::string::npos) << "a latency chart";
}

TEST(TuneEndToEnd, AnUnknownMetricStopsBeforeAnyRunAndHelpStatesTheDefault) {
  std::string bots = FakeJemalloc("fake-tune-metric");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/tune"), "--grid", FakeGrid(), "--bot", bots + "/jemalloc/bot", "--metric", "p99"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("unknown metric 'p99'"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("tick_to_order"), std::string::npos) << "lists the metrics";
  lab::ProcessResult stray = lab::RunProcess({Runfile("lab/tune"), "--grid", FakeGrid(), "--bot",
                                              bots + "/jemalloc/bot", "--slurm-partition", "fast"});
  EXPECT_EQ(stray.exit_code, 2);
  EXPECT_NE(stray.stderr_text.find("--slurm-partition applies to the Slurm executor"), std::string::npos)
      << stray.stderr_text;
  lab::ProcessResult executor = lab::RunProcess(
      {Runfile("lab/tune"), "--grid", FakeGrid(), "--bot", bots + "/jemalloc/bot", "--executor", "ssh"});
  EXPECT_EQ(executor.exit_code, 2);
  EXPECT_NE(executor.stderr_text.find("unknown executor 'ssh'"), std::string::npos) << executor.stderr_text;
  EXPECT_EQ(FakeInvocations(bots, "jemalloc"), 0);
  lab::ProcessResult help = lab::RunProcess({Runfile("lab/tune"), "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.stdout_text.find("Default: engine_service.p99 when the bot runs at max speed"), std::string::npos)
      << help.stdout_text;
}

TEST(TuneEndToEnd, AFailedRunKeepsTheOthersAndShowsTheBotsError) {
  std::string bots = FakeJemalloc("fake-tune-fail");
  json config = {{"allocators", {{"jemalloc", {{"service_p99", 4000}}}}}, {"fail", {{"jemalloc", {7}}}}};
  SetFakeConfig(bots, config);
  std::string out = TempPath("tune-fail");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/tune"), "--grid", FakeGrid(), "--bot", bots + "/jemalloc/bot", "--out", out, "--runs", "2"},
      {{}, {}, {}, 120});
  EXPECT_EQ(run.exit_code, 1);
  json result = ReadJsonFile(out + "/tune.json");
  ASSERT_EQ(result["failures"].size(), 1u);
  EXPECT_NE(result["failures"][0].get<std::string>().find("exit 105:\nbot: error: --rate"), std::string::npos)
      << result["failures"][0];
  EXPECT_EQ(result["runs"].size(), 9u);  // 5 entries x 2 rounds, less the failed one
}

}  // namespace
}  // namespace hftbot::tests
