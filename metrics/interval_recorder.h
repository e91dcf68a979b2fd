// Lets a reporting thread read a histogram while its owning thread keeps recording:
// the writer records into one of two histograms and the reader swaps them
// (HdrHistogram's Recorder and WriterReaderPhaser, specialised for one writer).
//
// Thread safety: Record*() from one thread at a time (the owner); it never blocks,
// allocates or takes a lock, and costs one atomic exchange more than
// Histogram::Record. TakeInterval*() from any thread; reporters serialise on a
// mutex and wait only for a Record call already in progress, never for the next one.
// Every value recorded lands in exactly one interval.

#ifndef HFTBOT_METRICS_INTERVAL_RECORDER_H_
#define HFTBOT_METRICS_INTERVAL_RECORDER_H_

#include <atomic>
#include <cstdint>
#include <mutex>

#include "metrics/histogram.h"

namespace hftbot::metrics {

class IntervalRecorder {
 public:
  // Same arguments and errors as Histogram's constructor; allocates both buffers.
  IntervalRecorder(int64_t lowest_trackable, int64_t highest_trackable, int significant_figures);

  IntervalRecorder(const IntervalRecorder&) = delete;
  IntervalRecorder& operator=(const IntervalRecorder&) = delete;

  // Histogram::Record / RecordN / RecordCorrected into the current interval.
  [[nodiscard]] bool Record(int64_t value) { return RecordN(value, 1); }
  [[nodiscard]] bool RecordN(int64_t value, int64_t count) {
    Enter();
    const bool ok = active_.load(std::memory_order_seq_cst)->RecordN(value, count);
    Exit();
    return ok;
  }
  [[nodiscard]] bool RecordCorrected(int64_t value, int64_t expected_interval) {
    Enter();
    const bool ok = active_.load(std::memory_order_seq_cst)->RecordCorrected(value, expected_interval);
    Exit();
    return ok;
  }

  // Ends the current interval: *interval becomes exactly the values (and overflow)
  // recorded since the previous TakeInterval*, in this recorder's layout. Does not
  // allocate when *interval already has that layout. REQUIRES: interval != nullptr.
  void TakeIntervalInto(Histogram* interval);
  Histogram TakeInterval();

 private:
  // The writer's epoch is odd while it is inside Record, even outside.
  void Enter() {
    // seq_cst RMW: the odd epoch must be visible before we load active_ (StoreLoad),
    // or a reader could swap, see "outside" and read the buffer we are writing.
    epoch_.exchange(++writer_epoch_, std::memory_order_seq_cst);
  }
  void Exit() {
    // release: a reader that sees the even epoch also sees every count we wrote.
    epoch_.store(++writer_epoch_, std::memory_order_release);
  }

  // Not std::hardware_destructive_interference_size: GCC warns that it varies with
  // -mtune, which would make this header's layout differ between translation units.
  static constexpr size_t kCacheLine = 64;

  // The writer touches both atomics on every record and the reader rarely: one line.
  alignas(kCacheLine) std::atomic<uint64_t> epoch_{0};
  std::atomic<Histogram*> active_;
  uint64_t writer_epoch_ = 0;  // the writer's own copy of epoch_, so Enter needs no load

  alignas(kCacheLine) std::mutex reader_mutex_;
  const int64_t lowest_trackable_;
  const int64_t highest_trackable_;
  const int significant_figures_;
  Histogram a_;
  Histogram b_;
  Histogram* inactive_;  // guarded by reader_mutex_; empty, becomes active at the next swap
};

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_INTERVAL_RECORDER_H_
