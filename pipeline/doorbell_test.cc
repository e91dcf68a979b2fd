#include "pipeline/doorbell.h"

#include <gtest/gtest.h>

#include <boost/lockfree/spsc_queue.hpp>
#include <random>
#include <thread>

namespace hftbot::pipeline {
namespace {

TEST(DoorbellTest, ParkReturnsAtOnceWhenTheRecheckFindsWork) {
  Doorbell bell;
  EXPECT_EQ(bell.Park([] { return true; }, 10'000'000), Doorbell::ParkResult::kWorkFound);
}

TEST(DoorbellTest, ParkTimesOutWhenNobodyRings) {
  Doorbell bell;
  EXPECT_EQ(bell.Park([] { return false; }, 1000), Doorbell::ParkResult::kTimedOut);
}

TEST(DoorbellTest, RingWithoutAParkedConsumerSignalsNothing) {
  Doorbell bell;
  bell.Ring();  // nobody parked: must not leave a signal that cuts the next park short
  EXPECT_EQ(bell.Park([] { return false; }, 1000), Doorbell::ParkResult::kTimedOut);
}

// The lost wake-up race: the consumer checks the queue, finds it empty, and parks,
// while the producer pushes and rings in between. With the protocol right, the
// consumer never sleeps through the whole timeout while an item is waiting. The
// timeout (1 s) is far beyond any wake-up delay, so a timeout means a lost wake-up;
// the producer pauses at random so both interleavings occur many times.
TEST(DoorbellTest, NoLostWakeUpUnderStress) {
  constexpr int kItems = 200'000;
  constexpr int64_t kTimeoutUs = 1'000'000;
  boost::lockfree::spsc_queue<int> queue(8);
  Doorbell bell;
  std::thread producer([&] {
    std::mt19937 random(42);
    for (int i = 0; i < kItems; ++i) {
      while (!queue.push(i)) std::this_thread::yield();
      bell.Ring();
      if (random() % 64 == 0) std::this_thread::yield();
    }
  });
  int received = 0;
  int parks = 0;
  int timeouts = 0;
  while (received < kItems) {
    int value = 0;
    if (queue.pop(value)) {
      ASSERT_EQ(value, received);
      ++received;
      continue;
    }
    ++parks;
    if (bell.Park([&] { return queue.read_available() > 0; }, kTimeoutUs) == Doorbell::ParkResult::kTimedOut) {
      ++timeouts;
    }
  }
  producer.join();
  EXPECT_EQ(timeouts, 0) << "a wake-up was lost in " << parks << " parks";
  EXPECT_GT(parks, 0) << "the consumer never parked: the race was not exercised";
}

}  // namespace
}  // namespace hftbot::pipeline
