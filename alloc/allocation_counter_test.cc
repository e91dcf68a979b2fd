#include "alloc/allocation_counter.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "alloc/allocator.h"
#include "alloc/sanitizer.h"
#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

struct Payload {
  char bytes[200];
};

// True when a fresh operator new reaches the counting replacement.
bool CounterSeesNew() {
  const AllocationTotals before = AllocationCounterTotals();
  void* p = ::operator new(16);  // a direct call: the compiler may not elide it
  ::operator delete(p);
  return AllocationCounterTotals().allocations != before.allocations;
}

// In a dynamically linked test the sanitizer runtime's operator new precedes ours
// (alloc/sanitizer.h). Skips only then: without a sanitizer a silent counter fails.
#define SKIP_IF_SANITIZER_OWNS_NEW()                                                      \
  do {                                                                                    \
    if (kSanitizerOwningMalloc != nullptr && !CounterSeesNew()) {                         \
      GTEST_SKIP() << kSanitizerOwningMalloc                                              \
                   << "'s operator new precedes the counting one in this test binary";    \
    }                                                                                     \
  } while (0)

TEST(AllocationCounterTest, IsLinked) { EXPECT_TRUE(AllocationCounterLinked()); }

TEST(AllocationCounterTest, CountsEveryNewAndDelete) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  AllocationTotals before = AllocationCounterTotals();
  std::vector<std::unique_ptr<Payload>> held;
  held.reserve(1000);  // one allocation
  for (int i = 0; i < 1000; ++i) held.push_back(std::make_unique<Payload>());
  AllocationTotals during = AllocationCounterTotals();
  EXPECT_EQ(during.allocations - before.allocations, 1001u);
  EXPECT_GE(during.bytes_allocated - before.bytes_allocated, 1000u * sizeof(Payload));
  held.clear();
  held.shrink_to_fit();
  AllocationTotals after = AllocationCounterTotals();
  EXPECT_EQ(after.deallocations - before.deallocations, 1001u);
}

TEST(AllocationCounterTest, CountsArraysAndAlignedAllocations) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  AllocationTotals before = AllocationCounterTotals();
  // volatile: the optimizer may otherwise elide an unused new/delete pair.
  int* volatile array = new int[64];
  struct alignas(128) Wide {
    char c[256];
  };
  Wide* volatile wide = new Wide;
  EXPECT_EQ(reinterpret_cast<uintptr_t>(wide) % 128, 0u);
  delete wide;
  delete[] array;
  AllocationTotals after = AllocationCounterTotals();
  EXPECT_EQ(after.allocations - before.allocations, 2u);
  EXPECT_EQ(after.deallocations - before.deallocations, 2u);
}

TEST(AllocationCounterTest, CountsAcrossThreadsAndKeepsFinishedThreads) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  AllocationTotals before = AllocationCounterTotals();
  std::vector<Payload*> handoff(500);
  std::thread producer([&] {
    for (auto& p : handoff) p = new Payload;
  });
  producer.join();
  std::thread consumer([&] {
    for (auto* p : handoff) delete p;
  });
  consumer.join();
  AllocationTotals after = AllocationCounterTotals();
  // std::thread itself allocates its state once per thread.
  EXPECT_GE(after.allocations - before.allocations, 500u);
  EXPECT_LE(after.allocations - before.allocations, 510u);
  EXPECT_GE(after.deallocations - before.deallocations, 500u);
}

TEST(AllocationCounterTest, ForwardsToTheSelectedAllocator) {
  if (kSanitizerOwningMalloc != nullptr) {
    GTEST_SKIP() << kSanitizerOwningMalloc << " replaces the allocator in this build";
  }
  // The counting operator new must still hand out the selected allocator's memory.
  ActiveCheck check = CheckActive();
  EXPECT_TRUE(check.active);
}

}  // namespace
}  // namespace hftbot::alloc
