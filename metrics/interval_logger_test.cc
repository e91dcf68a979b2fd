#include "metrics/interval_logger.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"
#include "metrics/hlog_testing.h"
#include "metrics/hlog_writer.h"
#include "metrics/interval_recorder.h"

namespace hftbot::metrics {
namespace {

constexpr int64_t kHighest = 10'000'000'000;
constexpr int64_t kStartNs = 5'000'000'000;  // an arbitrary Clock reading at StartTime
constexpr int64_t kSecond = 1'000'000'000;

std::vector<HlogEntry> ReadAll(std::istream& in) {
  HlogReader reader(&in, "memory.hlog");
  std::vector<HlogEntry> entries;
  while (std::optional<HlogEntry> entry = reader.Next()) entries.push_back(std::move(*entry));
  return entries;
}

TEST(IntervalLoggerTest, OneLinePerStageAndIntervalWithRecordersMerged) {
  std::stringstream log;
  HlogWriter writer(&log, "memory.hlog", 1'700'000'000.0, {"engine_service", "queue_wait"});
  IntervalRecorder engine0(1, kHighest, 3), engine1(1, kHighest, 3), queue(1, kHighest, 3);
  IntervalLogger logger(&writer, kStartNs);
  logger.AddRecorder("engine_service", &engine0);
  logger.AddRecorder("queue_wait", &queue);
  logger.AddRecorder("engine_service", &engine1);

  Histogram engine_first(1, kHighest, 3), queue_first(1, kHighest, 3);
  for (int64_t v = 1; v <= 1'000; ++v) {
    ASSERT_TRUE(engine0.Record(v * 10));
    ASSERT_TRUE(engine1.Record(v * 1'000));
    ASSERT_TRUE(queue.Record(v));
    ASSERT_TRUE(engine_first.Record(v * 10));
    ASSERT_TRUE(engine_first.Record(v * 1'000));
    ASSERT_TRUE(queue_first.Record(v));
  }
  ASSERT_TRUE(logger.LogInterval(kStartNs + kSecond));
  ASSERT_TRUE(engine1.Record(kHighest));
  Histogram engine_second(1, kHighest, 3);
  ASSERT_TRUE(engine_second.Record(kHighest));
  ASSERT_TRUE(logger.LogInterval(kStartNs + 2 * kSecond + kSecond / 2));
  ASSERT_TRUE(logger.LogInterval(kStartNs + 3 * kSecond));  // nothing recorded
  ASSERT_TRUE(writer.Close());

  const std::vector<HlogEntry> entries = ReadAll(log);
  ASSERT_EQ(entries.size(), 6u);
  const Histogram empty(1, kHighest, 3);
  const struct {
    const char* tag;
    double start_s, length_s;
    const Histogram* counts;
  } expected[] = {
      {"engine_service", 0.0, 1.0, &engine_first}, {"queue_wait", 0.0, 1.0, &queue_first},
      {"engine_service", 1.0, 1.5, &engine_second}, {"queue_wait", 1.0, 1.5, &empty},
      {"engine_service", 2.5, 0.5, &empty},        {"queue_wait", 2.5, 0.5, &empty},
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(entries[i].tag, expected[i].tag);
    EXPECT_DOUBLE_EQ(entries[i].start_s, expected[i].start_s);
    EXPECT_DOUBLE_EQ(entries[i].length_s, expected[i].length_s);
    ExpectSameCounts(entries[i].histogram, *expected[i].counts);
  }
}

TEST(IntervalLoggerTest, AWriteFailureIsReturned) {
  std::ostringstream out;
  HlogWriter writer(&out, "full.hlog", 0.0, {"a"});
  out.setstate(std::ios::badbit);  // the stream fails after the header, as on a full disk
  IntervalRecorder recorder(1, kHighest, 3);
  IntervalLogger logger(&writer, kStartNs);
  logger.AddRecorder("a", &recorder);
  ASSERT_TRUE(recorder.Record(5));
  EXPECT_FALSE(logger.LogInterval(kStartNs + kSecond));
  EXPECT_EQ(writer.error(), "full.hlog: writing an interval failed");
}

// Two hot threads record a fixed stream each while the sampling thread logs
// intervals as fast as it can: every value lands in exactly one line. Run under TSan.
TEST(IntervalLoggerTest, ConcurrentRecordingLosesNothing) {
  constexpr int kThreads = 2;
  constexpr int64_t kValuesPerThread = 200'000;
  std::stringstream log;
  HlogWriter writer(&log, "memory.hlog", 0.0, {"engine_service"});
  std::vector<std::unique_ptr<IntervalRecorder>> recorders;
  IntervalLogger logger(&writer, 0);
  for (int t = 0; t < kThreads; ++t) {
    recorders.push_back(std::make_unique<IntervalRecorder>(1, kHighest, 3));
    logger.AddRecorder("engine_service", recorders.back().get());
  }
  // Relaxed: these only pace the threads; the values travel through IntervalRecorder.
  std::atomic<int> running{kThreads};
  std::atomic<int> intervals_logged{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      IntervalRecorder& recorder = *recorders[static_cast<size_t>(t)];
      for (int64_t i = 0; i < kValuesPerThread; ++i) {
        // Half way, wait for the sampler's first interval, so that recording and
        // logging overlap however the threads are scheduled.
        if (i == kValuesPerThread / 2) {
          while (intervals_logged.load(std::memory_order_relaxed) == 0) std::this_thread::yield();
        }
        EXPECT_TRUE(recorder.Record(1 + (i * 7'919 + t) % 5'000'000));
      }
      running.fetch_sub(1, std::memory_order_relaxed);
    });
  }
  int64_t now = 0;
  do {
    EXPECT_TRUE(logger.LogInterval(now += 1'000'000));
    intervals_logged.fetch_add(1, std::memory_order_relaxed);
  } while (running.load(std::memory_order_relaxed) > 0);
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(logger.LogInterval(now += 1'000'000));
  ASSERT_TRUE(writer.Close());

  Histogram all(1, kHighest, 3);
  for (int t = 0; t < kThreads; ++t) {
    for (int64_t i = 0; i < kValuesPerThread; ++i) ASSERT_TRUE(all.Record(1 + (i * 7'919 + t) % 5'000'000));
  }
  Histogram logged(1, kHighest, 3);
  const std::vector<HlogEntry> entries = ReadAll(log);
  for (const HlogEntry& entry : entries) EXPECT_EQ(logged.Add(entry.histogram), 0);
  ExpectSameCounts(logged, all);
}

}  // namespace
}  // namespace hftbot::metrics
