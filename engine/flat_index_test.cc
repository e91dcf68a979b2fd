#include "engine/flat_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <unordered_map>
#include <vector>

namespace hftbot::engine {
namespace {

TEST(FlatIndexTest, FindsWhatWasInsertedAndForgetsWhatWasErased) {
  FlatIndex index(4);
  index.Insert(7, 70);
  index.Insert(0, 1);
  EXPECT_EQ(index.Find(7), 70u);
  EXPECT_EQ(index.Find(0), 1u);
  EXPECT_EQ(index.Find(8), FlatIndex::kAbsent);
  index.Erase(7);
  index.Erase(12345);  // absent: no effect
  EXPECT_EQ(index.Find(7), FlatIndex::kAbsent);
  EXPECT_EQ(index.Find(0), 1u);
  EXPECT_EQ(index.size(), 1u);
  index.Clear();
  EXPECT_EQ(index.Find(0), FlatIndex::kAbsent);
}

// Random churn against std::unordered_map, with keys drawn from a small range so
// probe runs collide, wrap and get erased from the middle (backward shift) often.
TEST(FlatIndexTest, AgreesWithUnorderedMapUnderChurn) {
  std::mt19937_64 rng(5);
  FlatIndex index(16);
  std::unordered_map<uint64_t, uint32_t> model;
  for (int step = 0; step < 200'000; ++step) {
    const uint64_t key = rng() % 3'000 * 4'096;  // multiples of a power of two
    if (model.count(key) != 0) {
      index.Erase(key);
      model.erase(key);
    } else {
      const auto value = static_cast<uint32_t>(rng() % 1'000'000);
      index.Insert(key, value);
      model.emplace(key, value);
    }
    if (step % 1'000 == 0) {
      for (uint64_t k = 0; k < 3'000; ++k) {
        const auto it = model.find(k * 4'096);
        ASSERT_EQ(index.Find(k * 4'096), it == model.end() ? FlatIndex::kAbsent : it->second);
      }
    }
  }
  EXPECT_EQ(index.size(), model.size());
}

TEST(FlatIndexTest, GrowsOnlyPastItsCapacity) {
  FlatIndex index(100);
  const size_t capacity = index.capacity();
  ASSERT_GE(capacity, 100u);
  for (uint32_t i = 0; i < capacity; ++i) index.Insert(i, i);
  EXPECT_EQ(index.capacity(), capacity);
  index.Insert(capacity, 0);
  EXPECT_GT(index.capacity(), capacity);
  for (uint32_t i = 0; i < capacity; ++i) ASSERT_EQ(index.Find(i), i);
}

}  // namespace
}  // namespace hftbot::engine
