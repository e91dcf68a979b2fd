#include "pipeline/pacing.h"

#include <immintrin.h>
#include <sched.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace hftbot::pipeline {

int64_t WaitUntil(const metrics::Clock& clock, int64_t deadline_ns, WaitStrategy wait,
                  const std::atomic<bool>& stop) {
  constexpr int64_t kSliceNs = 10'000'000;
  for (;;) {
    const int64_t now = clock.NowNs();
    const int64_t remaining = deadline_ns - now;
    // relaxed: a stop noticed one slice late is harmless.
    if (remaining <= 0 || stop.load(std::memory_order_relaxed)) return now;
    if (wait == WaitStrategy::kBlock || wait == WaitStrategy::kAuto) {
      std::this_thread::sleep_for(std::chrono::nanoseconds(std::min(remaining, kSliceNs)));
    } else if (wait == WaitStrategy::kYield) {
      sched_yield();
    } else {
      _mm_pause();
    }
  }
}

}  // namespace hftbot::pipeline
