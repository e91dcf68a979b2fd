// memory_monitor — the lesson's jemalloc statistics experiment, generalised to every
// allocator through //alloc:allocator's Stats() (each allocator's own figures):
//   history:     100 rounds, each keeping a vector of 10,000 doubles; every 10th round
//                a checkpoint, and beyond 50 vectors the oldest 25 are dropped;
//   mixed_sizes: for 64 B, 256 B, 1 KiB, 4 KiB, 16 KiB and 64 KiB, 1,000 zeroed
//                buffers are added, then the newest half of all buffers is freed
//                (the lesson's truncate), a checkpoint after each size.
// At every checkpoint (untimed) it reads allocated and resident bytes and computes
// fragmentation = (resident - allocated) / resident. A checkpoint above the warning
// threshold (HFTBOT_SEED_FRAG_WARN_PCT, default 30) that also wastes at least 8 MiB
// counts as a warning and is printed once to stderr: below that, the allocator's
// fixed start-up footprint alone makes the percentage large and meaningless. Counters: peak
// resident and allocated, fragmentation at the last checkpoint and its maximum, warnings per run;
// -1 where the allocator does not report a figure (mimalloc 2.0.9 keeps no allocated count).

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "alloc/allocator.h"
#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

constexpr double kMinWastedBytes = 8.0 * 1024 * 1024;

double WarningThresholdPct() {
  const char* text = std::getenv("HFTBOT_SEED_FRAG_WARN_PCT");
  return text != nullptr ? std::atof(text) : 30.0;
}

class Monitor {
 public:
  explicit Monitor(const char* phase) : phase_(phase), threshold_(WarningThresholdPct()) {}

  void Checkpoint(benchmark::State& state, std::size_t live_buffers) {
    state.PauseTiming();
    const alloc::MemoryStats stats = alloc::Stats();
    if (stats.resident)
      peak_resident_ = std::max(peak_resident_, static_cast<double>(*stats.resident));
    if (stats.allocated)
      peak_allocated_ = std::max(peak_allocated_, static_cast<double>(*stats.allocated));
    if (stats.fragmentation_pct) {
      last_fragmentation_ = *stats.fragmentation_pct;
      max_fragmentation_ = std::max(max_fragmentation_, *stats.fragmentation_pct);
      const double wasted =
          static_cast<double>(*stats.resident) - static_cast<double>(*stats.allocated);
      if (*stats.fragmentation_pct > threshold_ && wasted >= kMinWastedBytes) {
        ++warnings_;
        if (!printed_) {
          std::fprintf(stderr,
                       "WARNING: memory_monitor/%s: fragmentation %.1f%% > %.0f%%: %.1f MiB "
                       "resident for %.1f MiB "
                       "allocated (%zu buffers live)\n",
                       phase_, *stats.fragmentation_pct, threshold_,
                       static_cast<double>(*stats.resident) / 1048576,
                       static_cast<double>(*stats.allocated) / 1048576, live_buffers);
          printed_ = true;
        }
      }
    }
    ++checkpoints_;
    state.ResumeTiming();
  }

  void Report(benchmark::State& state) const {
    const bool fragmentation_known = max_fragmentation_ >= 0;
    state.counters["peak_resident_bytes"] = peak_resident_;
    state.counters["peak_allocated_bytes"] = peak_allocated_;
    state.counters["fragmentation_pct"] = fragmentation_known ? last_fragmentation_ : kNotReported;
    state.counters["max_fragmentation_pct"] =
        fragmentation_known ? max_fragmentation_ : kNotReported;
    state.counters["warning_threshold_pct"] = threshold_;
    state.counters["fragmentation_warnings"] =
        fragmentation_known
            ? static_cast<double>(warnings_) / static_cast<double>(state.iterations())
            : kNotReported;
    ReportPeakRss(state);
  }

 private:
  const char* phase_;
  double threshold_;
  double peak_resident_ = kNotReported;
  double peak_allocated_ = kNotReported;
  double last_fragmentation_ = kNotReported;
  double max_fragmentation_ = kNotReported;
  int64_t warnings_ = 0;
  int64_t checkpoints_ = 0;
  bool printed_ = false;
};

void BM_History(benchmark::State& state) {
  Monitor monitor("history");
  for (auto _ : state) {
    std::vector<std::vector<double>> data;
    for (int i = 0; i < 100; ++i) {
      std::vector<double> candles(10'000);
      for (std::size_t x = 0; x < candles.size(); ++x) candles[x] = static_cast<double>(x) * 0.001;
      data.push_back(std::move(candles));
      if (i % 10 == 0) {
        monitor.Checkpoint(state, data.size());
        if (data.size() > 50) data.erase(data.begin(), data.begin() + 25);
      }
    }
    monitor.Checkpoint(state, data.size());
    benchmark::DoNotOptimize(data.data());
  }
  monitor.Report(state);
}

void BM_MixedSizes(benchmark::State& state) {
  Monitor monitor("mixed_sizes");
  for (auto _ : state) {
    std::vector<std::vector<uint8_t>> buffers;
    for (std::size_t size : {64, 256, 1024, 4096, 16384, 65536}) {
      for (int i = 0; i < 1000; ++i) buffers.emplace_back(size);
      monitor.Checkpoint(state, buffers.size());
      buffers.resize(buffers.size() / 2);
    }
    monitor.Checkpoint(state, buffers.size());
    benchmark::DoNotOptimize(buffers.data());
  }
  monitor.Report(state);
}

}  // namespace

void RegisterMemoryMonitor(const SeedOptions& options) {
  benchmark::RegisterBenchmark("memory_monitor/history", BM_History)
      ->Iterations(IterationsFor(options, 5))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("memory_monitor/mixed_sizes", BM_MixedSizes)
      ->Iterations(IterationsFor(options, 5))
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
