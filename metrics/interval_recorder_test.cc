#include "metrics/interval_recorder.h"

#include <atomic>
#include <cstdint>
#include <thread>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/histogram.h"

namespace hftbot::metrics {
namespace {

constexpr int64_t kHighest = 10'000'000'000;

// A fixed, spread-out value stream with an overflow every 997th value.
int64_t ValueAt(int64_t i) {
  if (i % 997 == 0) return kHighest + 1 + i;
  return 1 + (i * 7'919) % 5'000'000;
}

std::vector<std::tuple<int64_t, int64_t>> Buckets(const Histogram& h) {
  std::vector<std::tuple<int64_t, int64_t>> out;
  h.ForEachRecorded([&](int64_t lowest, int64_t, int64_t count) { out.emplace_back(lowest, count); });
  return out;
}

TEST(IntervalRecorderTest, EachIntervalHoldsOnlyItsOwnValues) {
  IntervalRecorder recorder(1, kHighest, 3);
  ASSERT_TRUE(recorder.Record(100));
  ASSERT_TRUE(recorder.RecordN(200, 2));
  EXPECT_FALSE(recorder.Record(kHighest + 1));
  Histogram first = recorder.TakeInterval();
  EXPECT_EQ(first.Count(), 3);
  EXPECT_EQ(first.OverflowCount(), 1);
  EXPECT_EQ(first.Min(), 100);
  EXPECT_EQ(first.Max(), 200);

  ASSERT_TRUE(recorder.RecordCorrected(1'000, 250));  // 1000, 750, 500, 250
  Histogram second(1, kHighest, 3);
  recorder.TakeIntervalInto(&second);
  EXPECT_EQ(second.Count(), 4);
  EXPECT_EQ(second.OverflowCount(), 0);
  EXPECT_EQ(second.Min(), 250);

  EXPECT_EQ(recorder.TakeInterval().Count(), 0);
}

TEST(IntervalRecorderTest, TakeIntervalIntoReusesTheTarget) {
  IntervalRecorder recorder(1, kHighest, 3);
  Histogram target(1, kHighest, 3);
  const size_t footprint = target.MemoryFootprintBytes();
  ASSERT_TRUE(recorder.Record(5));
  recorder.TakeIntervalInto(&target);
  EXPECT_EQ(target.Count(), 1);
  EXPECT_EQ(target.MemoryFootprintBytes(), footprint);
}

// The owner records a fixed stream while a reporter takes intervals as fast as it
// can: the intervals must add up to exactly the stream, no value lost or counted
// twice. Run under --config=tsan as well.
TEST(IntervalRecorderTest, SnapshotsUnderConcurrentRecordingLoseAndDuplicateNothing) {
  constexpr int64_t kValues = 1'000'000;
  IntervalRecorder recorder(1, kHighest, 3);
  std::atomic<bool> done{false};
  int64_t writer_overflows = 0;

  std::thread writer([&] {
    for (int64_t i = 0; i < kValues; ++i) {
      if (!recorder.Record(ValueAt(i))) ++writer_overflows;
    }
    done.store(true, std::memory_order_release);
  });

  Histogram total(1, kHighest, 3);
  Histogram interval(1, kHighest, 3);
  int intervals = 0;
  do {  // at least once, however the threads are scheduled
    recorder.TakeIntervalInto(&interval);
    EXPECT_EQ(total.Add(interval), 0);
    ++intervals;
  } while (!done.load(std::memory_order_acquire));
  writer.join();
  recorder.TakeIntervalInto(&interval);  // whatever the last interval held
  EXPECT_EQ(total.Add(interval), 0);

  Histogram expected(1, kHighest, 3);
  for (int64_t i = 0; i < kValues; ++i) std::ignore = expected.Record(ValueAt(i));

  EXPECT_EQ(total.Count() + total.OverflowCount(), kValues);
  EXPECT_EQ(total.Count(), expected.Count());
  EXPECT_EQ(total.OverflowCount(), expected.OverflowCount());
  EXPECT_EQ(total.OverflowCount(), writer_overflows);
  EXPECT_EQ(total.Min(), expected.Min());
  EXPECT_EQ(total.Max(), expected.Max());
  EXPECT_EQ(Buckets(total), Buckets(expected));
  RecordProperty("intervals", intervals);
}

// Two reporters at once also share the stream exactly.
TEST(IntervalRecorderTest, ConcurrentReportersShareTheStream) {
  constexpr int64_t kValues = 300'000;
  IntervalRecorder recorder(1, kHighest, 3);
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int64_t i = 0; i < kValues; ++i) std::ignore = recorder.Record(ValueAt(i));
    done.store(true, std::memory_order_release);
  });
  auto report = [&](Histogram* sum) {
    Histogram interval(1, kHighest, 3);
    while (!done.load(std::memory_order_acquire)) {
      recorder.TakeIntervalInto(&interval);
      sum->Add(interval);
    }
  };
  Histogram a(1, kHighest, 3), b(1, kHighest, 3);
  std::thread reporter_a(report, &a);
  std::thread reporter_b(report, &b);
  writer.join();
  reporter_a.join();
  reporter_b.join();
  a.Add(b);
  a.Add(recorder.TakeInterval());
  EXPECT_EQ(a.Count() + a.OverflowCount(), kValues);
}

}  // namespace
}  // namespace hftbot::metrics
