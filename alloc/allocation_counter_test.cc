#include "alloc/allocation_counter.h"

#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "alloc/allocator.h"
#include "alloc/component.h"
#include "alloc/process_probe.h"
#include "alloc/sanitizer.h"
#include "alloc/time_source.h"
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

// The dynamic linker must bind every object's operator new (libstdc++'s own calls
// included) to the counting one in the executable; if another definition wins, or
// ours is not exported, allocations made inside shared libraries go uncounted.
TEST(AllocationCounterTest, EveryObjectBindsOperatorNewToTheCounter) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  const std::string counter = ObjectContaining(CountingOperatorNewObject());
  ASSERT_FALSE(counter.empty());
  EXPECT_EQ(ProviderOf("_Znwm"), counter);
  EXPECT_EQ(ProviderOf("_ZdlPv"), counter);
  EXPECT_EQ(ProviderOf("_ZnwmSt11align_val_t"), counter);
}

TEST(AllocationCounterTest, CountsAllocationsMadeInsideLibstdcxx) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  AllocationTotals before = AllocationCounterTotals();
  {
    // basic_stringbuf::overflow and the string growth it calls live in libstdc++.so
    // (explicit instantiations), so the allocations are made from inside it.
    std::ostringstream out;
    for (int i = 0; i < 4096; ++i) out.put('x');
  }
  EXPECT_GE(AllocationCounterTotals().allocations - before.allocations, 3u);
}

struct Book48 {
  char bytes[48];
};
struct Strategy200 {
  char bytes[200];
};

AllocationTotals Delta(const AllocationTotals& after, const AllocationTotals& before) {
  return {after.allocations - before.allocations, after.deallocations - before.deallocations,
          after.bytes_allocated - before.bytes_allocated};
}

TEST(AllocationCounterTest, AttributesAllocationsToTheCurrentComponent) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  std::vector<Book48*> book;
  std::vector<Strategy200*> strategy;
  book.reserve(100);
  strategy.reserve(7);
  auto before = ComponentTotals();
  {
    ComponentScope scope(Component::kBook);
    for (int i = 0; i < 100; ++i) book.push_back(new Book48);
    {
      ComponentScope inner(Component::kStrategy);
      for (int i = 0; i < 7; ++i) strategy.push_back(new Strategy200);
    }
    for (Strategy200* s : strategy) delete s;  // freed while the book is current
  }
  {
    ComponentScope scope(Component::kRisk);
    for (Book48* b : book) delete b;
  }
  auto after = ComponentTotals();
  AllocationTotals b = Delta(after[static_cast<int>(Component::kBook)], before[static_cast<int>(Component::kBook)]);
  AllocationTotals s = Delta(after[static_cast<int>(Component::kStrategy)], before[static_cast<int>(Component::kStrategy)]);
  AllocationTotals r = Delta(after[static_cast<int>(Component::kRisk)], before[static_cast<int>(Component::kRisk)]);
  EXPECT_EQ(b.allocations, 100u);
  EXPECT_EQ(b.bytes_allocated, 100u * sizeof(Book48));
  EXPECT_EQ(b.deallocations, 7u);
  EXPECT_EQ(s.allocations, 7u);
  EXPECT_EQ(s.bytes_allocated, 7u * sizeof(Strategy200));
  EXPECT_EQ(s.deallocations, 0u);
  EXPECT_EQ(r.allocations, 0u);
  EXPECT_EQ(r.deallocations, 100u);
}

// Known pattern under the profiler with fake time: 10 book blocks of 48 B live for
// 3 ms and are freed on another thread; 4 strategy blocks of 200 B are freed at once
// on the allocating thread; 2 feed blocks stay live.
TEST(AllocationCounterTest, ProfileOfAKnownPattern) {
  SKIP_IF_SANITIZER_OWNS_NEW();
  FakeTimeSource time(1'000'000'000);
  std::vector<Book48*> book(10);
  std::vector<Strategy200*> strategy(4);
  std::vector<std::unique_ptr<char[]>> feed;
  feed.reserve(2);
  ProfileOptions options;
  options.lifetime_sample_every = 1;
  options.stack_sample_every = 1;
  ASSERT_TRUE(StartProfiling(options, &time));
  EXPECT_FALSE(StartProfiling(options, &time));
  {
    ComponentScope scope(Component::kBook);
    for (auto& p : book) p = new Book48;
  }
  {
    ComponentScope scope(Component::kStrategy);
    for (auto& p : strategy) p = new Strategy200;
    for (auto* p : strategy) delete p;
  }
  {
    ComponentScope scope(Component::kFeed);
    for (int i = 0; i < 2; ++i) feed.emplace_back(new char[1000]);
  }
  time.AdvanceNs(3'000'000);
  std::thread consumer([&] {
    ComponentScope scope(Component::kExchange);
    for (auto* p : book) delete p;
  });
  consumer.join();
  StopProfiling();
  AllocationProfile profile = ProfileSnapshot();
  ASSERT_TRUE(profile.profiling);
  const ComponentProfile& b = profile.components[static_cast<int>(Component::kBook)];
  EXPECT_EQ(b.size_classes[SizeClassOf(48)], 10u);
  EXPECT_EQ(b.tracked_frees, 10u);
  EXPECT_EQ(b.cross_thread_frees, 10u);
  EXPECT_EQ(b.peak_live_bytes, 480u);
  EXPECT_EQ(b.live_bytes, 0u);
  EXPECT_EQ(b.lifetimes.Count(), 10u);
  EXPECT_EQ(b.lifetimes.QuantileNs(0.5), LifetimeHistogram::BucketMidpoint(LifetimeHistogram::BucketOf(3'000'000)));
  const ComponentProfile& s = profile.components[static_cast<int>(Component::kStrategy)];
  EXPECT_EQ(s.size_classes[SizeClassOf(200)], 4u);
  EXPECT_EQ(s.tracked_frees, 4u);
  EXPECT_EQ(s.cross_thread_frees, 0u);
  EXPECT_EQ(s.peak_live_bytes, 800u);
  EXPECT_EQ(s.lifetimes.QuantileNs(1.0), 0u);  // freed at the same fake instant
  const ComponentProfile& f = profile.components[static_cast<int>(Component::kFeed)];
  EXPECT_EQ(f.live_blocks, 2u);
  EXPECT_EQ(f.live_bytes, 2000u);
  // Every allocation was stack-sampled; each sample belongs to its component.
  uint64_t book_stacks = 0, strategy_stacks = 0;
  for (const StackSample& sample : profile.stacks) {
    if (sample.component == Component::kBook) book_stacks += sample.count;
    if (sample.component == Component::kStrategy) strategy_stacks += sample.count;
    EXPECT_FALSE(sample.frames.empty());
  }
  EXPECT_EQ(book_stacks, 10u);
  EXPECT_EQ(strategy_stacks, 4u);
}

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
