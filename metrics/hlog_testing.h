// Test support for the .hlog tests: bucket-by-bucket comparison, a known set of
// interval histograms, and a spec of exactly which values each interval of a log holds,
// in the text form testdata/HlogFromJava.java reads (see there), so that a log written
// by HdrHistogram's Java writer can be checked bucket by bucket against it.
//
// Thread safety: free functions; tests only (throw std::runtime_error, use gtest).

#ifndef HFTBOT_METRICS_HLOG_TESTING_H_
#define HFTBOT_METRICS_HLOG_TESTING_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"

namespace hftbot::metrics {

// Expects the same layout, Count() and every bucket's count.
void ExpectSameCounts(const Histogram& actual, const Histogram& expected);

struct TestInterval {
  std::string tag;
  double start_s;
  double length_s;
  Histogram histogram;
};

// Six seconds of three stages with their own layouts and distributions, interleaved
// as IntervalLogger writes them (one line per stage and second): engine_service
// (1 ns..1 h, 3 figures, log-normal), queue_wait (1 µs..100 s, 2 figures, bimodal),
// tick_to_order (1 µs..1 s, 4 figures, sparse). Second 2 is empty for every stage;
// second 4 also holds each stage's highest_trackable and a value just above its lowest.
std::vector<TestInterval> KnownIntervals();

struct SpecInterval {
  std::string tag;  // empty: an untagged line ("-" in the file)
  int64_t lowest = 1;
  int64_t highest = 0;
  int figures = 3;
  double start_s = 0.0;
  double end_s = 0.0;
  std::vector<std::pair<int64_t, int64_t>> values;  // (value, count), recorded by Java
};

struct HlogSpec {
  int64_t start_ms = 0;
  std::vector<SpecInterval> intervals;
};

HlogSpec ReadHlogSpec(const std::string& path);
void WriteHlogSpec(const HlogSpec& spec, const std::string& path);

// Checks (with gtest) that entry is what Java wrote for interval: tag, times, the
// layout, every bucket's count as HdrHistogram's counts array holds it (values past
// highest_trackable included), and what HdrHistogram keeps in counts[0] (0 and
// values below the unit) as BelowRangeCount.
void ExpectEntryMatches(const HlogEntry& entry, const SpecInterval& interval, int64_t start_ms);

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HLOG_TESTING_H_
