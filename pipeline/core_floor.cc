#include "pipeline/core_floor.h"

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pipeline/cpu_affinity.h"

namespace hftbot::pipeline {

CoreFloor MeasureCoreFloor(int cpu_a, int cpu_b, int round_trips) {
  struct alignas(64) Line {
    std::atomic<int64_t> value{0};
  };
  Line ping, pong;
  constexpr int64_t kStop = -1;
  // If both threads share one CPU (pinning failed), every round trip costs a
  // scheduler time slice; the budget keeps start-up short in that case.
  constexpr auto kBudget = std::chrono::milliseconds(200);
  CoreFloor floor;
  std::atomic<bool> pinned_b{false};
  std::thread responder([&] {
    pinned_b = PinCurrentThread(cpu_b);
    for (int64_t i = 1; i <= round_trips; ++i) {
      // acquire/release: each side only needs to see the other's latest write.
      int64_t seen;
      while ((seen = ping.value.load(std::memory_order_acquire)) != i && seen != kStop) {
      }
      if (seen == kStop) return;
      pong.value.store(i, std::memory_order_release);
    }
  });
  bool pinned_a = PinCurrentThread(cpu_a);
  std::vector<int64_t> samples;
  samples.reserve(static_cast<size_t>(round_trips));
  // steady_clock here, not metrics::Clock: this runs once, off the hot path, and
  // must not depend on the TSC calibration it is compared against.
  auto began = std::chrono::steady_clock::now();
  for (int64_t i = 1; i <= round_trips; ++i) {
    auto start = std::chrono::steady_clock::now();
    if (start - began > kBudget) {
      ping.value.store(kStop, std::memory_order_release);
      break;
    }
    ping.value.store(i, std::memory_order_release);
    while (pong.value.load(std::memory_order_acquire) != i) {
    }
    auto end = std::chrono::steady_clock::now();
    samples.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count() / 2);
  }
  responder.join();
  floor.round_trips = static_cast<int>(samples.size());
  if (pinned_a && pinned_b) {
    floor.cpu_a = cpu_a;
    floor.cpu_b = cpu_b;
  }
  // Restore: the caller (main) must not stay pinned to one CPU.
  UnpinCurrentThread();
  std::sort(samples.begin(), samples.end());
  if (!samples.empty()) {
    floor.one_way_p50_ns = samples[samples.size() / 2];
    floor.one_way_min_ns = samples.front();
  }
  return floor;
}

}  // namespace hftbot::pipeline
