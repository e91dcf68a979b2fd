// Counts C++ heap allocations (operator new / delete) made by this process, the
// same way under every allocator: allocation_counter.cc replaces the global
// operator new and delete, counts, and forwards to the definitions they replace
// (the allocator library's own operator new if it has one, else libstdc++'s, which
// calls malloc). Link //alloc:allocation_counter into a binary to enable it.
//
// Counting is per thread (one cache line per thread, written only by its owner), so
// it adds no contention; the cost is a thread-local increment and an indirect call
// per allocation (measured in bench/, stated in the README). C malloc calls are not
// counted: hftbot's own code allocates only through new.
//
// Thread safety: Totals() may be called from any thread at any time; the figures of
// other threads are read with relaxed loads and may lag by a few allocations.

#ifndef HFTBOT_ALLOC_ALLOCATION_COUNTER_H_
#define HFTBOT_ALLOC_ALLOCATION_COUNTER_H_

#include <cstdint>

namespace hftbot::alloc {

struct AllocationTotals {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  uint64_t bytes_allocated = 0;  // requested sizes
};

// Sum over all threads since process start. All zero when the counter is not linked.
AllocationTotals AllocationCounterTotals();

// True when //alloc:allocation_counter is linked into this binary.
bool AllocationCounterLinked();

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATION_COUNTER_H_
