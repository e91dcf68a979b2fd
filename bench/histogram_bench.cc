// What measuring costs: Histogram::Record on a realistic latency stream,
// IntervalRecorder::Record, percentile queries, and Clock::NowNs against its peers
// (steady_clock, clock_gettime, bare rdtsc). Targets: <= 3 ns per Record and
// <= 10 ns per clock read. The thread is pinned to the last CPU.
//
// The cost of one more latency point in the pipeline (issue "Latency that sees the
// allocator"): BM_LatencyPoint, one Clock::NowNs() plus one Record of the time since
// an event's timestamp; BM_ClockNowNs alone is the clock read, BM_RawRdtsc the TSC
// read inside it.
//
//   bazel run //bench:histogram_bench --//alloc=system
//   bazel run //bench:histogram_bench -- --benchmark_filter='Clock|Rdtsc|LatencyPoint'

#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "metrics/clock.h"
#include "metrics/histogram.h"
#include "metrics/interval_recorder.h"

namespace hftbot::metrics {
namespace {

constexpr int64_t kHour = 3'600'000'000'000;  // ns

// Tick-to-order latencies as the bot sees them: log-normal around 20 µs with a
// heavy tail (sigma 1.2), fixed seed. 16 Ki values (128 KB) stay in L2, like a hot loop's.
const std::vector<int64_t>& LatencyStream() {
  static const std::vector<int64_t> values = [] {
    std::mt19937_64 rng(20261122);
    std::lognormal_distribution<double> dist(std::log(20'000.0), 1.2);
    std::vector<int64_t> v(16 * 1024);
    for (auto& x : v) x = 1 + static_cast<int64_t>(dist(rng));
    return v;
  }();
  return values;
}

benchmark::Counter PerItem(size_t items) {
  return benchmark::Counter(static_cast<double>(items),
                            benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_HistogramRecord(benchmark::State& state) {
  const std::vector<int64_t>& values = LatencyStream();
  Histogram h(1, kHour, static_cast<int>(state.range(0)));
  int64_t overflows = 0;
  for (auto _ : state) {
    for (int64_t v : values) overflows += !h.Record(v);
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(overflows);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
  state.counters["s_per_record"] = PerItem(values.size());
}
BENCHMARK(BM_HistogramRecord)->Arg(2)->Arg(3)->Arg(4);

void BM_IntervalRecorderRecord(benchmark::State& state) {
  const std::vector<int64_t>& values = LatencyStream();
  IntervalRecorder recorder(1, kHour, 3);
  int64_t overflows = 0;
  for (auto _ : state) {
    for (int64_t v : values) overflows += !recorder.Record(v);
  }
  benchmark::DoNotOptimize(overflows);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
  state.counters["s_per_record"] = PerItem(values.size());
}
BENCHMARK(BM_IntervalRecorderRecord);

void BM_HistogramRecordCorrected(benchmark::State& state) {
  const std::vector<int64_t>& values = LatencyStream();
  Histogram h(1, kHour, 3);
  int64_t overflows = 0;
  for (auto _ : state) {
    // 1 ms expected interval: only the tail (> 1 ms) synthesises extra values.
    for (int64_t v : values) overflows += !h.RecordCorrected(v, 1'000'000);
  }
  benchmark::DoNotOptimize(overflows);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(values.size()));
  state.counters["s_per_record"] = PerItem(values.size());
}
BENCHMARK(BM_HistogramRecordCorrected);

Histogram FilledHistogram() {
  Histogram h(1, kHour, 3);
  const std::vector<int64_t>& values = LatencyStream();
  for (int i = 0; i < 64; ++i) {
    for (int64_t v : values) benchmark::DoNotOptimize(h.Record(v + i));
  }
  return h;
}

void BM_ValueAtPercentile(benchmark::State& state) {
  const Histogram h = FilledHistogram();
  const double p = static_cast<double>(state.range(0)) / 1000.0;
  for (auto _ : state) benchmark::DoNotOptimize(h.ValueAtPercentile(p));
  state.SetLabel("p" + std::to_string(p) + ", " + std::to_string(h.CountsLength()) + " counts");
}
BENCHMARK(BM_ValueAtPercentile)->Arg(50'000)->Arg(99'990);

void BM_Summarize(benchmark::State& state) {
  const Histogram h = FilledHistogram();
  for (auto _ : state) benchmark::DoNotOptimize(h.Summarize());
}
BENCHMARK(BM_Summarize);

void BM_ClockNowNs(benchmark::State& state) {
  const Clock& clock = DefaultClock();
  for (auto _ : state) benchmark::DoNotOptimize(clock.NowNs());
  state.SetLabel(clock.Source());
}
BENCHMARK(BM_ClockNowNs);

void BM_ClockNowNsSteadyFallback(benchmark::State& state) {
  static const Clock clock(ClockSource::kSteadyClock);
  for (auto _ : state) benchmark::DoNotOptimize(clock.NowNs());
}
BENCHMARK(BM_ClockNowNsSteadyFallback);

void BM_SteadyClockNow(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(std::chrono::steady_clock::now());
}
BENCHMARK(BM_SteadyClockNow);

void BM_ClockGettimeMonotonic(benchmark::State& state) {
  timespec ts;
  for (auto _ : state) {
    clock_gettime(CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(BM_ClockGettimeMonotonic);

#if HFTBOT_METRICS_HAVE_TSC
void BM_RawRdtsc(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(__rdtsc());
}
BENCHMARK(BM_RawRdtsc);
#endif

// A latency point as the pipeline takes it: read the clock, record the difference.
void BM_ClockAndRecord(benchmark::State& state) {
  const Clock& clock = DefaultClock();
  Histogram h(1, kHour, 3);
  int64_t start = clock.NowNs();
  int64_t overflows = 0;
  for (auto _ : state) {
    const int64_t now = clock.NowNs();
    overflows += !h.Record(now - start);
    start = now;
  }
  benchmark::DoNotOptimize(overflows);
}
BENCHMARK(BM_ClockAndRecord);

// One extra latency point as a stage takes it: read the clock, record the time since
// the event's timestamp. Timestamps lie a realistic latency in the past (the
// log-normal stream), so the values spread over buckets as the pipeline's do.
void BM_LatencyPoint(benchmark::State& state) {
  const Clock& clock = DefaultClock();
  const std::vector<int64_t>& latencies = LatencyStream();
  std::vector<int64_t> event_timestamps(latencies.size());
  Histogram h(1, kHour, 3);
  int64_t overflows = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const int64_t now = clock.NowNs();
    for (size_t i = 0; i < latencies.size(); ++i) event_timestamps[i] = now - latencies[i];
    state.ResumeTiming();
    for (int64_t t0 : event_timestamps) overflows += !h.Record(clock.NowNs() - t0);
  }
  benchmark::DoNotOptimize(overflows);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(latencies.size()));
  state.counters["s_per_point"] = PerItem(latencies.size());
  state.SetLabel(clock.Source());
}
BENCHMARK(BM_LatencyPoint);

void PinToLastCpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  CPU_SET(static_cast<int>(cpus - 1), &set);
  const bool pinned = pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
  benchmark::AddCustomContext("pinned_cpu", pinned ? std::to_string(cpus - 1) : "no");
}

}  // namespace
}  // namespace hftbot::metrics

int main(int argc, char** argv) {
  using hftbot::metrics::DefaultClock;
  hftbot::metrics::PinToLastCpu();
  const auto& clock = DefaultClock();
  benchmark::AddCustomContext("clock_source", clock.Source());
  benchmark::AddCustomContext("clock_reason", clock.Reason());
  benchmark::AddCustomContext("clock_read_cost_ns", std::to_string(clock.ReadCostNs()));
  benchmark::AddCustomContext("tsc_hz", std::to_string(clock.Calibration().ticks_per_second));
  benchmark::AddCustomContext("tsc_calibration_error_ppm", std::to_string(clock.Calibration().error_ppm));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
