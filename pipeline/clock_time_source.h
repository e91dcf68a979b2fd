// metrics::Clock as the alloc package's TimeSource: alloc sits below metrics and
// declares its own one-method interface (alloc/time_source.h); the pipeline and the
// bot hand it the clock every latency point is read from.
//
// Thread safety: as metrics::Clock (any thread).

#ifndef HFTBOT_PIPELINE_CLOCK_TIME_SOURCE_H_
#define HFTBOT_PIPELINE_CLOCK_TIME_SOURCE_H_

#include <cstdint>

#include "alloc/time_source.h"
#include "metrics/clock.h"

namespace hftbot::pipeline {

class ClockTimeSource final : public alloc::TimeSource {
 public:
  explicit ClockTimeSource(const metrics::Clock& clock) : clock_(clock) {}
  int64_t NowNs() const override { return clock_.NowNs(); }

 private:
  const metrics::Clock& clock_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_CLOCK_TIME_SOURCE_H_
