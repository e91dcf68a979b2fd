#include "pipeline/pacing.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace hftbot::pipeline {
namespace {

TEST(ScheduleTest, MaxSpeedHasNoSchedule) {
  Schedule schedule(0, 0, 1000);
  EXPECT_FALSE(schedule.paced());
  EXPECT_EQ(schedule.OffsetNs(5000, 7), -1);
}

TEST(ScheduleTest, RateSpacesEventsByFilePosition) {
  Schedule schedule(0, 1000, 0);  // 1000 events/s: 1 ms apart
  EXPECT_TRUE(schedule.paced());
  EXPECT_EQ(schedule.OffsetNs(123456789, 0), 0);
  EXPECT_EQ(schedule.OffsetNs(1, 1), 1'000'000);
  EXPECT_EQ(schedule.OffsetNs(1, 2500), 2'500'000'000);
}

TEST(ScheduleTest, SpeedScalesRecordedTime) {
  Schedule schedule(2.0, 0, 1'000'000'000);
  EXPECT_EQ(schedule.OffsetNs(1'000'000'000, 0), 0);
  EXPECT_EQ(schedule.OffsetNs(1'000'000'000 + 4'000'000, 99), 2'000'000);  // 4 ms of data in 2 ms
}

// WaitUntil must return once the clock reaches the deadline, and not before.
class WaitUntilTest : public ::testing::TestWithParam<WaitStrategy> {};

TEST_P(WaitUntilTest, ReturnsOnlyOnceTheClockReachesTheDeadline) {
  metrics::FakeClock clock(1000);
  std::atomic<bool> stop{false};
  std::atomic<bool> returned{false};
  int64_t published = 0;
  std::thread waiter([&] {
    published = WaitUntil(clock, 5000, GetParam(), stop);
    returned.store(true);
  });
  clock.SetNs(4999);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_FALSE(returned.load()) << "returned before the deadline";
  clock.SetNs(5000);
  waiter.join();
  EXPECT_TRUE(returned.load());
  EXPECT_EQ(published, 5000) << "the returned reading is the publish time";
}

TEST_P(WaitUntilTest, StopEndsTheWait) {
  metrics::FakeClock clock(0);
  std::atomic<bool> stop{false};
  std::thread waiter([&] { WaitUntil(clock, 1'000'000'000'000, GetParam(), stop); });
  stop.store(true);
  waiter.join();  // hangs (and the test times out) if the stop is ignored
}

TEST_P(WaitUntilTest, PastDeadlineReturnsAtOnce) {
  metrics::FakeClock clock(10);
  std::atomic<bool> stop{false};
  EXPECT_EQ(WaitUntil(clock, 5, GetParam(), stop), 10);
}

std::string WaitName(const ::testing::TestParamInfo<WaitStrategy>& wait) { return WaitStrategyName(wait.param); }

INSTANTIATE_TEST_SUITE_P(EveryWait, WaitUntilTest,
                         ::testing::Values(WaitStrategy::kSpin, WaitStrategy::kYield, WaitStrategy::kBlock), WaitName);

}  // namespace
}  // namespace hftbot::pipeline
