// Test support for proofs that a path allocates nothing: reads the one operator new
// counter, //alloc:allocation_counter, which the test binary must link.
//
// Under a sanitizer (alloc/sanitizer.h) the sanitizer's operator new may precede the
// counting one, so counts mean nothing and tests skip naming it; without one, a
// counter that sees no allocation is a defect and the proof fails instead.
//
// CountingResource and ComponentAllocations check where allocations land: a component
// memory resource's calls against the operator new calls made under that component.
//
// Thread safety: callable from any thread; counts are process-wide totals.
// CountingResource is not thread-safe (one engine's component).

#ifndef HFTBOT_ENGINE_ALLOCATION_COUNTING_H_
#define HFTBOT_ENGINE_ALLOCATION_COUNTING_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <new>
#include <string>

#include "alloc/allocation_counter.h"
#include "alloc/component.h"
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

// Counts what passes through it and forwards to the new/delete resource, so each of
// its allocations is also one operator new call under the current component.
class CountingResource : public std::pmr::memory_resource {
 public:
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  size_t live_bytes = 0;

 private:
  void* do_allocate(size_t bytes, size_t alignment) override {
    ++allocations;
    live_bytes += bytes;
    return std::pmr::new_delete_resource()->allocate(bytes, alignment);
  }
  void do_deallocate(void* p, size_t bytes, size_t alignment) override {
    ++deallocations;
    live_bytes -= bytes;
    std::pmr::new_delete_resource()->deallocate(p, bytes, alignment);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

// Operator new calls made under each component since construction.
class ComponentAllocations {
 public:
  ComponentAllocations() : before_(alloc::ComponentTotals()) {}
  uint64_t operator()(alloc::Component component) const {
    const auto index = static_cast<size_t>(component);
    return alloc::ComponentTotals()[index].allocations - before_[index].allocations;
  }

 private:
  std::array<alloc::AllocationTotals, alloc::kComponentCount> before_;
};

}  // namespace hftbot::engine::testing

#endif  // HFTBOT_ENGINE_ALLOCATION_COUNTING_H_
