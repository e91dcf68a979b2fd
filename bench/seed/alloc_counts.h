// Allocation counts for the workloads that report them (trading_engine_sim and the
// counter-overhead probe). The figures come from //alloc:allocation_counter, which
// counts operator new/delete per thread identically under every allocator. It is
// linked only into //bench/seed:seed_bench_counted, so the timed suite
// (//bench/seed:seed_bench) pays nothing for it; there CountedTotals() is empty.
//
// Thread safety: any thread.

#ifndef HFTBOT_BENCH_SEED_ALLOC_COUNTS_H_
#define HFTBOT_BENCH_SEED_ALLOC_COUNTS_H_

#include <cstdint>
#include <optional>

namespace hftbot::seed {

// alloc::AllocationTotals, restated so the uncounted binary needs no header of a
// library it must not link (linking //alloc:allocation_counter replaces operator new).
struct CountTotals {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  uint64_t bytes_allocated = 0;
};

// Process-wide totals since start, or nothing when the counter is not linked.
std::optional<CountTotals> CountedTotals();

}  // namespace hftbot::seed

#endif  // HFTBOT_BENCH_SEED_ALLOC_COUNTS_H_
