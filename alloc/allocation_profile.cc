#include "alloc/allocation_profile.h"

#include <bit>
#include <limits>

namespace hftbot::alloc {

int SizeClassOf(uint64_t size) {
  if (size <= 8) return 0;
  // (2^(k+2), 2^(k+3)] -> k: bit_width(size - 1) is k + 3.
  int k = static_cast<int>(std::bit_width(size - 1)) - 3;
  return k < kSizeClassCount - 1 ? k : kSizeClassCount - 1;
}

uint64_t SizeClassUpperBound(int size_class) {
  if (size_class >= kSizeClassCount - 1) return std::numeric_limits<uint64_t>::max();
  return uint64_t{8} << size_class;
}

std::string SizeClassLabel(int size_class) {
  auto bytes = [](uint64_t b) {
    if (b >= (1u << 20)) return std::to_string(b >> 20) + " MiB";
    if (b >= (1u << 10)) return std::to_string(b >> 10) + " KiB";
    return std::to_string(b) + " B";
  };
  if (size_class == 0) return "1-8 B";
  if (size_class >= kSizeClassCount - 1) return "> " + bytes(SizeClassUpperBound(size_class - 1));
  uint64_t low = SizeClassUpperBound(size_class - 1) + 1;
  uint64_t high = SizeClassUpperBound(size_class);
  if (high >= 1024) return bytes(low - 1) + "-" + bytes(high);
  return std::to_string(low) + "-" + bytes(high);
}

int LifetimeHistogram::BucketOf(uint64_t ns) {
  if (ns < 4) return static_cast<int>(ns);  // 0..3 exactly
  int exponent = static_cast<int>(std::bit_width(ns)) - 1;  // >= 2
  int sub = static_cast<int>((ns >> (exponent - 2)) & 3);
  int bucket = exponent * 4 + sub - 4;  // exponent 2 -> buckets 4..7
  return bucket < kBuckets ? bucket : kBuckets - 1;
}

uint64_t LifetimeHistogram::BucketLowerBound(int bucket) {
  if (bucket < 4) return static_cast<uint64_t>(bucket);
  int exponent = (bucket + 4) / 4;
  int sub = (bucket + 4) % 4;
  return (uint64_t{4} + static_cast<uint64_t>(sub)) << (exponent - 2);
}

uint64_t LifetimeHistogram::BucketMidpoint(int bucket) {
  if (bucket < 4 || bucket + 1 >= kBuckets) return BucketLowerBound(bucket);
  return (BucketLowerBound(bucket) + BucketLowerBound(bucket + 1)) / 2;
}

void LifetimeHistogram::Add(const LifetimeHistogram& other) {
  for (int i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
}

uint64_t LifetimeHistogram::Count() const {
  uint64_t total = 0;
  for (uint64_t c : counts_) total += c;
  return total;
}

uint64_t LifetimeHistogram::QuantileNs(double q) const {
  uint64_t total = Count();
  if (total == 0) return 0;
  // The smallest bucket whose cumulative count reaches ceil(q * total), at least 1.
  auto rank = static_cast<uint64_t>(q * static_cast<double>(total) + 0.999999);
  if (rank == 0) rank = 1;
  uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[i];
    if (seen >= rank) return BucketMidpoint(i);
  }
  return BucketMidpoint(kBuckets - 1);
}

}  // namespace hftbot::alloc
