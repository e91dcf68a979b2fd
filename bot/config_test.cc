#include "bot/config.h"

#include <fstream>
#include <string>

#include "feed/input_error.h"
#include "gtest/gtest.h"

namespace hftbot::bot {
namespace {

std::string WriteToml(const std::string& name, const std::string& text) {
  std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string ErrorOf(const std::string& text) {
  std::string path = WriteToml("case.toml", text);
  try {
    LoadConfig(path);
  } catch (const feed::InputError& error) {
    return error.what();
  }
  return "<no error>";
}

TEST(ConfigTest, ShippedDefaultLoadsAndMatchesBuiltInDefaults) {
  Config loaded = LoadConfig("config/default.toml");
  Config built_in;
  EXPECT_EQ(loaded.profile, built_in.profile);
  EXPECT_EQ(loaded.wait, built_in.wait);
  EXPECT_EQ(loaded.feed_queue_capacity, built_in.feed_queue_capacity);
  EXPECT_EQ(loaded.order_latency_ns, built_in.order_latency_ns);
  EXPECT_EQ(loaded.strategy.name, built_in.strategy.name);
  EXPECT_DOUBLE_EQ(loaded.max_position, built_in.max_position);
  EXPECT_EQ(loaded.speed, 0);
}

TEST(ConfigTest, ReadsEverySection) {
  Config c = LoadConfig(WriteToml("full.toml", R"(
[replay]
ticks = "x.csv"
speed = 2.5
on_full = "drop"
on_bad_tick = "skip"
[threads]
feed_threads = 2
engine_threads = 2
wait = "spin"
pin_cpus = [0, 1]
[engine]
profile = "pooled"
order_latency_ns = 1000
[histogram]
time_every = 64
[strategy]
name = "momentum"
[strategy.params]
fast = 5
[symbols.ETH.strategy]
name = "mean_reversion"
params = { window = 50 }
)"));
  EXPECT_EQ(c.ticks, "x.csv");
  EXPECT_DOUBLE_EQ(c.speed, 2.5);
  EXPECT_EQ(c.on_full, OnFull::kDrop);
  EXPECT_EQ(c.on_bad_tick, "skip");
  EXPECT_EQ(c.feed_threads, 2);
  EXPECT_EQ(c.wait, WaitStrategy::kSpin);
  EXPECT_EQ(c.pin_cpus, (std::vector<int>{0, 1}));
  EXPECT_EQ(c.profile, "pooled");
  EXPECT_EQ(c.strategy.name, "momentum");
  EXPECT_EQ(c.time_every, 64);
  EXPECT_EQ(ToPipelineOptions(c).time_every, 64u);
  EXPECT_DOUBLE_EQ(c.strategy.params.at("fast"), 5);
  EXPECT_EQ(c.symbol_strategies.at("ETH").name, "mean_reversion");
  EXPECT_DOUBLE_EQ(c.symbol_strategies.at("ETH").params.at("window"), 50);
}

TEST(ConfigTest, UnknownKeyNamesItsPath) {
  EXPECT_NE(ErrorOf("[risk]\nmax_positon = 3\n").find("case.toml: risk.max_positon: unknown key"), std::string::npos);
  EXPECT_NE(ErrorOf("[nonsense]\n").find("nonsense: unknown key"), std::string::npos);
  EXPECT_NE(ErrorOf("[symbols.BTC]\nstrategy = { name = \"x\", colour = 1 }\n").find("symbols.BTC.strategy.colour: unknown key"),
            std::string::npos);
}

TEST(ConfigTest, WrongTypeNamesItsPath) {
  EXPECT_NE(ErrorOf("[threads]\nengine_threads = \"two\"\n").find("threads.engine_threads: expected an integer"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[output]\nprogress = 1\n").find("output.progress: expected true or false"), std::string::npos);
}

TEST(ConfigTest, OutOfRangeAndBadChoicesAreRejected) {
  EXPECT_NE(ErrorOf("[threads]\nengine_threads = 0\n").find("threads.engine_threads: 0 is out of range"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[threads]\nwait = \"nap\"\n").find("'nap' is not one of: spin, yield, block, auto"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[histogram]\ntime_every = 0\n").find("histogram.time_every: 0 is out of range"),
            std::string::npos);
  EXPECT_NE(ErrorOf("[replay]\nspeed = -1\n").find("replay.speed"), std::string::npos);
  EXPECT_NE(ErrorOf("[replay]\nspeed = 2\nrate = 100\n").find("not both"), std::string::npos);
}

TEST(ConfigTest, SyntaxErrorNamesLineAndColumn) {
  std::string error = ErrorOf("[replay]\nspeed = = 3\n");
  EXPECT_NE(error.find("case.toml:2:"), std::string::npos) << error;
}

// toml++ 3.3.0 reaches __builtin_unreachable when it asks whether these code points
// are whitespace (bot/toml.h; marzer/tomlplusplus#295). Found by //fuzz:config_fuzzer;
// under --config=asan, UBSan aborts here if the workaround is lost.
TEST(ConfigTest, NonAsciiAfterAValueIsRefusedNotUndefined) {
  EXPECT_NE(ErrorOf("[replay]\nspeed = 2.\xd2\x92istoggpin_cpus\n"), "<no error>");
  EXPECT_NE(ErrorOf("rate = 1\xc2\xa7\n"), "<no error>");
  EXPECT_NE(ErrorOf("\xcc\xaa"), "<no error>");
}

TEST(ConfigTest, NonAsciiAfterALineEndingBackslashIsKept) {
  Config c = LoadConfig(WriteToml("unicode.toml", "[replay]\nticks = \"\"\"\\\n\xc2\xa7.csv\"\"\"\n"));
  EXPECT_EQ(c.ticks, "\xc2\xa7.csv");
}

}  // namespace
}  // namespace hftbot::bot
