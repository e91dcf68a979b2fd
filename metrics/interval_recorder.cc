#include "metrics/interval_recorder.h"

#include <thread>
#include <utility>

namespace hftbot::metrics {

IntervalRecorder::IntervalRecorder(int64_t lowest_trackable, int64_t highest_trackable,
                                   int significant_figures)
    : lowest_trackable_(lowest_trackable),
      highest_trackable_(highest_trackable),
      significant_figures_(significant_figures),
      a_(lowest_trackable, highest_trackable, significant_figures),
      b_(a_),
      inactive_(&b_) {
  active_.store(&a_, std::memory_order_relaxed);  // published by constructing before sharing
}

void IntervalRecorder::TakeIntervalInto(Histogram* interval) {
  std::lock_guard<std::mutex> lock(reader_mutex_);
  // seq_cst: ordered against the writer's seq_cst Enter, so either the writer's
  // load sees the new buffer or our epoch load below sees its odd epoch.
  Histogram* previous = active_.exchange(inactive_, std::memory_order_seq_cst);
  // seq_cst (acquire at least): pairs with Exit's release so the counts are visible.
  const uint64_t epoch = epoch_.load(std::memory_order_seq_cst);
  if (epoch % 2 == 1) {
    // acquire: a writer that entered with the old buffer publishes its counts on exit.
    while (epoch_.load(std::memory_order_acquire) == epoch) std::this_thread::yield();
  }
  // Any Record from now on loads the new buffer: previous is ours alone.
  *interval = *previous;
  previous->Reset();
  inactive_ = previous;
}

Histogram IntervalRecorder::TakeInterval() {
  Histogram interval(lowest_trackable_, highest_trackable_, significant_figures_);
  TakeIntervalInto(&interval);
  return interval;
}

}  // namespace hftbot::metrics
