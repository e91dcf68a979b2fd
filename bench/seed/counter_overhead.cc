// counter_overhead — what //alloc:allocation_counter costs: one operator new and
// delete of 64 bytes, in a loop. //bench/seed:seed_bench measures the bare pair;
// //bench/seed:seed_bench_counted the same pair through the counting forwarders.
// The runner reports the difference per allocator as the counter's overhead.

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

struct Block {
  char bytes[64];
};

void BM_NewDelete64(benchmark::State& state) {
  for (auto _ : state) {
    Block* block = new Block;
    benchmark::DoNotOptimize(block);
    delete block;
  }
  ReportPeakRss(state);
}

}  // namespace

void RegisterCounterOverhead(const SeedOptions& options) {
  benchmark::RegisterBenchmark("counter_overhead/new_delete_64", BM_NewDelete64)
      ->Iterations(options.quick ? 200'000 : 2'000'000)
      ->Unit(benchmark::kNanosecond);
}

}  // namespace hftbot::seed
