// The physical floor under every cross-thread latency: the one-way core-to-core
// latency of this machine, measured by a ping-pong between two pinned threads before
// the replay starts (off the clock). The report shows queue_wait as a multiple of it.
//
// Measured so that the figure is the hardware's, not the measurement's: a warm-up
// first (caches, frequency, both threads running), then batches of round trips each
// timed by one pair of clock reads, so a clock read's cost (20-40 ns, as much as the
// hop itself) is spread over hundreds of hops instead of added to each.
//
// Thread safety: MeasureCoreFloor starts its own thread and returns after joining it.

#ifndef HFTBOT_PIPELINE_CORE_FLOOR_H_
#define HFTBOT_PIPELINE_CORE_FLOOR_H_

#include <cstdint>

namespace hftbot::pipeline {

struct CoreFloor {
  int cpu_a = -1;  // -1: not pinned
  int cpu_b = -1;
  double one_way_p50_ns = 0;  // median over batches of (batch time / 2 / round trips)
  double one_way_min_ns = 0;  // the fastest batch
  int round_trips = 0;        // measured, after the warm-up
  int batches = 0;
};

struct CoreFloorOptions {
  int warmup_round_trips = 5'000;
  int batches = 100;
  int round_trips_per_batch = 200;
  // If both threads share one CPU (pinning failed), every round trip costs a scheduler
  // time slice; measuring stops at this budget so start-up stays short.
  int64_t budget_ms = 300;
};

// Ping-pongs a cache line between threads pinned on cpu_a and cpu_b (unpinned when
// either is negative or pinning fails). The calling thread is unpinned on return.
CoreFloor MeasureCoreFloor(int cpu_a, int cpu_b, const CoreFloorOptions& options = {});

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_CORE_FLOOR_H_
