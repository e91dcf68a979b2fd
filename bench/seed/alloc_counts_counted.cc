#include "alloc/allocation_counter.h"
#include "bench/seed/alloc_counts.h"

namespace hftbot::seed {

std::optional<CountTotals> CountedTotals() {
  const alloc::AllocationTotals totals = alloc::AllocationCounterTotals();
  return CountTotals{totals.allocations, totals.deallocations, totals.bytes_allocated};
}

}  // namespace hftbot::seed
