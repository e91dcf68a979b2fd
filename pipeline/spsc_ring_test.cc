#include "pipeline/spsc_ring.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace hftbot::pipeline {
namespace {

TEST(SpscRingTest, HoldsExactlyItsCapacityWhenNotAPowerOfTwo) {
  SpscRing<int> ring(5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(ring.Push(i)) << i;
  EXPECT_FALSE(ring.Push(99));
  int out[8];
  ASSERT_EQ(ring.Pop(out, 1), 1u);
  EXPECT_EQ(out[0], 0);
  EXPECT_TRUE(ring.Push(5));
  EXPECT_FALSE(ring.Push(6));
  ASSERT_EQ(ring.Pop(out, 8), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(out[i], i + 1);
}

TEST(SpscRingTest, PopTakesAtMostMaxAndHasItemTellsWhetherOneIsThere) {
  SpscRing<int> ring(16);
  EXPECT_FALSE(ring.HasItem());
  int out[16];
  EXPECT_EQ(ring.Pop(out, 16), 0u);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(ring.Push(i));
  EXPECT_TRUE(ring.HasItem());
  ASSERT_EQ(ring.Pop(out, 4), 4u);
  EXPECT_EQ(out[3], 3);
  ASSERT_EQ(ring.Pop(out, 16), 6u);
  EXPECT_EQ(out[0], 4);
  EXPECT_EQ(out[5], 9);
  EXPECT_FALSE(ring.HasItem());
}

// A slot's stamp from the previous lap must never pass for a new item.
TEST(SpscRingTest, KeepsOrderOverManyLapsOfASmallRing) {
  SpscRing<uint64_t> ring(2);
  uint64_t out[2];
  uint64_t next_expected = 0;
  for (uint64_t i = 0; i < 1000; ++i) {
    ASSERT_TRUE(ring.Push(i));
    if (i % 2 == 1) {
      ASSERT_EQ(ring.Pop(out, 2), 2u);
      EXPECT_EQ(out[0], next_expected++);
      EXPECT_EQ(out[1], next_expected++);
      EXPECT_EQ(ring.Pop(out, 2), 0u) << "a stale stamp read as an item after " << i;
    }
  }
}

TEST(SpscRingTest, PoppingAnItemLeavesNoReferenceInTheRing) {
  SpscRing<std::shared_ptr<int>> ring(4);
  auto value = std::make_shared<int>(7);
  ASSERT_TRUE(ring.Push(value));
  EXPECT_EQ(value.use_count(), 2);
  std::shared_ptr<int> out[4];
  ASSERT_EQ(ring.Pop(out, 4), 1u);
  EXPECT_EQ(value.use_count(), 2);  // `value` and out[0]: the slot let go
  out[0].reset();
  EXPECT_EQ(value.use_count(), 1);
}

TEST(SpscRingTest, AFullPushLeavesTheItemWithTheCaller) {
  SpscRing<std::unique_ptr<int>> ring(1);
  ASSERT_TRUE(ring.Push(std::make_unique<int>(1)));
  auto second = std::make_unique<int>(2);
  EXPECT_FALSE(ring.Push(std::move(second)));
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(*second, 2);
}

// One producer and one consumer thread, a ring small enough to be full and empty
// often: every item arrives once, in order (run under TSan in CI).
TEST(SpscRingTest, TwoThreadsPassEveryItemOnceInOrder) {
  constexpr uint64_t kItems = 200'000;
  SpscRing<uint64_t> ring(8);
  std::thread producer([&] {
    for (uint64_t i = 0; i < kItems; ++i) {
      while (!ring.Push(i)) std::this_thread::yield();
    }
  });
  uint64_t received = 0;
  uint64_t out_of_order = 0;
  uint64_t expected = 0;
  uint64_t batch[5];
  while (received < kItems) {
    size_t n = ring.Pop(batch, 5);
    if (n == 0) std::this_thread::yield();
    for (size_t k = 0; k < n; ++k) {
      if (batch[k] != expected) ++out_of_order;
      expected = batch[k] + 1;
      ++received;
    }
  }
  producer.join();
  EXPECT_EQ(out_of_order, 0u);
  EXPECT_EQ(expected, kItems);
  EXPECT_FALSE(ring.HasItem());
}

}  // namespace
}  // namespace hftbot::pipeline
