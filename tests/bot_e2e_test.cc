// End-to-end: the whole bot, as a user runs it, on checked-in tick files. The suite
// runs under every --//alloc value, so the golden digest also proves that the
// allocator changes speed, never results.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "alloc/sanitizer.h"
#include "lab/subprocess.h"
#include "gtest/gtest.h"
#include "tests/bot_runner.h"

namespace hftbot::tests {
namespace {

// The golden replay of data/golden.csv with tests/data/golden.toml. If an intended
// change to the engine or a strategy changes results, update these in the same commit.
struct Golden {
  uint64_t read = 2000;
  uint64_t orders_sent = 0;
  uint64_t fills = 0;
  std::string digest;
};

Golden ExpectedGolden() {
  Golden g;
  g.orders_sent = 88;
  g.fills = 63;
  g.digest = "f4be7bc00a33366c";
  return g;
}

std::string GoldenTicks() { return Runfile("data/golden.csv"); }
std::string GoldenConfig() { return Runfile("tests/data/golden.toml"); }

// Events per symbol in a native CSV tick file, counted here from the file itself,
// independently of everything the bot reports.
std::map<std::string, uint64_t> EventsPerSymbol(const std::string& csv) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  std::map<std::string, uint64_t> counts;
  while (std::getline(in, line)) {
    size_t first = line.find(',');
    size_t second = line.find(',', first + 1);
    ++counts[line.substr(first + 1, second - first - 1)];
  }
  return counts;
}

// Every event of every symbol reached its engine or was dropped, by the engines' and
// the feeds' own per-symbol counts against the file's.
void ExpectEverySymbolAccounted(const nlohmann::json& report, const std::string& csv) {
  for (const auto& [symbol, events] : EventsPerSymbol(csv)) {
    uint64_t processed = report["ticks"]["processed_by_symbol"][symbol].get<uint64_t>();
    uint64_t dropped = report["ticks"]["dropped_by_symbol"][symbol].get<uint64_t>();
    EXPECT_EQ(processed + dropped, events) << symbol;
  }
}

TEST(BotEndToEnd, GoldenReplayHasExactCountsAndDigest) {
  BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks()});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  ASSERT_TRUE(run.report.is_object()) << run.stdout_text;
  Golden golden = ExpectedGolden();
  EXPECT_EQ(run.report["ticks"]["read"], golden.read);
  EXPECT_EQ(run.report["ticks"]["processed"], golden.read);
  EXPECT_EQ(run.report["ticks"]["dropped"], 0);
  EXPECT_EQ(run.report["orders"]["sent"], golden.orders_sent);
  EXPECT_EQ(run.report["orders"]["fills"], golden.fills);
  EXPECT_GT(run.report["orders"]["cancels_sent"].get<uint64_t>(), 0u);
  EXPECT_EQ(run.report["digest"], golden.digest);
  uint64_t orders = golden.orders_sent + run.report["orders"]["cancels_sent"].get<uint64_t>();
  EXPECT_EQ(run.report["orders"]["on_wire"].get<uint64_t>(), orders);
  ExpectEverySymbolAccounted(run.report, GoldenTicks());
  // Every stage counts what it claims: every event through the engine, every order to the wire.
  const auto& latency = run.report["latency_ns"];
  EXPECT_EQ(latency["queue_wait"]["count"], golden.read);
  EXPECT_EQ(latency["engine_service"]["count"], golden.read);
  EXPECT_EQ(latency["tick_to_order"]["count"], orders);
  EXPECT_EQ(latency["order_to_wire"]["count"], orders);
  EXPECT_EQ(latency["gateway_service"]["count"], orders);
  EXPECT_EQ(latency["publish_lag"]["count"], 0) << "max speed has no schedule to be late against";
}

// The compact topology (one feed thread, engines sending their own orders) gives the
// threaded topology's results.
TEST(BotEndToEnd, CompactTopologyGivesTheSameResultsAsThreaded) {
  for (const char* topology : {"threaded", "compact"}) {
    for (const char* profile : {"naive", "pooled"}) {
      BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--topology", topology, "--profile",
                           profile});
      ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
      EXPECT_EQ(run.report["run"]["topology"], topology);
      EXPECT_EQ(run.report["run"]["gateway"], std::string(topology) == "compact" ? "inline" : "thread");
      EXPECT_EQ(run.report["digest"], ExpectedGolden().digest) << topology << " " << profile;
      EXPECT_EQ(run.report["orders"]["on_wire"].get<uint64_t>(),
                run.report["orders"]["sent"].get<uint64_t>() + run.report["orders"]["cancels_sent"].get<uint64_t>());
    }
  }
}

using Variant = std::tuple<int, std::string, std::string>;  // feed threads, wait, profile

class Determinism : public ::testing::TestWithParam<Variant> {};

TEST_P(Determinism, SameDigestForEveryThreadCountWaitStrategyAndProfile) {
  auto [feed_threads, wait, profile] = GetParam();
  BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--feed-threads",
                       std::to_string(feed_threads), "--wait", wait,
                       "--profile", profile, "--engine-threads", feed_threads == 4 ? "2" : "1"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  Golden golden = ExpectedGolden();
  EXPECT_EQ(run.report["digest"], golden.digest);
  EXPECT_EQ(run.report["orders"]["sent"], golden.orders_sent);
  EXPECT_EQ(run.report["run"]["profile"], profile);
  EXPECT_EQ(run.report["run"]["feed_threads"], std::min(feed_threads, 3)) << "golden.csv has 3 symbols";
  ExpectEverySymbolAccounted(run.report, GoldenTicks());
}

INSTANTIATE_TEST_SUITE_P(AllVariants, Determinism,
                         ::testing::Combine(::testing::Values(1, 2, 4), ::testing::Values("spin", "block"),
                                            ::testing::Values("naive", "pooled")));

TEST(BotEndToEnd, StreamedReplayOfAFileOverTheBudgetGivesTheSameResults) {
  for (const char* profile : {"naive", "pooled"}) {
    BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--memory-budget-mb", "0.05",
                         "--profile", profile, "--feed-threads", "2"});
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
    Golden golden = ExpectedGolden();
    EXPECT_TRUE(run.report["run"]["streamed"].get<bool>());
    EXPECT_EQ(run.report["digest"], golden.digest) << profile;
    EXPECT_EQ(run.report["ticks"]["processed"], golden.read);
    ExpectEverySymbolAccounted(run.report, GoldenTicks());
  }
}

std::string TinyQueueConfig() {
  std::string path = TempPath("tiny-queues.toml");
  std::ifstream golden(GoldenConfig());
  std::ofstream out(path);
  out << golden.rdbuf() << "\n[queues]\nfeed_capacity = 2\n";
  return path;
}

// Whether a 2-slot queue overflows depends on scheduling, so this checks only that
// whatever was dropped is accounted for per symbol; pipeline/feed_loop_test proves the
// drop counting itself deterministically.
TEST(BotEndToEnd, DropModeUnderOverloadAccountsForEveryEventPerSymbol) {
  BotRun run = RunBot({"--config", TinyQueueConfig(), "--ticks", GoldenTicks(), "--on-full", "drop"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  ExpectEverySymbolAccounted(run.report, GoldenTicks());
}

TEST(BotEndToEnd, BlockModeUnderOverloadLosesNothing) {
  BotRun run = RunBot({"--config", TinyQueueConfig(), "--ticks", GoldenTicks(), "--on-full", "block"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["ticks"]["dropped"], 0);
  EXPECT_EQ(run.report["ticks"]["processed"], 2000);
  EXPECT_EQ(run.report["digest"], ExpectedGolden().digest);
}

// Component resources move the naive engine's allocations, never its results: the
// golden digest under a pool, the adaptive resource and the process malloc, and each
// resource's report shows the allocations it served.
// The golden config with `extra` TOML appended, written to a fresh file `name`.
std::string GoldenConfigWith(const std::string& name, const std::string& extra) {
  const std::string path = TempPath(name);
  std::ifstream golden(GoldenConfig());
  std::ofstream out(path);
  out << golden.rdbuf() << extra;
  return path;
}

TEST(BotEndToEnd, ComponentResourcesKeepTheDigestAndServeTheirComponents) {
  const std::string path = GoldenConfigWith("resources.toml",
                                            "\n[alloc.components]\nbook = \"pool\"\nstrategy = \"pool\"\n"
                                            "exchange = \"adaptive\"\n\n[alloc.adaptive]\nenter_burst_load = 1000\n"
                                            "leave_burst_load = 500\n");
  BotRun run = RunBot({"--config", path, "--ticks", GoldenTicks(), "--profile", "naive"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["digest"], ExpectedGolden().digest);
  std::map<std::string, nlohmann::json> by_spec;
  for (const auto& resource : run.report["memory"]["resources"]) by_spec[resource["spec"]] = resource;
  ASSERT_EQ(by_spec.count("pool"), 1u) << run.report["memory"].dump();
  EXPECT_EQ(by_spec["pool"]["components"], "book, strategy");
  EXPECT_GT(by_spec["pool"]["allocations"].get<uint64_t>(), 2000u) << "the naive book and strategy allocate per event";
  ASSERT_EQ(by_spec.count("adaptive"), 1u);
  EXPECT_EQ(by_spec["adaptive"]["components"], "exchange");
  EXPECT_GT(by_spec["adaptive"]["allocations"].get<uint64_t>(), 0u);
  EXPECT_TRUE(by_spec["adaptive"].contains("adaptive")) << "the adaptive resource reports its switching";
}

TEST(BotEndToEnd, AComponentWithoutAResourceIsAConfigError) {
  const std::string path = GoldenConfigWith("bad-resources.toml", "\n[alloc.components]\ngateway = \"pool\"\n");
  BotRun run = RunBot({"--config", path, "--ticks", GoldenTicks()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("alloc.components.gateway"), std::string::npos) << run.stderr_text;
}

// --component replaces what the file gives that component, and only that one.
TEST(BotEndToEnd, AComponentFlagReplacesTheFilesResourceForThatComponent) {
  const std::string path =
      GoldenConfigWith("flag-resources.toml", "\n[alloc.components]\nbook = \"pool\"\nstrategy = \"pool\"\n");
  BotRun run = RunBot({"--config", path, "--ticks", GoldenTicks(), "--component", "book=adaptive"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["digest"], ExpectedGolden().digest);
  std::map<std::string, nlohmann::json> by_spec;
  for (const auto& resource : run.report["memory"]["resources"]) by_spec[resource["spec"]] = resource;
  ASSERT_EQ(by_spec.count("adaptive"), 1u) << run.report["memory"].dump();
  EXPECT_EQ(by_spec["adaptive"]["components"], "book");
  ASSERT_EQ(by_spec.count("pool"), 1u) << run.report["memory"].dump();
  EXPECT_EQ(by_spec["pool"]["components"], "strategy");

  for (const auto& [flag, expected] : std::vector<std::pair<std::string, std::string>>{
           {"gateway=pool", "this component takes no resource"},
           {"book", "expected NAME=SPEC"},
           {"book=nosuch", "--component book=nosuch"}}) {
    BotRun bad = RunBot({"--ticks", GoldenTicks(), "--component", flag});
    EXPECT_EQ(bad.exit_code, 2) << flag;
    EXPECT_NE(bad.stderr_text.find(expected), std::string::npos) << flag << ": " << bad.stderr_text;
  }
}

TEST(BotEndToEnd, PacedReplayGivesTheSameResults) {
  BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--rate", "20000"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["digest"], ExpectedGolden().digest);
}

TEST(BotEndToEnd, ReplaysTheBundledSampleWhenNoTicksAreGiven) {
  BotRun run = RunBot({});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["ticks"]["read"], 250000);
  EXPECT_EQ(run.report["run"]["symbols"].size(), 4u);
  EXPECT_NE(run.stdout_text.find("headline: engine_service"), std::string::npos) << run.stdout_text;
  if (alloc::kSanitizerOwningMalloc == nullptr) {
    EXPECT_NE(run.stdout_text.find("active: yes"), std::string::npos);
  }
  uint64_t processed = 0;
  for (const auto& [symbol, n] : run.report["ticks"]["processed_by_symbol"].items()) processed += n.get<uint64_t>();
  EXPECT_EQ(processed, 250000u);
}

// A paced replay long enough for several samples: the timeline must advance in time
// and in events processed, and its last sample must have seen the whole replay.
TEST(BotEndToEnd, MemoryTimelineFollowsTheReplay) {
  BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--rate", "5000"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const auto& timeline = run.report["memory_timeline"];
  double duration = run.report["run"]["duration_s"];
  double interval = 0.1;  // config/default.toml
  ASSERT_GE(timeline.size(), static_cast<size_t>(duration / interval) - 1) << "a 0.4 s replay sampled every 0.1 s";
  for (size_t i = 1; i < timeline.size(); ++i) {
    EXPECT_GE(timeline[i]["t_s"].get<double>(), timeline[i - 1]["t_s"].get<double>());
    EXPECT_GE(timeline[i]["processed"].get<uint64_t>(), timeline[i - 1]["processed"].get<uint64_t>());
    EXPECT_GT(timeline[i]["rss_bytes"].get<uint64_t>(), 0u);
  }
  EXPECT_EQ(timeline.back()["processed"], 2000);
  EXPECT_GT(timeline[timeline.size() / 2]["processed"].get<uint64_t>(), 0u) << "mid-replay samples see progress";
}

TEST(BotEndToEnd, ReplaysTheRealBinanceCaptureWithATopOfBookTrace) {
  std::string bbo = TempPath("bbo.csv");
  BotRun run = RunBot({"--ticks", Runfile("tests/data/real/btcusdt_20240808.gz"), "--bbo-out", bbo});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["run"]["format"], "binance-ws");
  EXPECT_EQ(run.report["ticks"]["processed"], 163870);
  EXPECT_EQ(run.report["ticks"]["rejected"]["stale_diff"], 17);
  // The same on every allocator: the digest of the default strategy on real BTCUSDT.
  EXPECT_EQ(run.report["digest"], "cef238c5f62c1c0e");
  std::ifstream trace(bbo);
  std::string line;
  std::getline(trace, line);
  EXPECT_EQ(line, "ts_ns,exchange_ts_ns,update_id,event,symbol,bid_px,bid_qty,ask_px,ask_qty");
  uint64_t rows = 0;
  while (std::getline(trace, line)) ++rows;
  EXPECT_EQ(rows, 163870u);
}

TEST(BotEndToEnd, AllocInfoProvesTheAllocator) {
  if (alloc::kSanitizerOwningMalloc != nullptr) {
    GTEST_SKIP() << alloc::kSanitizerOwningMalloc << " serves malloc in this build";
  }
  BotRun run = RunBot({"--alloc-info"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.stdout_text.find("active: yes"), std::string::npos) << run.stdout_text;
  EXPECT_EQ(run.stdout_text.rfind("allocator: ", 0), 0u);
}

TEST(BotEndToEnd, WritesOneHgrmPerStage) {
  std::string dir = TempPath("hgrm");
  BotRun run = RunBot({"--ticks", GoldenTicks(), "--hgrm-dir", dir});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  for (const char* stage :
       {"publish_lag", "queue_wait", "engine_service", "tick_to_order", "order_to_wire", "gateway_service"}) {
    std::ifstream hgrm(dir + "/" + stage + ".hgrm");
    std::string header;
    std::getline(hgrm, header);
    EXPECT_NE(header.find("Percentile"), std::string::npos) << stage;
  }
}

// --time-every reaches the engine threads: 1 event in N timed, the same results.
TEST(BotEndToEnd, TimeEveryTimesOneEventInNAndKeepsTheDigest) {
  BotRun run = RunBot({"--config", GoldenConfig(), "--ticks", GoldenTicks(), "--profile", "pooled", "--topology",
                       "compact", "--time-every", "5"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  const uint64_t processed = run.report["ticks"]["processed"].get<uint64_t>();
  EXPECT_EQ(run.report["run"]["time_every"], 5);
  // Random gaps of 1..9 (pipeline/sample_schedule.h): about processed / 5, the same events for both.
  const double one_in_five = static_cast<double>(processed) / 5;
  const auto timed = run.report["latency_ns"]["engine_service"]["count"].get<uint64_t>();
  EXPECT_NEAR(static_cast<double>(timed), one_in_five, 0.15 * one_in_five);
  EXPECT_EQ(run.report["latency_ns"]["queue_wait"]["count"].get<uint64_t>(), timed);
  EXPECT_EQ(run.report["digest"], ExpectedGolden().digest);
  EXPECT_NE(run.stdout_text.find("1 event in 5 timed"), std::string::npos) << run.stdout_text;
}

TEST(BotEndToEnd, BadConfigKeyStopsWithItsPath) {
  std::string config = TempPath("bad.toml");
  std::ofstream(config) << "[risk]\nmax_positon = 3\n";
  BotRun run = RunBot({"--config", config, "--ticks", GoldenTicks()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("risk.max_positon: unknown key"), std::string::npos) << run.stderr_text;
}

TEST(BotEndToEnd, UnknownStrategyParameterStopsWithItsPath) {
  std::string config = TempPath("bad-param.toml");
  std::ofstream(config) << "[strategy]\nname = \"market_maker\"\n[strategy.params]\nno_such_param = 1\n";
  BotRun run = RunBot({"--config", config, "--ticks", GoldenTicks()});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("strategy"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("no_such_param"), std::string::npos) << run.stderr_text;
}

TEST(BotEndToEnd, BadTickFileStopsWithFileAndLine) {
  std::string ticks = TempPath("bad.csv");
  std::ofstream(ticks) << "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n"
                       << "1000,AAA,quote,,100,1,101,1\n"
                       << "2000,AAA,quote,,abc,1,101,1\n";
  BotRun run = RunBot({"--ticks", ticks});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("bad.csv:3"), std::string::npos) << run.stderr_text;
}

TEST(BotEndToEnd, SkipModeCountsBadTicksAndStillBalances) {
  std::string ticks = TempPath("skip.csv");
  std::ofstream(ticks) << "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n"
                       << "1000,AAA,quote,,100,1,101,1\n"
                       << "2000,AAA,quote,,102,1,101,1\n"
                       << "3000,AAA,quote,,100,1,101,1\n";
  BotRun run = RunBot({"--ticks", ticks, "--on-bad-tick", "skip"});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.report["ticks"]["read"], 3);
  EXPECT_EQ(run.report["ticks"]["processed"], 2);
  EXPECT_EQ(run.report["ticks"]["rejected"].size(), 1u);
}

TEST(BotEndToEnd, UnwritableOutputFailsBeforeTheReplay) {
  BotRun run = RunBot({"--ticks", GoldenTicks(), "--hgrm-dir", "/proc/no/such/dir"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.stdout_text.find("tick_to_order"), std::string::npos);
}

// A file output given a directory used to pass the check: the order log then failed to
// open silently (exit 0, no log), the JSON report only at its rename after the replay.
TEST(BotEndToEnd, AFileOutputThatIsADirectoryFailsBeforeTheReplay) {
  const std::string dir = TempPath("a-directory");
  std::filesystem::create_directories(dir);
  for (const char* flag : {"--order-log", "--report-json", "--hlog", "--bbo-out"}) {
    lab::ProcessResult run = lab::RunProcess({Runfile("bot/bot"), "--no-progress", "--ticks", GoldenTicks(), flag, dir});
    EXPECT_EQ(run.exit_code, 2) << flag << ": " << run.stderr_text;
    EXPECT_NE(run.stderr_text.find(flag), std::string::npos) << flag << ": " << run.stderr_text;
    EXPECT_EQ(run.stdout_text.find("tick_to_order"), std::string::npos) << flag << ": the replay ran";
  }
}

}  // namespace
}  // namespace hftbot::tests
