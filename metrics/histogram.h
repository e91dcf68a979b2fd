// An HDR-style latency histogram: log-linear buckets that keep a fixed number of
// significant decimal digits over a range fixed at construction, so recording is
// O(1), allocation-free and lock-free, and every percentile is reported within a
// known relative error. The bucket layout, the percentile rule and the
// coordinated-omission correction follow HdrHistogram (Java and C) exactly, so an
// .hgrm file written from it (see hgrm.h) reads like one HdrHistogram wrote.
//
// Precision: a value v is stored in a bucket of width at most v / 10^significant_figures,
// and every query answers with a value equivalent to (in the same bucket as) a value
// actually recorded. Mean and StdDev are computed from the buckets, as HdrHistogram
// does, which keeps them off the recording path; Min and Max are exact.
//
// Out of range: a value above highest_trackable is an overflow and a value below
// lowest_trackable (0 or negative: a clock read that went backwards) is an error.
// Neither is recorded; each is counted (OverflowCount, BelowRangeCount) so that a
// report can show it, where HdrHistogram would throw or clamp.
//
// Thread safety: not thread-safe. A Histogram belongs to one thread, which may call
// anything on it; merge per-thread histograms with Add() once the threads are done.
// To read one while its owner keeps recording, record through an IntervalRecorder
// (interval_recorder.h) instead.

#ifndef HFTBOT_METRICS_HISTOGRAM_H_
#define HFTBOT_METRICS_HISTOGRAM_H_

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hftbot::metrics {

// The figures every report prints for one latency stage. Values are in the unit
// recorded (ns in hftbot); all are 0 when count is 0. Percentiles are
// ValueAtPercentile() capped at max, so p99_99 <= max always holds.
struct Summary {
  int64_t count = 0;     // values recorded (in range)
  int64_t min = 0;       // exact
  int64_t p50 = 0;
  int64_t p90 = 0;
  int64_t p99 = 0;
  int64_t p99_9 = 0;
  int64_t p99_99 = 0;
  int64_t max = 0;       // exact
  double mean = 0.0;
  double stddev = 0.0;
  int64_t overflow = 0;  // values above highest_trackable: not in any figure above
  // Values below lowest_trackable (0 or negative latencies: a clock that went
  // backwards, or a stage's two time points swapped): errors, not in any figure above.
  int64_t below_range = 0;
};

// One step of a percentile iteration, as HdrHistogram's PercentileIterator yields it.
struct PercentilePoint {
  double percentile_level = 0.0;  // the level iterated to, 0..100 (the .hgrm "Percentile" x 100)
  double percentile = 0.0;        // the percentile actually reached at value, 0..100
  int64_t value = 0;              // highest value equivalent to the bucket reached
  int64_t count_at_value = 0;     // count in that bucket
  int64_t total_count = 0;        // cumulative count up to and including value
};

class Histogram {
 public:
  // Tracks lowest_trackable..highest_trackable with significant_figures (1..5)
  // decimal digits of precision. Throws std::invalid_argument unless
  // 1 <= lowest_trackable, 2 * lowest_trackable <= highest_trackable and the layout
  // fits in int64 (as HdrHistogram requires). Allocates the counts array once:
  // see MemoryFootprintBytes() (about 200 KB for 1 ns..1 h at 3 figures).
  Histogram(int64_t lowest_trackable, int64_t highest_trackable, int significant_figures);

  // Copy-assigning a same-layout histogram does not allocate. A moved-from histogram
  // may only be assigned to or destroyed.
  Histogram(const Histogram&) = default;
  Histogram& operator=(const Histogram&) = default;
  Histogram(Histogram&&) noexcept = default;
  Histogram& operator=(Histogram&&) noexcept = default;
  ~Histogram() = default;

  // Records one value. Returns false, recording nothing, when value is out of range:
  // above highest_trackable it counts in OverflowCount(), below lowest_trackable in
  // BelowRangeCount(). O(1); never allocates, locks or throws.
  [[nodiscard]] bool Record(int64_t value) { return RecordN(value, 1); }

  // Records `count` occurrences of value. REQUIRES: count >= 0.
  [[nodiscard]] bool RecordN(int64_t value, int64_t count);

  // Records value and, when value exceeds expected_interval, the samples a stalled
  // measuring loop failed to take: value - k * expected_interval for every k >= 1
  // while that stays >= expected_interval (HdrHistogram's recordValueWithExpectedInterval),
  // each as Record() would, out-of-range ones counted. expected_interval <= 0 disables
  // the correction. Returns false if any of those values was out of range.
  // O(buckets), not O(value / expected_interval): the missing values are counted a
  // bucket at a time, so a huge value (a clock jump) costs microseconds, not minutes.
  [[nodiscard]] bool RecordCorrected(int64_t value, int64_t expected_interval);

  // Adds count values to the bucket at HdrHistogram's counts-array index (see
  // CountsIndexOf), as a decoder of HdrHistogram's encodings must, knowing buckets
  // only: Min() and Max() widen to the bucket's lowest and highest equivalent values,
  // as HdrHistogram's getMinNonZeroValue() and getMaxValue() do after decoding, so
  // Max() may exceed HighestTrackable() by less than a bucket. Index 0 holds values
  // below lowest_trackable (HdrHistogram records 0 there): its count goes to
  // BelowRangeCount() and the call returns false. Returns false, recording nothing,
  // when index >= CountsLength(). REQUIRES: count >= 0.
  [[nodiscard]] bool RecordAtIndex(size_t index, int64_t count);

  // Merges other into this histogram. With the same layout (lowest, highest and
  // figures equal) counts add exactly; otherwise each of other's buckets is
  // re-recorded at its lowest equivalent value (HdrHistogram's rule). other's
  // overflow and below-range counts are added to ours. Returns how many of other's
  // recorded values fell outside this histogram's range (0 for the same layout);
  // they are counted here as overflow or below range.
  int64_t Add(const Histogram& other);

  // Forgets every value and the out-of-range counts; keeps the allocation.
  void Reset();

  int64_t Count() const { return total_count_; }
  int64_t OverflowCount() const { return overflow_count_; }
  // The largest value that overflowed, 0 when none did.
  int64_t MaxOverflowValue() const { return overflow_max_; }
  // Values refused for being below lowest_trackable, and the lowest of them (0 when none).
  int64_t BelowRangeCount() const { return below_range_count_; }
  int64_t MinBelowRangeValue() const { return below_range_count_ == 0 ? 0 : below_range_min_; }
  int64_t Min() const { return total_count_ == 0 ? 0 : min_; }
  int64_t Max() const { return total_count_ == 0 ? 0 : max_; }
  double Mean() const;
  double StdDev() const;

  // The value at percentile p (clamped to 0..100): the highest value equivalent to
  // the smallest recorded value with at least ceil(p% of Count()) values at or below
  // it; for p == 0 the lowest value equivalent to Min(). 0 when empty. O(buckets).
  // Throws std::invalid_argument when p is NaN, which names no percentile (and
  // would reach an undefined double-to-integer conversion).
  int64_t ValueAtPercentile(double p) const;

  Summary Summarize() const;

  // Visits the steps HdrHistogram's outputPercentileDistribution prints:
  // ticks_per_half_distance steps for each halving of the distance to 100%, then a
  // last step at 100%. fn(const PercentilePoint&) is called once per step.
  // REQUIRES: ticks_per_half_distance >= 1.
  template <typename Fn>
  void ForEachPercentile(int ticks_per_half_distance, Fn&& fn) const;

  // Visits every non-empty bucket in increasing value order:
  // fn(int64_t lowest_equivalent, int64_t highest_equivalent, int64_t count).
  template <typename Fn>
  void ForEachRecorded(Fn&& fn) const;

  // Bucket arithmetic, exposed for the .hgrm writer and for tests.
  int64_t LowestEquivalentValue(int64_t value) const;
  // Saturates at INT64_MAX: the top bucket of a full-range histogram ends past it.
  int64_t HighestEquivalentValue(int64_t value) const {
    const int64_t lowest = LowestEquivalentValue(value);
    const int64_t last_offset = EquivalentRangeSize(value) - 1;
    return lowest > INT64_MAX - last_offset ? INT64_MAX : lowest + last_offset;
  }
  int64_t MedianEquivalentValue(int64_t value) const {
    return LowestEquivalentValue(value) + (EquivalentRangeSize(value) >> 1);
  }
  int64_t EquivalentRangeSize(int64_t value) const;

  int64_t LowestTrackable() const { return lowest_trackable_; }
  int64_t HighestTrackable() const { return highest_trackable_; }
  int SignificantFigures() const { return significant_figures_; }
  int BucketCount() const { return bucket_count_; }         // HdrHistogram's bucketCount
  int SubBucketCount() const { return sub_bucket_half_count_ * 2; }
  size_t CountsLength() const { return counts_.size(); }
  // HdrHistogram's countsArrayIndex: the same index for the same value and layout,
  // which is what lets hdr_encoding.h write and read HdrHistogram's own encoding.
  // REQUIRES: 0 <= value, and value <= HighestTrackable() or value == Max() (which
  // RecordAtIndex may set past HighestTrackable(), still inside the counts array).
  size_t CountsIndexOf(int64_t value) const { return static_cast<size_t>(CountsIndex(value)); }
  // REQUIRES: index < CountsLength().
  int64_t CountAtIndex(size_t index) const { return counts_[index]; }
  bool SameLayoutAs(const Histogram& other) const {
    return lowest_trackable_ == other.lowest_trackable_ &&
           highest_trackable_ == other.highest_trackable_ &&
           significant_figures_ == other.significant_figures_;
  }
  // Bytes this object owns, itself included.
  size_t MemoryFootprintBytes() const {
    return sizeof(*this) + counts_.capacity() * sizeof(int64_t);
  }

 private:
  int CountsIndex(int64_t value) const {
    // value | mask puts every value of the first bucket in bucket 0.
    const int pow2_ceiling = 64 - std::countl_zero(static_cast<uint64_t>(value | sub_bucket_mask_));
    const int bucket = pow2_ceiling - bucket_shift_;
    // Bucket b holds sub-buckets half..count-1 at unit 2^(b+unit); HdrHistogram's
    // ((b + 1) << half_magnitude) + sub - half simplifies to (b << half_magnitude) + sub.
    return (bucket << sub_bucket_half_count_magnitude_) +
           static_cast<int>(value >> (bucket + unit_magnitude_));
  }
  int64_t ValueFromIndex(int index) const;
  // Record's cold path: counts value as overflow or below range; returns false.
  bool CountOutOfRange(int64_t value, int64_t count);

  // Recording state first: Record touches only these fields and one count.
  std::vector<int64_t> counts_;
  int64_t lowest_trackable_;
  int64_t highest_trackable_;
  // highest - lowest: value - lowest, computed unsigned, exceeds it exactly when value
  // is out of range on either side, so Record tests both with one branch.
  uint64_t trackable_span_ = 0;
  int64_t sub_bucket_mask_ = 0;
  int64_t total_count_ = 0;
  int64_t min_ = INT64_MAX;
  int64_t max_ = 0;
  int unit_magnitude_ = 0;
  int sub_bucket_half_count_magnitude_ = 0;
  int bucket_shift_ = 0;  // unit_magnitude_ + sub_bucket_half_count_magnitude_ + 1
  int sub_bucket_half_count_ = 0;
  // Cold state.
  int64_t overflow_count_ = 0;
  int64_t overflow_max_ = 0;
  int64_t below_range_count_ = 0;
  int64_t below_range_min_ = 0;
  int significant_figures_;
  int bucket_count_ = 0;
};

inline bool Histogram::RecordN(int64_t value, int64_t count) {
  if (static_cast<uint64_t>(value) - static_cast<uint64_t>(lowest_trackable_) > trackable_span_)
      [[unlikely]] {
    return CountOutOfRange(value, count);
  }
  counts_[static_cast<size_t>(CountsIndex(value))] += count;
  total_count_ += count;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
  return true;
}

template <typename Fn>
void Histogram::ForEachRecorded(Fn&& fn) const {
  const int length = static_cast<int>(counts_.size());
  for (int i = 0; i < length; ++i) {
    const int64_t count = counts_[static_cast<size_t>(i)];
    if (count == 0) continue;
    const int64_t value = ValueFromIndex(i);
    fn(value, HighestEquivalentValue(value), count);
  }
}

template <typename Fn>
void Histogram::ForEachPercentile(int ticks_per_half_distance, Fn&& fn) const {
  // A transcription of HdrHistogram's PercentileIterator over AbstractHistogramIterator.
  if (total_count_ == 0) return;
  const double total = static_cast<double>(total_count_);
  const int length = static_cast<int>(counts_.size());
  double level = 0.0;
  int64_t cumulative = 0;
  int index = 0;
  int64_t count_at_index = 0;
  bool fresh = true;
  while (cumulative < total_count_) {
    while (index < length) {
      count_at_index = counts_[static_cast<size_t>(index)];
      if (fresh) {
        cumulative += count_at_index;
        fresh = false;
      }
      if (count_at_index != 0 && 100.0 * static_cast<double>(cumulative) / total >= level) break;
      ++index;
      fresh = true;
    }
    if (index >= length) return;  // unreachable unless counts are inconsistent
    fn(PercentilePoint{level, 100.0 * static_cast<double>(cumulative) / total,
                       HighestEquivalentValue(ValueFromIndex(index)), count_at_index, cumulative});
    // Fixed-size ticks within each half of the remaining distance to 100%, so the
    // rows read as round numbers (HdrHistogram's incrementIterationLevel).
    const auto halvings = static_cast<int64_t>(std::log(100.0 / (100.0 - level)) / std::log(2.0));
    const int64_t ticks =
        ticks_per_half_distance * static_cast<int64_t>(std::pow(2.0, static_cast<double>(halvings + 1)));
    level += 100.0 / static_cast<double>(ticks);
  }
  // One last step to 100% at the last recorded value.
  fn(PercentilePoint{100.0, 100.0, HighestEquivalentValue(ValueFromIndex(index)), count_at_index,
                     cumulative});
}

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HISTOGRAM_H_
