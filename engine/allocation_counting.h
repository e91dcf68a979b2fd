// Test support for proofs that a path allocates nothing: reads the one operator new
// counter, //alloc:allocation_counter, which the test binary must link.
//
// Under a sanitizer (alloc/sanitizer.h) the sanitizer's operator new may precede the
// counting one, so counts mean nothing and tests skip naming it; without one, a
// counter that sees no allocation is a defect and the proof fails instead.
//
// Thread safety: callable from any thread; counts are process-wide totals.

#ifndef HFTBOT_ENGINE_ALLOCATION_COUNTING_H_
#define HFTBOT_ENGINE_ALLOCATION_COUNTING_H_

#include <cstdint>
#include <new>
#include <string>

#include "alloc/allocation_counter.h"
#include "alloc/sanitizer.h"

namespace hftbot::engine::testing {

// Calls to the global operator new since the program started.
inline uint64_t AllocationCount() { return alloc::AllocationCounterTotals().allocations; }

// Empty when counts can be trusted; otherwise the reason, for GTEST_SKIP.
inline std::string AllocationCountingUnavailable() {
  const uint64_t before = AllocationCount();
  // A direct call, not a new-expression, so the compiler may not elide it.
  ::operator delete(::operator new(16));
  if (AllocationCount() != before || alloc::kSanitizerOwningMalloc == nullptr) return {};
  return std::string(alloc::kSanitizerOwningMalloc) +
         "'s operator new precedes the counting one in this test binary";
}

}  // namespace hftbot::engine::testing

#endif  // HFTBOT_ENGINE_ALLOCATION_COUNTING_H_
