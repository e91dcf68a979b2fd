#include "metrics/hlog_testing.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>

#include "gtest/gtest.h"
#include "metrics/histogram.h"

namespace hftbot::metrics {

void ExpectSameCounts(const Histogram& actual, const Histogram& expected) {
  ASSERT_TRUE(actual.SameLayoutAs(expected));
  EXPECT_EQ(actual.Count(), expected.Count());
  for (size_t i = 0; i < expected.CountsLength(); ++i) {
    ASSERT_EQ(actual.CountAtIndex(i), expected.CountAtIndex(i)) << "index " << i;
  }
}

std::vector<TestInterval> KnownIntervals() {
  std::mt19937_64 rng(20240611);
  std::lognormal_distribution<double> service(std::log(3'000.0), 1.0);
  std::normal_distribution<double> fast(5'000.0, 500.0), slow(80'000.0, 8'000.0);
  std::uniform_real_distribution<double> pick(0.0, 1.0);
  std::exponential_distribution<double> wait(1.0 / 50'000.0);
  std::vector<TestInterval> out;
  for (int second = 0; second < 6; ++second) {
    TestInterval engine{"engine_service", second * 1.0, 1.0, Histogram(1, 3'600'000'000'000, 3)};
    TestInterval queue{"queue_wait", second * 1.0, 1.0, Histogram(1'000, 100'000'000'000, 2)};
    TestInterval order{"tick_to_order", second * 1.0, 1.0, Histogram(1'000, 1'000'000'000, 4)};
    if (second != 2) {
      for (int n = 0; n < 5'000 * (second + 1); ++n) {
        EXPECT_TRUE(engine.histogram.Record(1 + static_cast<int64_t>(service(rng))));
        const double x = pick(rng) < 0.7 ? fast(rng) : slow(rng);
        EXPECT_TRUE(queue.histogram.Record(std::max<int64_t>(1'000, static_cast<int64_t>(x))));
      }
      if (second % 2 == 1) {
        for (int n = 0; n < 100; ++n) EXPECT_TRUE(order.histogram.Record(1'000 + static_cast<int64_t>(wait(rng))));
      }
    }
    if (second == 4) {
      for (TestInterval* stage : {&engine, &queue, &order}) {
        EXPECT_TRUE(stage->histogram.Record(stage->histogram.HighestTrackable()));
        EXPECT_TRUE(stage->histogram.Record(stage->histogram.LowestTrackable() + 1));
      }
    }
    out.push_back(std::move(engine));
    out.push_back(std::move(queue));
    out.push_back(std::move(order));
  }
  return out;
}

HlogSpec ReadHlogSpec(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  HlogSpec spec;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string directive;
    if (!(fields >> directive) || directive[0] == '#') continue;
    bool ok = true;
    if (directive == "start_ms") {
      ok = static_cast<bool>(fields >> spec.start_ms);
    } else if (directive == "interval") {
      SpecInterval interval;
      ok = static_cast<bool>(fields >> interval.tag >> interval.lowest >> interval.highest >> interval.figures >>
                             interval.start_s >> interval.end_s);
      if (interval.tag == "-") interval.tag.clear();
      spec.intervals.push_back(interval);
    } else if (directive == "value" && !spec.intervals.empty()) {
      int64_t value = 0, count = 0;
      ok = static_cast<bool>(fields >> value >> count);
      spec.intervals.back().values.emplace_back(value, count);
    } else {
      ok = false;
    }
    if (!ok) throw std::runtime_error(path + ":" + std::to_string(number) + ": bad spec line: " + line);
  }
  return spec;
}

void WriteHlogSpec(const HlogSpec& spec, const std::string& path) {
  std::ofstream out(path);
  out << "start_ms " << spec.start_ms << "\n";
  for (const SpecInterval& interval : spec.intervals) {
    out << "interval " << (interval.tag.empty() ? "-" : interval.tag) << ' ' << interval.lowest << ' '
        << interval.highest << ' ' << interval.figures << ' ' << interval.start_s << ' ' << interval.end_s << "\n";
    for (const auto& [value, count] : interval.values) out << "value " << value << ' ' << count << "\n";
  }
  if (!out.flush()) throw std::runtime_error(path + ": write failed");
}

void ExpectEntryMatches(const HlogEntry& entry, const SpecInterval& interval, int64_t start_ms) {
  SCOPED_TRACE("line " + std::to_string(entry.line) + " (" + entry.tag + " at " + std::to_string(interval.start_s) +
               " s)");
  EXPECT_EQ(entry.tag, interval.tag);
  EXPECT_NEAR(entry.start_s, interval.start_s, 0.0005);
  EXPECT_NEAR(entry.length_s, interval.end_s - interval.start_s, 0.0005);
  EXPECT_NEAR(entry.absolute_start_s, static_cast<double>(start_ms) / 1000.0 + interval.start_s, 0.002);
  const Histogram& h = entry.histogram;
  ASSERT_EQ(h.LowestTrackable(), interval.lowest);
  ASSERT_EQ(h.HighestTrackable(), interval.highest);
  ASSERT_EQ(h.SignificantFigures(), interval.figures);
  // HdrHistogram puts value v in counts[countsArrayIndex(v)], 0 included; we read
  // index 0 (values below 2^unit, all below lowest) as below range.
  std::map<size_t, int64_t> expected;
  int64_t below_range = 0;
  for (const auto& [value, count] : interval.values) {
    const size_t index = h.CountsIndexOf(value);
    if (index == 0) {
      below_range += count;
    } else {
      expected[index] += count;
    }
  }
  int64_t total = 0;
  for (size_t i = 1; i < h.CountsLength(); ++i) {
    const auto it = expected.find(i);
    const int64_t want = it == expected.end() ? 0 : it->second;
    EXPECT_EQ(h.CountAtIndex(i), want) << "index " << i;
    total += want;
  }
  EXPECT_EQ(h.Count(), total);
  EXPECT_EQ(h.BelowRangeCount(), below_range);
  EXPECT_EQ(h.OverflowCount(), 0);
}

}  // namespace hftbot::metrics
