#include "pipeline/sample_schedule.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace hftbot::pipeline {
namespace {

TEST(SampleScheduleTest, OneInOneTimesEveryEvent) {
  SampleSchedule schedule(1, 7);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(schedule.TimeThisEvent()) << "event " << i;
}

TEST(SampleScheduleTest, TimesOneEventInNOnAverage) {
  for (uint32_t every : {2u, 7u, 64u, 1000u}) {
    SampleSchedule schedule(every, 3);
    const int events = 2'000'000;
    int timed = 0;
    for (int i = 0; i < events; ++i) timed += schedule.TimeThisEvent();
    const double expected = static_cast<double>(events) / every;
    EXPECT_NEAR(timed, expected, 0.05 * expected) << "every " << every;
  }
}

// Gaps spread over 1..2N-1, both ends included, never outside.
TEST(SampleScheduleTest, GapsCoverOneToTwiceNMinusOne) {
  const uint32_t every = 4;
  SampleSchedule schedule(every, 11);
  std::vector<int> gaps_seen(2 * every + 1, 0);
  int gap = 0;
  for (int i = 0; i < 100'000; ++i) {
    ++gap;
    if (schedule.TimeThisEvent()) {
      ASSERT_GE(gap, 1);
      ASSERT_LE(gap, static_cast<int>(2 * every - 1));
      ++gaps_seen[static_cast<size_t>(gap)];
      gap = 0;
    }
  }
  for (uint32_t g = 1; g <= 2 * every - 1; ++g) EXPECT_GT(gaps_seen[g], 0) << "gap " << g << " never drawn";
}

// The reason for random gaps: a stream with period p (symbols round-robin) is timed on
// every residue mod p at the same rate, whatever p shares with N. A stride of N would
// time one residue of p = 2, 4, 8, 16, 64 and none of the others.
TEST(SampleScheduleTest, EveryResidueOfAPeriodicStreamIsTimedAlike) {
  const uint32_t every = 64;
  for (int period : {2, 3, 4, 8, 10, 16, 64}) {
    SampleSchedule schedule(every, 5);
    std::vector<int> timed_per_residue(static_cast<size_t>(period), 0);
    const int events = 64 * 100'000;  // 1,562 timed per residue at period 64: 15% is 6 sigma
    for (int i = 0; i < events; ++i) {
      if (schedule.TimeThisEvent()) ++timed_per_residue[static_cast<size_t>(i % period)];
    }
    const double expected = static_cast<double>(events) / every / period;
    for (int r = 0; r < period; ++r) {
      EXPECT_NEAR(timed_per_residue[static_cast<size_t>(r)], expected, 0.15 * expected)
          << "period " << period << ", residue " << r;
    }
  }
}

TEST(SampleScheduleTest, TheSeedDecidesWhichEvents) {
  auto pattern = [](uint64_t seed) {
    SampleSchedule schedule(16, seed);
    std::vector<bool> timed;
    for (int i = 0; i < 4096; ++i) timed.push_back(schedule.TimeThisEvent());
    return timed;
  };
  EXPECT_EQ(pattern(1), pattern(1));
  EXPECT_NE(pattern(1), pattern(2));
  EXPECT_NE(pattern(0), pattern(1));
}

}  // namespace
}  // namespace hftbot::pipeline
