// The physical floor under every cross-thread latency: the one-way core-to-core
// latency of this machine, measured by a short ping-pong between two threads before
// the replay starts (off the clock). The report shows stage latencies as multiples of it.

#ifndef HFTBOT_PIPELINE_CORE_FLOOR_H_
#define HFTBOT_PIPELINE_CORE_FLOOR_H_

#include <cstdint>
#include <string>

namespace hftbot::pipeline {

struct CoreFloor {
  int cpu_a = -1;  // -1: not pinned
  int cpu_b = -1;
  int64_t one_way_p50_ns = 0;
  int64_t one_way_min_ns = 0;
  int round_trips = 0;
};

// Ping-pongs a cache line `round_trips` times between threads on cpu_a and cpu_b
// (unpinned when either is negative or pinning fails). Takes a few milliseconds.
CoreFloor MeasureCoreFloor(int cpu_a, int cpu_b, int round_trips);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_CORE_FLOOR_H_
