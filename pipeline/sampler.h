// The replay's sampling thread (the main thread while the hot threads run): takes the
// memory timeline and prints the progress line. It never touches a queue or a hot
// thread's data except the engines' relaxed progress counters.
//
// A replay at max speed may last 0.1 s, which at the configured interval (0.1 s by
// default) gives two points: too few to plot. So sampling starts every
// kFinestSampleInterval and, each time the timeline reaches kThinningThreshold samples,
// drops every other sample and doubles the interval, until it is the configured one;
// from then on the timeline grows at that interval. Any run of 0.1 s or more has at
// least ~50 samples (the loop wakes every millisecond anyway) and a long one is sampled as configured. Time is the given clock's,
// so a FakeClock drives the schedule in tests.
//
// Thread safety: one Sampler, used by one thread.

#ifndef HFTBOT_PIPELINE_SAMPLER_H_
#define HFTBOT_PIPELINE_SAMPLER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "metrics/clock.h"
#include "pipeline/memory_timeline.h"

namespace hftbot::pipeline {

class Sampler {
 public:
  // `processed_now()` gives the events processed so far; `total_events` sizes the
  // progress line. Times in the timeline are seconds since `start_ns` on `clock`.
  Sampler(const metrics::Clock& clock, int64_t start_ns, double interval_s, bool progress, uint64_t total_events,
          std::function<uint64_t()> processed_now);

  // Also calls `task(due_ns)` at first_ns + k * period_s (k = 1, 2, ...) while sampling
  // (the interval log, the adaptive resource's load). due_ns is the scheduled time, so
  // intervals have equal lengths. Any number of tasks, each on its own schedule.
  void AddPeriodicTask(int64_t first_ns, double period_s, std::function<void(int64_t due_ns)> task);

  static constexpr double kFinestSampleInterval = 0.001;
  static constexpr size_t kThinningThreshold = 512;
  static constexpr int64_t kMinNapNs = 1'000'000;
  static constexpr int64_t kMaxNapNs = 10'000'000;

  // Samples until `done()` is true (checked about every millisecond), then takes a
  // last sample. timeline().interval_s is the interval in effect at the end.
  void RunUntil(const std::function<bool()>& done);

  MemoryTimeline& timeline() { return timeline_; }

 private:
  void Sample();
  // Drops every other sample (the first and last stay) and doubles the interval.
  void Thin();

  const metrics::Clock& clock_;
  const int64_t start_ns_;
  const double interval_s_;  // the coarsest interval: the configured one
  double current_interval_s_;
  const bool progress_;
  const uint64_t total_events_;
  std::function<uint64_t()> processed_now_;
  MemoryTimeline timeline_;
  struct PeriodicTask {
    int64_t next_ns;
    int64_t period_ns;
    std::function<void(int64_t)> run;
  };
  std::vector<PeriodicTask> tasks_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_SAMPLER_H_
