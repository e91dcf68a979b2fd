// What //alloc:allocation_recorder knows about allocations, per component: a plain
// snapshot (no references into the recorder), made by ProfileSnapshot() and turned
// into a table, JSON, folded stacks, a flame graph and suggestions by
// //alloc:allocation_profile_report.
//
// Counts (allocations, bytes) are always kept while the recorder is linked. The rest
// ("profile-only") is filled while profiling runs (StartProfiling) and is zero
// otherwise; `profiling` says which.
//
// Attribution: an allocation belongs to the component current on the allocating
// thread (alloc/component.h). A free is counted twice: `deallocations` under the
// component current on the *freeing* thread (cheap, always on), and, while
// profiling, `tracked_frees` under the component that *allocated* the block.
//
// Thread safety: plain values.

#ifndef HFTBOT_ALLOC_ALLOCATION_PROFILE_H_
#define HFTBOT_ALLOC_ALLOCATION_PROFILE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "alloc/component.h"

namespace hftbot::alloc {

// Size classes by requested size: class 0 is 1-8 B, class k holds (2^(k+2), 2^(k+3)] B,
// the last class everything above 1 MiB.
inline constexpr int kSizeClassCount = 19;
int SizeClassOf(uint64_t size);
uint64_t SizeClassUpperBound(int size_class);  // inclusive; UINT64_MAX for the last
std::string SizeClassLabel(int size_class);    // "33-64 B", "> 1 MiB"

// Lifetimes in ns on a log scale with 4 sub-buckets per power of two (values within
// 19 % of the bucket's lower bound), up to 2^40 ns (18 min); longer ones go to the last.
class LifetimeHistogram {
 public:
  static constexpr int kBuckets = 41 * 4;
  static int BucketOf(uint64_t ns);
  static uint64_t BucketLowerBound(int bucket);
  // Halfway to the next bucket's lower bound (within 10 % of every value in it).
  static uint64_t BucketMidpoint(int bucket);

  void Record(uint64_t ns) { ++counts_[BucketOf(ns)]; }
  void Add(const LifetimeHistogram& other);
  uint64_t Count() const;
  // Midpoint of the bucket holding the q-quantile (0 <= q <= 1); 0 when empty.
  uint64_t QuantileNs(double q) const;
  std::array<uint64_t, kBuckets>& counts() { return counts_; }
  const std::array<uint64_t, kBuckets>& counts() const { return counts_; }

 private:
  std::array<uint64_t, kBuckets> counts_{};
};

struct ComponentProfile {
  Component component = Component::kCold;
  // Always on.
  uint64_t allocations = 0;
  uint64_t bytes_allocated = 0;  // requested sizes
  uint64_t deallocations = 0;    // frees made while this component was current
  // Profile-only, by allocating component.
  std::array<uint64_t, kSizeClassCount> size_classes{};  // allocations per size class
  uint64_t tracked_frees = 0;       // frees of blocks allocated while profiling
  uint64_t cross_thread_frees = 0;  // of those, freed on another thread
  uint64_t live_blocks = 0;         // allocated while profiling, not yet freed
  uint64_t live_bytes = 0;
  uint64_t peak_live_bytes = 0;
  LifetimeHistogram lifetimes;  // sampled: 1 in ProfileOptions::lifetime_sample_every
};

// One sampled call stack: innermost frame first, return addresses as captured.
struct StackSample {
  Component component = Component::kCold;
  std::vector<uintptr_t> frames;
  uint64_t count = 0;  // samples with exactly these frames
  uint64_t bytes = 0;  // their requested bytes
};

struct ProfileOptions {
  // 1 in N allocations per thread gets a timestamp, and its free a lifetime. Default 64.
  uint32_t lifetime_sample_every = 64;
  // 1 in N allocations per thread records its call stack; 0 records none. Default 1024
  // (a stack costs a few microseconds).
  uint32_t stack_sample_every = 1024;
  // Frames kept per stack (the recorder's own frames are dropped first). Default 32.
  int max_stack_depth = 32;
};

struct AllocationProfile {
  bool profiling = false;  // profile-only fields are filled
  ProfileOptions options;
  double duration_s = 0.0;  // profiling time so far
  std::array<ComponentProfile, kComponentCount> components;
  std::vector<StackSample> stacks;
  uint64_t untracked_frees = 0;      // frees of blocks allocated before profiling started
  uint64_t dropped_live_blocks = 0;  // blocks the live table could not hold (never > 0 in practice)
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATION_PROFILE_H_
