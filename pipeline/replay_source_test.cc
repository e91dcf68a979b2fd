#include "pipeline/replay_source.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <string>

namespace hftbot::pipeline {
namespace {

// A native CSV file of `events` quotes over three symbols, plus one bad line.
std::string WriteTicks(const std::string& name, int events) {
  std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream out(path);
  out << "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n";
  const char* symbols[] = {"AAA", "BBB", "CCC"};
  for (int i = 0; i < events; ++i) {
    out << 1'000'000 + i << "," << symbols[i % 3] << ",quote,,100,1,101,1\n";
    if (i == events / 2) out << 1'000'000 + i << ",AAA,quote,,abc,1,101,1\n";
  }
  return path;
}

feed::LoadOptions SkipBadTicks() {
  feed::LoadOptions options;
  options.on_bad_tick = feed::OnBadTick::kSkip;
  return options;
}

TEST(PrepareTicksTest, AFileWithinTheBudgetIsHeldInMemory) {
  std::atomic<bool> stop{false};
  std::string path = WriteTicks("small.csv", 3000);
  PreparedTicks prepared = PrepareTicks(path, SkipBadTicks(), 64 << 20, stop);
  EXPECT_TRUE(prepared.stream.path.empty());
  EXPECT_EQ(prepared.ticks.loaded(), 3000u);
  EXPECT_EQ(prepared.ticks.read, 3001u);
  EXPECT_EQ(prepared.ticks.symbols.size(), 3u);
  EXPECT_EQ(prepared.ticks.symbols[1].events.size(), 1000u);
  EXPECT_EQ(feed::CheckSourceRecords(prepared.ticks.records_in_source), "");
  EXPECT_EQ(prepared.ticks.records_in_source.in_source, 3002u) << "header, 3000 quotes, one bad line";
}

// The same file over a tiny budget: nothing held, counts and accounting intact, so the
// replay can stream it and the conservation checks still have their figures.
TEST(PrepareTicksTest, AFileOverTheBudgetIsCountedForStreaming) {
  std::atomic<bool> stop{false};
  std::string path = WriteTicks("large.csv", 3000);
  PreparedTicks prepared = PrepareTicks(path, SkipBadTicks(), 72 * 100, stop);
  EXPECT_EQ(prepared.stream.path, path);
  EXPECT_EQ(prepared.ticks.loaded(), 0u);
  EXPECT_EQ(prepared.stream.events_per_symbol, (std::vector<uint64_t>{1000, 1000, 1000}));
  EXPECT_EQ(prepared.stream.first_ts_ns, 1'000'000);
  EXPECT_EQ(prepared.ticks.read, 3001u);
  EXPECT_EQ(prepared.ticks.rejected_total(), 1u);
  EXPECT_EQ(prepared.ticks.records_in_source.in_source, 3002u);
  EXPECT_EQ(feed::CheckSourceRecords(prepared.ticks.records_in_source), "");
}

TEST(PrepareTicksTest, AStopWhileLoadingEndsTheLoad) {
  std::atomic<bool> stop{true};
  std::string path = WriteTicks("stopped.csv", 10'000);
  try {
    PrepareTicks(path, SkipBadTicks(), 64 << 20, stop);
    FAIL() << "loading went on after a stop";
  } catch (const LoadStopped& stopped) {
    EXPECT_LE(stopped.records_read(), 4097u) << "the stop is noticed within one check interval";
    EXPECT_NE(std::string(stopped.what()).find("stopped.csv"), std::string::npos);
  }
}

}  // namespace
}  // namespace hftbot::pipeline
