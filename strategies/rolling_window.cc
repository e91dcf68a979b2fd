#include "strategies/rolling_window.h"

#include <cmath>

#include "engine/reset_with_resource.h"

namespace hftbot::strategies {

void RollingWindow::Reset(size_t capacity, engine::AllocationProfile profile,
                          std::pmr::memory_resource* resource) {
  profile_ = profile;
  capacity_ = capacity == 0 ? 1 : capacity;
  size_ = 0;
  sum_ = 0;
  sum_sq_ = 0;
  engine::ResetWithResource(deque_, resource);
  engine::ResetWithResource(ring_, resource);
  head_ = 0;
  if (profile_ == engine::AllocationProfile::kPooled) ring_.assign(capacity_, 0);
}

void RollingWindow::Push(int64_t value) {
  int64_t evicted = 0;
  bool evict = size_ == capacity_;
  if (profile_ == engine::AllocationProfile::kPooled) {
    // Wrap by comparison: capacities are any size, and % by one is a division.
    if (evict) {
      evicted = ring_[head_];
      ring_[head_] = value;
      if (++head_ == capacity_) head_ = 0;
    } else {
      size_t slot = head_ + size_;
      if (slot >= capacity_) slot -= capacity_;
      ring_[slot] = value;
    }
  } else {
    if (evict) {
      evicted = deque_.front();
      deque_.pop_front();
    }
    deque_.push_back(value);
  }
  if (evict) {
    sum_ -= evicted;
    sum_sq_ -= static_cast<engine::Int128>(evicted) * evicted;
  } else {
    ++size_;
  }
  sum_ += value;
  sum_sq_ += static_cast<engine::Int128>(value) * value;
}

double RollingWindow::mean() const {
  return static_cast<double>(sum_) / static_cast<double>(size_);
}

double RollingWindow::stddev() const {
  const engine::Int128 n = static_cast<engine::Int128>(size_);
  // n^2 * variance, exact: n * sum(x^2) - (sum x)^2 >= 0.
  const engine::Int128 scaled = n * sum_sq_ - sum_ * sum_;
  if (scaled <= 0) return 0.0;
  return std::sqrt(static_cast<double>(scaled)) / static_cast<double>(size_);
}

}  // namespace hftbot::strategies
