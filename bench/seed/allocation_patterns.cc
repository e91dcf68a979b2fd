// allocation_patterns — the lesson's "benchmark for choosing the optimal allocator":
//   small:  50,000 boxes of 64 B, then every third index swap-removed (as the lesson's
//           step_by(3) loop over the shrinking vector);
//   medium: 10,000 buffers of 256 B to 4 KB (256 + i % 3840), the oldest freed first
//           until half remain. The lesson's Vec::remove(0) memmoves the whole vector
//           per free (O(n^2), it would time memmove, not the allocator); a deque frees
//           first-in-first-out without that;
//   large:  1,000 vectors of 1,000 doubles (historical candles);
//   create_use_destroy: 10,000 create-use-destroy cycles of a 128 B object per thread,
//           at 1, 2, 4 and 8 threads (Google Benchmark threads, wall time).
// Each timed region ends with everything freed.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

void BM_Small(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<std::unique_ptr<std::array<uint8_t, 64>>> items;
    for (std::size_t i = 0; i < count; ++i)
      items.push_back(std::make_unique<std::array<uint8_t, 64>>());
    for (std::size_t i = 0; i < count && !items.empty(); i += 3) {
      const std::size_t at = i < items.size() ? i : items.size() - 1;
      std::swap(items[at], items.back());
      items.pop_back();
    }
    benchmark::DoNotOptimize(items.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  ReportPeakRss(state);
}

void BM_Medium(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::deque<std::vector<uint8_t>> buffers;
    for (std::size_t i = 0; i < count; ++i) buffers.emplace_back(256 + i % 3840);
    while (buffers.size() > count / 2) buffers.pop_front();
    benchmark::DoNotOptimize(buffers.back().data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  ReportPeakRss(state);
}

void BM_Large(benchmark::State& state) {
  const auto count = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<std::vector<double>> data;
    for (std::size_t i = 0; i < count; ++i) data.emplace_back(1000, 0.0);
    std::erase_if(data, [](const std::vector<double>& v) { return v.size() <= 500; });
    benchmark::DoNotOptimize(data.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  ReportPeakRss(state);
}

struct Object128 {
  std::array<uint8_t, 128> bytes{};
};

void BM_CreateUseDestroy(benchmark::State& state) {
  constexpr int kCycles = 10'000;
  for (auto _ : state) {
    for (int i = 0; i < kCycles; ++i) {
      auto* order = new Object128;
      order->bytes[0] = static_cast<uint8_t>(i);
      benchmark::DoNotOptimize(order);
      delete order;
    }
  }
  state.SetItemsProcessed(state.iterations() * kCycles);
  if (state.thread_index() == 0) ReportPeakRss(state);
}

}  // namespace

void RegisterAllocationPatterns(const SeedOptions& options) {
  benchmark::RegisterBenchmark("allocation_patterns/small_64B", BM_Small)
      ->ArgName("count")
      ->Arg(50'000)
      ->Iterations(IterationsFor(options, 10))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("allocation_patterns/medium_256B_4KB", BM_Medium)
      ->ArgName("count")
      ->Arg(10'000)
      ->Iterations(IterationsFor(options, 10))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("allocation_patterns/large_1000_doubles", BM_Large)
      ->ArgName("count")
      ->Arg(1'000)
      ->Iterations(IterationsFor(options, 10))
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("allocation_patterns/create_use_destroy_128B", BM_CreateUseDestroy)
      ->ThreadRange(1, 8)
      ->Iterations(options.quick ? 5 : 100)
      ->UseRealTime()
      ->Unit(benchmark::kMicrosecond);
}

}  // namespace hftbot::seed
