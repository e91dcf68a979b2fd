// What component profiling costs per operator new/delete pair of 64 B, against the
// always-on counting (profiling off), with lifetimes 1 in 64 and stacks 1 in 1024
// (the defaults), and with every stack sampled.
//
//   ./bazelw run //alloc:profile_overhead_benchmark -- --benchmark_repetitions=5

#include <benchmark/benchmark.h>

#include "alloc/allocation_counter.h"
#include "alloc/component.h"

namespace hftbot::alloc {
namespace {

struct Block {
  char bytes[64];
};

void NewDelete(benchmark::State& state) {
  ComponentScope scope(Component::kBook);
  for (auto _ : state) {
    Block* block = new Block;
    benchmark::DoNotOptimize(block);
    delete block;
  }
}

void BM_CountingOnly(benchmark::State& state) { NewDelete(state); }

void BM_Profiling(benchmark::State& state) {
  ProfileOptions options;
  options.stack_sample_every = static_cast<uint32_t>(state.range(0));
  StartProfiling(options);
  NewDelete(state);
  StopProfiling();
}

BENCHMARK(BM_CountingOnly);
BENCHMARK(BM_Profiling)->Arg(0)->Arg(1024)->Arg(1);

}  // namespace
}  // namespace hftbot::alloc

BENCHMARK_MAIN();
