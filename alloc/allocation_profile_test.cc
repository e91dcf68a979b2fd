#include "alloc/allocation_profile.h"

#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

TEST(SizeClassTest, BoundariesArePowersOfTwo) {
  EXPECT_EQ(SizeClassOf(1), 0);
  EXPECT_EQ(SizeClassOf(8), 0);
  EXPECT_EQ(SizeClassOf(9), 1);
  EXPECT_EQ(SizeClassOf(16), 1);
  EXPECT_EQ(SizeClassOf(48), 3);
  EXPECT_EQ(SizeClassOf(64), 3);
  EXPECT_EQ(SizeClassOf(65), 4);
  EXPECT_EQ(SizeClassOf(1u << 20), kSizeClassCount - 2);
  EXPECT_EQ(SizeClassOf((1u << 20) + 1), kSizeClassCount - 1);
  EXPECT_EQ(SizeClassLabel(3), "33-64 B");
  EXPECT_EQ(SizeClassLabel(0), "1-8 B");
  EXPECT_EQ(SizeClassLabel(kSizeClassCount - 1), "> 1 MiB");
  for (int k = 0; k + 1 < kSizeClassCount; ++k) {
    EXPECT_EQ(SizeClassOf(SizeClassUpperBound(k)), k);
    EXPECT_EQ(SizeClassOf(SizeClassUpperBound(k) + 1), k + 1);
  }
}

TEST(LifetimeHistogramTest, BucketsHoldTheirValuesWithin19Percent) {
  for (uint64_t ns : {0ull, 3ull, 4ull, 7ull, 100ull, 3'000'000ull, 999'999'999ull}) {
    int bucket = LifetimeHistogram::BucketOf(ns);
    uint64_t low = LifetimeHistogram::BucketLowerBound(bucket);
    EXPECT_LE(low, ns);
    EXPECT_GE(static_cast<double>(low), static_cast<double>(ns) / 1.25) << ns;
    if (bucket + 1 < LifetimeHistogram::kBuckets) {
      EXPECT_GT(LifetimeHistogram::BucketLowerBound(bucket + 1), ns);
    }
  }
}

TEST(LifetimeHistogramTest, QuantilesOfAKnownDistribution) {
  LifetimeHistogram h;
  for (int i = 0; i < 90; ++i) h.Record(1'000);       // 1 us
  for (int i = 0; i < 10; ++i) h.Record(5'000'000);   // 5 ms
  EXPECT_EQ(h.Count(), 100u);
  EXPECT_EQ(h.QuantileNs(0.5), LifetimeHistogram::BucketMidpoint(LifetimeHistogram::BucketOf(1'000)));
  EXPECT_EQ(h.QuantileNs(0.9), LifetimeHistogram::BucketMidpoint(LifetimeHistogram::BucketOf(1'000)));
  EXPECT_EQ(h.QuantileNs(0.95), LifetimeHistogram::BucketMidpoint(LifetimeHistogram::BucketOf(5'000'000)));
  EXPECT_EQ(LifetimeHistogram().QuantileNs(0.5), 0u);
}

}  // namespace
}  // namespace hftbot::alloc
