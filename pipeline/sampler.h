// The replay's sampling thread (the main thread while the hot threads run): takes the
// memory timeline at a fixed interval and prints the progress line. It never touches
// a queue or a hot thread's data except the engines' relaxed progress counters.
//
// Thread safety: one Sampler, used by one thread.

#ifndef HFTBOT_PIPELINE_SAMPLER_H_
#define HFTBOT_PIPELINE_SAMPLER_H_

#include <cstdint>
#include <functional>

#include "metrics/clock.h"
#include "pipeline/memory_timeline.h"

namespace hftbot::pipeline {

class Sampler {
 public:
  // `processed_now()` gives the events processed so far; `total_events` sizes the
  // progress line. Times in the timeline are seconds since `start_ns` on `clock`.
  Sampler(const metrics::Clock& clock, int64_t start_ns, double interval_s, bool progress, uint64_t total_events,
          std::function<uint64_t()> processed_now);

  // Also calls `task(due_ns)` at first_ns + k * period_s (k = 1, 2, ...) while sampling:
  // the interval log. due_ns is the scheduled time, so intervals have equal lengths.
  void AddPeriodicTask(int64_t first_ns, double period_s, std::function<void(int64_t due_ns)> task);

  // Samples every interval until `done()` is true, then takes a last sample.
  void RunUntil(const std::function<bool()>& done);

  MemoryTimeline& timeline() { return timeline_; }

 private:
  void Sample();

  const metrics::Clock& clock_;
  const int64_t start_ns_;
  const double interval_s_;
  const bool progress_;
  const uint64_t total_events_;
  std::function<uint64_t()> processed_now_;
  MemoryTimeline timeline_;
  int64_t task_first_ns_ = 0;
  double task_period_s_ = 0;
  std::function<void(int64_t)> task_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_SAMPLER_H_
