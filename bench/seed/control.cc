// control — the machine, not the allocator: N threads (1, 2, 4, 8) each run a fixed
// integer loop that never allocates, spawned inside the timed region like the
// multi-threaded workloads; wall time. The regression guard divides the wall-time
// cases of a run by this drift (co-tenant load on a shared machine), as it divides
// the CPU-time cases by the object_pool/pool drift. Not ranked, no table row.

#include <cstdint>
#include <thread>
#include <vector>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

uint64_t Spin(uint64_t seed) {
  uint64_t x = seed | 1;
  for (int i = 0; i < 2'000'000; ++i) {  // about 2 ms: as long as a market_data thread
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

void BM_Spin(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<uint64_t> results(threads);
    std::vector<std::thread> workers;
    for (std::size_t t = 0; t < threads; ++t) {
      workers.emplace_back([&results, t] { results[t] = Spin(t + 1); });
    }
    for (auto& worker : workers) worker.join();
    benchmark::DoNotOptimize(results.data());
  }
  ReportPeakRss(state);
}

}  // namespace

void RegisterControl(const SeedOptions& options) {
  benchmark::RegisterBenchmark("control/spin", BM_Spin)
      ->ArgName("threads")
      ->RangeMultiplier(2)
      ->Range(1, 8)
      ->Iterations(IterationsFor(options, 3))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
