#include "pipeline/core_floor.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "pipeline/cpu_affinity.h"

namespace hftbot::pipeline {

CoreFloor MeasureCoreFloor(int cpu_a, int cpu_b, const CoreFloorOptions& options) {
  // Each counter on its own cache line: a round trip moves exactly two lines.
  struct alignas(64) Line {
    std::atomic<int64_t> value{0};
  };
  Line ping, pong;
  constexpr int64_t kStop = -1;
  std::atomic<bool> pinned_b{false};
  std::thread responder([&] {
    pinned_b.store(PinCurrentThread(cpu_b), std::memory_order_relaxed);
    for (int64_t i = 1;; ++i) {
      // acquire/release: each side only needs to see the other's latest write.
      int64_t seen;
      while ((seen = ping.value.load(std::memory_order_acquire)) != i && seen != kStop) {
      }
      if (seen == kStop) return;
      pong.value.store(i, std::memory_order_release);
    }
  });
  const bool pinned_a = PinCurrentThread(cpu_a);
  using SteadyClock = std::chrono::steady_clock;
  const auto began = SteadyClock::now();
  const auto budget = std::chrono::milliseconds(options.budget_ms);
  int64_t sequence = 0;
  auto round_trip = [&] {
    ++sequence;
    ping.value.store(sequence, std::memory_order_release);
    while (pong.value.load(std::memory_order_acquire) != sequence) {
    }
  };
  CoreFloor floor;
  for (int i = 0; i < options.warmup_round_trips && SteadyClock::now() - began < budget; ++i) round_trip();
  // steady_clock, not metrics::Clock: the floor must not depend on the TSC calibration
  // it is later compared against; batching makes the slower read irrelevant.
  std::vector<double> one_way;
  for (int b = 0; b < options.batches && SteadyClock::now() - began < budget; ++b) {
    auto start = SteadyClock::now();
    for (int i = 0; i < options.round_trips_per_batch; ++i) round_trip();
    auto elapsed = std::chrono::duration<double, std::nano>(SteadyClock::now() - start).count();
    one_way.push_back(elapsed / 2.0 / options.round_trips_per_batch);
    floor.round_trips += options.round_trips_per_batch;
  }
  ping.value.store(kStop, std::memory_order_release);
  responder.join();
  UnpinCurrentThread();
  floor.batches = static_cast<int>(one_way.size());
  if (pinned_a && pinned_b.load(std::memory_order_relaxed)) {
    floor.cpu_a = cpu_a;
    floor.cpu_b = cpu_b;
  }
  if (!one_way.empty()) {
    std::sort(one_way.begin(), one_way.end());
    floor.one_way_p50_ns = one_way[one_way.size() / 2];
    floor.one_way_min_ns = one_way.front();
  }
  return floor;
}

}  // namespace hftbot::pipeline
