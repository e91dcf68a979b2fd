// main() of the seed benchmark binaries: strips --quick, records which allocator
// serves this process (and whether allocations are counted) in the benchmark
// context, registers the binary's workloads and runs them.
//
//   bazel run //bench/seed:seed_bench --//alloc=jemalloc -- --benchmark_filter=order_book_ops
//   bazel run //bench/seed:report          # every workload under every allocator

#include <cstring>
#include <string>

#include "alloc/allocator.h"
#include "bench/seed/alloc_counts.h"
#include "bench/seed/seed_common.h"
#include "benchmark/benchmark.h"

int main(int argc, char** argv) {
  hftbot::seed::SeedOptions options;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--quick") == 0) {
      options.quick = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  const hftbot::alloc::AllocatorInfo info = hftbot::alloc::Info();
  benchmark::AddCustomContext("allocator", info.name);
  benchmark::AddCustomContext("allocator_version", info.version);
  benchmark::AddCustomContext("allocator_active", hftbot::alloc::IsActive() ? "yes" : "no");
  benchmark::AddCustomContext("allocation_counter",
                              hftbot::seed::CountedTotals() ? "linked" : "not linked");
  benchmark::AddCustomContext("seed_quick", options.quick ? "yes" : "no");
  hftbot::seed::RegisterSuite(options);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
