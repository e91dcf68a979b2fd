// When each event is due: the replay schedule, and waiting for it.
//
// t0, the scheduled publish time, is fixed before the feed waits, so a feed that
// falls behind its schedule shows up as latency (no coordinated omission).
//
// Thread safety: Schedule is an immutable value; WaitUntil may run on any thread.

#ifndef HFTBOT_PIPELINE_PACING_H_
#define HFTBOT_PIPELINE_PACING_H_

#include <atomic>
#include <cstdint>

#include "metrics/clock.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

class Schedule {
 public:
  // speed: factor on recorded time; rate: events/s by file position; both 0: max speed.
  // REQUIRES: not both > 0. first_ts_ns: the earliest data timestamp of the replay.
  Schedule(double speed, double rate, int64_t first_ts_ns)
      : speed_(speed), rate_(rate), first_ts_ns_(first_ts_ns) {}

  bool paced() const { return speed_ > 0 || rate_ > 0; }

  // ns after the replay's start at which the event is due; -1 at max speed.
  int64_t OffsetNs(int64_t event_ts_ns, uint64_t file_position) const {
    if (rate_ > 0) return static_cast<int64_t>(static_cast<double>(file_position) * 1e9 / rate_);
    if (speed_ > 0) return static_cast<int64_t>(static_cast<double>(event_ts_ns - first_ts_ns_) / speed_);
    return -1;
  }

 private:
  double speed_;
  double rate_;
  int64_t first_ts_ns_;
};

// Waits until `clock` reads `deadline_ns`, or `stop` turns true, and returns the last
// reading (>= deadline_ns unless stopped): the caller's publish time, without another
// clock read. block sleeps the whole way (in slices of at most 10 ms so a stop is
// noticed), because a spinning feed on an oversubscribed machine would steal the
// engine's core; the OS wake-up delay then shows as publish lag, as it should. spin
// pauses and yield yields until the deadline: on a machine with a core per busy
// thread, spinning to t0 is what keeps the replay's own lateness near zero.
int64_t WaitUntil(const metrics::Clock& clock, int64_t deadline_ns, WaitStrategy wait, const std::atomic<bool>& stop);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_PACING_H_
