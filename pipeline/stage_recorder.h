// One thread's recorder for one latency stage: the run's total histogram, and, when an
// interval log (--hlog) is written, an IntervalRecorder the sampling thread drains
// once per interval. Without the log the extra cost is one predictable branch.
//
// Not thread-safe: Record() from the owning hot thread only; total() after it joined;
// interval() is handed to the IntervalLogger before the thread starts.

#ifndef HFTBOT_PIPELINE_STAGE_RECORDER_H_
#define HFTBOT_PIPELINE_STAGE_RECORDER_H_

#include <cstdint>
#include <memory>

#include "metrics/histogram.h"
#include "metrics/interval_recorder.h"
#include "pipeline/options.h"

namespace hftbot::pipeline {

class StageRecorder {
 public:
  explicit StageRecorder(const PipelineOptions& options)
      : total_(1, options.histogram_highest_ns, options.significant_figures),
        interval_(options.hlog_path.empty() ? nullptr
                                            : std::make_unique<metrics::IntervalRecorder>(
                                                  1, options.histogram_highest_ns, options.significant_figures)) {}

  // A value outside the range is counted by the histograms (overflow, below range),
  // which the report shows; the hot path does not stop for it.
  // Inlined: two of these run per event on the engine thread, and as a call each cost
  // about 40 instructions (callgrind), a quarter of the pipeline's own work per event.
  [[gnu::always_inline]] void Record(int64_t value) {
    (void)total_.Record(value);
    if (interval_ != nullptr) [[unlikely]] (void)interval_->Record(value);
  }

  metrics::Histogram& total() { return total_; }
  metrics::IntervalRecorder* interval() { return interval_.get(); }

 private:
  metrics::Histogram total_;
  std::unique_ptr<metrics::IntervalRecorder> interval_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_STAGE_RECORDER_H_
