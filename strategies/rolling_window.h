// A fixed-length window of fixed-point samples with exact running sum and sum of
// squares (int128), for rolling mean and standard deviation.
//
// kNaive keeps the samples in a std::deque (a node allocated every few pushes, as a
// first bot would); kPooled in a ring preallocated by Reset. Both give bit-identical
// statistics because the sums are exact integers.
//
// Not thread-safe: owned by one strategy instance.

#ifndef HFTBOT_STRATEGIES_ROLLING_WINDOW_H_
#define HFTBOT_STRATEGIES_ROLLING_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/price_math.h"

namespace hftbot::strategies {

class RollingWindow {
 public:
  // REQUIRES: capacity >= 1. Drops all samples.
  void Reset(size_t capacity, engine::AllocationProfile profile);

  // Adds a sample, evicting the oldest when full.
  void Push(int64_t value);

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  bool full() const { return size_ == capacity_; }
  // REQUIRES: size() > 0.
  double mean() const;
  // Population standard deviation. REQUIRES: size() > 0.
  double stddev() const;

 private:
  engine::AllocationProfile profile_ = engine::AllocationProfile::kNaive;
  size_t capacity_ = 1;
  size_t size_ = 0;
  engine::Int128 sum_ = 0;
  engine::Int128 sum_sq_ = 0;
  std::deque<int64_t> deque_;  // kNaive
  std::vector<int64_t> ring_;  // kPooled
  size_t head_ = 0;            // kPooled: oldest sample
};

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_ROLLING_WINDOW_H_
