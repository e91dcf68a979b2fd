#include "metrics/histogram.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace hftbot::metrics {
namespace {

int FloorLog2(uint64_t v) { return 63 - std::countl_zero(v); }

int CeilLog2(uint64_t v) { return v <= 1 ? 0 : 64 - std::countl_zero(v - 1); }

// The out-of-range counters are reports, not arithmetic: saturating keeps a corrected
// record of a huge value, repeated, from overflowing them.
int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum;
  return __builtin_add_overflow(a, b, &sum) ? INT64_MAX : sum;
}

}  // namespace

Histogram::Histogram(int64_t lowest_trackable, int64_t highest_trackable, int significant_figures)
    : lowest_trackable_(lowest_trackable),
      highest_trackable_(highest_trackable),
      significant_figures_(significant_figures) {
  const std::string where = "Histogram(" + std::to_string(lowest_trackable) + ", " +
                            std::to_string(highest_trackable) + ", " +
                            std::to_string(significant_figures) + "): ";
  if (significant_figures < 1 || significant_figures > 5) {
    throw std::invalid_argument(where + "significant_figures must be 1..5");
  }
  if (lowest_trackable < 1) throw std::invalid_argument(where + "lowest_trackable must be >= 1");
  if (highest_trackable / 2 < lowest_trackable) {
    throw std::invalid_argument(where + "highest_trackable must be >= 2 * lowest_trackable");
  }
  int64_t single_unit_resolution = 2;
  for (int i = 0; i < significant_figures; ++i) single_unit_resolution *= 10;
  const int sub_bucket_count_magnitude = CeilLog2(static_cast<uint64_t>(single_unit_resolution));
  sub_bucket_half_count_magnitude_ = std::max(sub_bucket_count_magnitude, 1) - 1;
  unit_magnitude_ = FloorLog2(static_cast<uint64_t>(lowest_trackable));
  if (unit_magnitude_ + sub_bucket_half_count_magnitude_ > 61) {
    throw std::invalid_argument(where + "lowest_trackable too large for this precision");
  }
  trackable_span_ = static_cast<uint64_t>(highest_trackable) - static_cast<uint64_t>(lowest_trackable);
  const int64_t sub_bucket_count = int64_t{1} << (sub_bucket_half_count_magnitude_ + 1);
  sub_bucket_half_count_ = static_cast<int>(sub_bucket_count / 2);
  sub_bucket_mask_ = (sub_bucket_count - 1) << unit_magnitude_;
  bucket_shift_ = unit_magnitude_ + sub_bucket_half_count_magnitude_ + 1;

  // HdrHistogram's getBucketsNeededToCoverValue.
  int64_t smallest_untrackable = sub_bucket_count << unit_magnitude_;
  bucket_count_ = 1;
  while (smallest_untrackable <= highest_trackable) {
    if (smallest_untrackable > INT64_MAX / 2) {
      ++bucket_count_;
      break;
    }
    smallest_untrackable <<= 1;
    ++bucket_count_;
  }
  counts_.assign(static_cast<size_t>(bucket_count_ + 1) * static_cast<size_t>(sub_bucket_half_count_), 0);
}

int64_t Histogram::ValueFromIndex(int index) const {
  int bucket = (index >> sub_bucket_half_count_magnitude_) - 1;
  int sub_bucket = (index & (sub_bucket_half_count_ - 1)) + sub_bucket_half_count_;
  if (bucket < 0) {
    sub_bucket -= sub_bucket_half_count_;
    bucket = 0;
  }
  return static_cast<int64_t>(sub_bucket) << (bucket + unit_magnitude_);
}

int64_t Histogram::LowestEquivalentValue(int64_t value) const {
  const int bucket =
      64 - std::countl_zero(static_cast<uint64_t>(value | sub_bucket_mask_)) - bucket_shift_;
  const int shift = bucket + unit_magnitude_;
  return (value >> shift) << shift;
}

int64_t Histogram::EquivalentRangeSize(int64_t value) const {
  const int bucket =
      64 - std::countl_zero(static_cast<uint64_t>(value | sub_bucket_mask_)) - bucket_shift_;
  const int64_t sub_bucket = value >> (bucket + unit_magnitude_);
  const int adjusted = sub_bucket >= 2 * static_cast<int64_t>(sub_bucket_half_count_) ? bucket + 1 : bucket;
  return int64_t{1} << (unit_magnitude_ + adjusted);
}

bool Histogram::CountOutOfRange(int64_t value, int64_t count) {
  if (value > highest_trackable_) {
    overflow_count_ = SaturatingAdd(overflow_count_, count);
    overflow_max_ = std::max(overflow_max_, value);
  } else {
    below_range_min_ = below_range_count_ == 0 ? value : std::min(below_range_min_, value);
    below_range_count_ = SaturatingAdd(below_range_count_, count);
  }
  return false;
}

bool Histogram::RecordCorrected(int64_t value, int64_t expected_interval) {
  bool ok = Record(value);
  if (expected_interval <= 0 || value <= expected_interval) return ok;
  // The missing values descend from value - expected_interval to expected_interval in
  // steps of expected_interval. Each pass takes the run of them that shares one fate
  // (the stretch above highest, one bucket, or the stretch below lowest) and counts it
  // at once, so the loop runs at most once per bucket plus twice.
  int64_t missing = value - expected_interval;
  while (missing >= expected_interval) {
    int64_t run_floor;  // the lowest value that shares missing's fate
    if (missing > highest_trackable_) {
      run_floor = highest_trackable_ + 1;
    } else if (missing < lowest_trackable_) {
      run_floor = expected_interval;
    } else {
      run_floor = std::max(LowestEquivalentValue(missing), lowest_trackable_);
    }
    run_floor = std::max(run_floor, expected_interval);
    const int64_t run_length = (missing - run_floor) / expected_interval + 1;
    const int64_t run_lowest = missing - (run_length - 1) * expected_interval;
    if (run_length > 1) ok = RecordN(missing, run_length - 1) && ok;  // same bucket as run_lowest
    ok = Record(run_lowest) && ok;  // keeps Min() and MinBelowRangeValue() exact
    missing = run_lowest - expected_interval;
  }
  return ok;
}

bool Histogram::RecordAtIndex(size_t index, int64_t count) {
  if (index >= counts_.size()) return false;
  if (index == 0) return CountOutOfRange(0, count);
  const int64_t lowest = ValueFromIndex(static_cast<int>(index));
  counts_[index] += count;
  total_count_ += count;
  min_ = std::min(min_, lowest);
  max_ = std::max(max_, HighestEquivalentValue(lowest));
  return true;
}

int64_t Histogram::Add(const Histogram& other) {
  overflow_count_ = SaturatingAdd(overflow_count_, other.overflow_count_);
  overflow_max_ = std::max(overflow_max_, other.overflow_max_);
  if (other.below_range_count_ != 0) {
    below_range_min_ = below_range_count_ == 0 ? other.below_range_min_
                                               : std::min(below_range_min_, other.below_range_min_);
    below_range_count_ = SaturatingAdd(below_range_count_, other.below_range_count_);
  }
  if (other.total_count_ == 0) return 0;
  if (SameLayoutAs(other)) {
    for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_count_ += other.total_count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
    return 0;
  }
  int64_t dropped = 0;
  other.ForEachRecorded([&](int64_t lowest, int64_t /*highest*/, int64_t count) {
    if (!RecordN(lowest, count)) dropped += count;
  });
  // The exact extremes survive a layout change when they fit.
  if (other.min_ >= lowest_trackable_ && other.min_ <= highest_trackable_) min_ = std::min(min_, other.min_);
  if (other.max_ >= lowest_trackable_ && other.max_ <= highest_trackable_) max_ = std::max(max_, other.max_);
  return dropped;
}

void Histogram::Reset() {
  std::fill(counts_.begin(), counts_.end(), 0);
  total_count_ = 0;
  min_ = INT64_MAX;
  max_ = 0;
  overflow_count_ = 0;
  overflow_max_ = 0;
  below_range_count_ = 0;
  below_range_min_ = 0;
}

double Histogram::Mean() const {
  if (total_count_ == 0) return 0.0;
  double total = 0.0;
  ForEachRecorded([&](int64_t lowest, int64_t /*highest*/, int64_t count) {
    total += static_cast<double>(MedianEquivalentValue(lowest)) * static_cast<double>(count);
  });
  return total / static_cast<double>(total_count_);
}

double Histogram::StdDev() const {
  if (total_count_ == 0) return 0.0;
  const double mean = Mean();
  double deviation_total = 0.0;
  ForEachRecorded([&](int64_t lowest, int64_t /*highest*/, int64_t count) {
    const double deviation = static_cast<double>(MedianEquivalentValue(lowest)) - mean;
    deviation_total += deviation * deviation * static_cast<double>(count);
  });
  return std::sqrt(deviation_total / static_cast<double>(total_count_));
}

int64_t Histogram::ValueAtPercentile(double p) const {
  if (std::isnan(p)) throw std::invalid_argument("Histogram::ValueAtPercentile: percentile is NaN");
  if (total_count_ == 0) return 0;
  // One ulp down so that a level like 99.9 x 100000 = 99900.00000000001 does not
  // round up past the sample it names (HdrHistogram's getValueAtPercentile).
  const double requested =
      std::min(std::max(std::nextafter(p, -INFINITY), 0.0), 100.0);
  const auto wanted = std::max<int64_t>(
      static_cast<int64_t>(std::ceil(requested * static_cast<double>(total_count_) / 100.0)), 1);
  int64_t cumulative = 0;
  const int length = static_cast<int>(counts_.size());
  for (int i = 0; i < length; ++i) {
    cumulative += counts_[static_cast<size_t>(i)];
    if (cumulative >= wanted) {
      const int64_t value = ValueFromIndex(i);
      return p <= 0.0 ? LowestEquivalentValue(value) : HighestEquivalentValue(value);
    }
  }
  return 0;
}

Summary Histogram::Summarize() const {
  Summary s;
  s.count = total_count_;
  s.overflow = overflow_count_;
  s.below_range = below_range_count_;
  if (total_count_ == 0) return s;
  s.min = Min();
  s.max = Max();
  // The true percentile lies between the bucket's first value and Max(), so
  // capping at Max() keeps the figure within precision and the report consistent.
  s.p50 = std::min(ValueAtPercentile(50.0), s.max);
  s.p90 = std::min(ValueAtPercentile(90.0), s.max);
  s.p99 = std::min(ValueAtPercentile(99.0), s.max);
  s.p99_9 = std::min(ValueAtPercentile(99.9), s.max);
  s.p99_99 = std::min(ValueAtPercentile(99.99), s.max);
  s.mean = Mean();
  s.stddev = StdDev();
  return s;
}

}  // namespace hftbot::metrics
