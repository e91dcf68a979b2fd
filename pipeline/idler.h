// How a consumer thread with nothing to do waits, by WaitStrategy: spin and yield
// never sleep; block parks on a Doorbell after a short spin, so a busy pipeline never
// pays for a system call. auto must be resolved before an Idler is made.
//
// Not thread-safe: one Idler per consumer thread.

#ifndef HFTBOT_PIPELINE_IDLER_H_
#define HFTBOT_PIPELINE_IDLER_H_

#include <immintrin.h>
#include <sched.h>

#include <cstdint>

#include "pipeline/doorbell.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

class Idler {
 public:
  // Pauses before a parked consumer gives up its core.
  static constexpr int kSpinsBeforePark = 256;
  // Safety net only: producers ring the doorbell, so a park normally ends on a ring.
  static constexpr int64_t kParkTimeoutUs = 2000;

  // REQUIRES: wait != kAuto; bell non-null for kBlock.
  Idler(WaitStrategy wait, Doorbell* bell) : wait_(wait), bell_(bell) {}

  // One idle step; call in the consumer's loop each time it found no work.
  template <typename HasWork>
  void Idle(HasWork&& has_work) {
    switch (wait_) {
      case WaitStrategy::kSpin:
        _mm_pause();
        return;
      case WaitStrategy::kYield:
        sched_yield();
        return;
      case WaitStrategy::kBlock:
      case WaitStrategy::kAuto:
        if (++idle_spins_ < kSpinsBeforePark) {
          _mm_pause();
          return;
        }
        ++parks_;
        if (bell_->Park(has_work, kParkTimeoutUs) == Doorbell::ParkResult::kTimedOut) ++park_timeouts_;
        return;
    }
  }

  // Call when the consumer found work: the next idle period starts spinning again.
  void Busy() { idle_spins_ = 0; }

  uint64_t parks() const { return parks_; }
  uint64_t park_timeouts() const { return park_timeouts_; }

 private:
  WaitStrategy wait_;
  Doorbell* bell_;
  int idle_spins_ = 0;
  uint64_t parks_ = 0;
  uint64_t park_timeouts_ = 0;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_IDLER_H_
