#include "metrics/clock.h"

#include <time.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <chrono>
#include <string>
#include <algorithm>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace hftbot::metrics {
namespace {

int64_t MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Bounds here are deliberately loose (percent, milliseconds): they catch a clock
// that is wrong, never one that is merely slow on a loaded machine.
void ExpectTracksMonotonic(const Clock& clock) {
  const int64_t mono_start = MonotonicNs();
  const int64_t clock_start = clock.NowNs();
  // Same time line as CLOCK_MONOTONIC, within a second.
  EXPECT_LT(std::abs(clock_start - mono_start), 1'000'000'000) << clock.Source();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const int64_t clock_elapsed = clock.NowNs() - clock_start;
  const int64_t mono_elapsed = MonotonicNs() - mono_start;
  ASSERT_GT(mono_elapsed, 0);
  // A rate error above 1% means a broken calibration; the 20 ms slack absorbs a
  // preemption between the paired reads on a loaded machine.
  EXPECT_NEAR(static_cast<double>(clock_elapsed), static_cast<double>(mono_elapsed),
              static_cast<double>(mono_elapsed) * 0.01 + 20'000'000.0)
      << clock.Source();
}

void ExpectMonotonic(const Clock& clock) {
  int64_t previous = clock.NowNs();
  for (int i = 0; i < 1'000'000; ++i) {
    const int64_t now = clock.NowNs();
    ASSERT_GE(now, previous) << clock.Source() << " went backwards at read " << i;
    previous = now;
  }
}

TEST(ClockTest, DefaultClockIsMonotonicAndTracksClockMonotonic) {
  const Clock& clock = DefaultClock();
  EXPECT_EQ(&clock, &DefaultClock());
  const std::string source = clock.Source();
  EXPECT_TRUE(source == "tsc" || source == "steady_clock") << source;
  EXPECT_FALSE(clock.Reason().empty());
  ExpectMonotonic(clock);
  ExpectTracksMonotonic(clock);
  EXPECT_GT(clock.ReadCostNs(), 0.0);
  RecordProperty("source", source);
  RecordProperty("reason", clock.Reason());
  RecordProperty("read_cost_ns", std::to_string(clock.ReadCostNs()));
}

TEST(ClockTest, TscCalibrationIsReportedWhenInvariant) {
  std::string why;
  const bool invariant = Clock::TscIsInvariant(&why);
  EXPECT_FALSE(why.empty());
  const Clock clock(ClockSource::kTsc);
  if (!invariant || std::strcmp(clock.Source(), "tsc") != 0) {
    GTEST_SKIP() << "no invariant TSC here: " << clock.Reason();
  }
  const ClockCalibration& c = clock.Calibration();
  EXPECT_GT(c.ticks_per_second, 1e8);
  EXPECT_LT(c.ticks_per_second, 2e10);
  EXPECT_GT(c.duration_ms, 0.0);
  EXPECT_GE(c.error_ppm, 0.0);
  // 1% = 10,000 ppm: only a broken calibration misses this, whatever the load.
  EXPECT_LT(c.error_ppm, 10'000.0);
  EXPECT_GE(c.uncertainty_ppm, 0.0);
  ExpectMonotonic(clock);
  ExpectTracksMonotonic(clock);
  RecordProperty("ticks_per_second", std::to_string(c.ticks_per_second));
  RecordProperty("error_ppm", std::to_string(c.error_ppm));
}

TEST(ClockTest, SteadyClockFallback) {
  const Clock clock(ClockSource::kSteadyClock);
  EXPECT_STREQ(clock.Source(), "steady_clock");
  EXPECT_EQ(clock.Calibration().ticks_per_second, 0.0);
  ExpectMonotonic(clock);
  ExpectTracksMonotonic(clock);
}

// Production code takes const Clock&; a FakeClock passes there.
int64_t Elapsed(const Clock& clock, int64_t since) { return clock.NowNs() - since; }

TEST(ClockTest, FakeClockMovesOnlyWhenTold) {
  FakeClock fake(1'000);
  const Clock& clock = fake;
  EXPECT_STREQ(clock.Source(), "fake");
  EXPECT_EQ(clock.NowNs(), 1'000);
  EXPECT_EQ(clock.NowNs(), 1'000);
  fake.AdvanceNs(250);
  EXPECT_EQ(Elapsed(clock, 1'000), 250);
  fake.SetNs(5);
  EXPECT_EQ(clock.NowNs(), 5);
  EXPECT_EQ(clock.ReadCostNs(), 0.0);
  EXPECT_EQ(FakeClock().NowNs(), 0);
}

TEST(ClockTest, FakeClockTickPerReadGivesEveryReadItsOwnTime) {
  FakeClock fake(100);
  fake.SetTickPerRead(10);
  EXPECT_EQ(fake.NowNs(), 110);
  EXPECT_EQ(fake.NowNs(), 120);
  std::vector<int64_t> seen(2 * 50'000);
  std::thread other([&] {
    for (int i = 0; i < 50'000; ++i) seen[static_cast<size_t>(2 * i)] = fake.NowNs();
  });
  for (int i = 0; i < 50'000; ++i) seen[static_cast<size_t>(2 * i + 1)] = fake.NowNs();
  other.join();
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end()) << "two reads got the same time";
  fake.SetTickPerRead(0);
  EXPECT_EQ(fake.NowNs(), fake.NowNs());
}

TEST(ClockTest, FakeClockIsSafeAcrossThreads) {
  FakeClock fake;
  std::thread advancer([&] {
    for (int i = 0; i < 100'000; ++i) fake.AdvanceNs(1);
  });
  int64_t previous = 0;
  for (int i = 0; i < 100'000; ++i) {
    const int64_t now = fake.NowNs();
    ASSERT_GE(now, previous);
    previous = now;
  }
  advancer.join();
  EXPECT_EQ(fake.NowNs(), 100'000);
}

}  // namespace
}  // namespace hftbot::metrics
