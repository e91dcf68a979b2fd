#include "alloc/adaptive_resource.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <thread>
#include <vector>

#include "alloc/resource_registry.h"
#include "alloc/time_source.h"
#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

constexpr int64_t kMs = 1'000'000;

AdaptiveOptions SmallOptions() {
  AdaptiveOptions o;
  o.enter_burst_load = 50'000;
  o.leave_burst_load = 20'000;
  o.calm_after_ns = 100 * kMs;
  o.region_bytes = 4u << 20;
  o.slab_bytes = 64u << 10;
  o.max_block_bytes = 4096;
  o.retain_bytes = 256u << 10;  // 4 slabs
  o.decay_ns = 1000 * kMs;
  return o;
}

struct Step {
  int64_t duration_ms;
  double load;
};

// Feeds `load` once per millisecond for `duration_ms`.
void Play(AdaptiveResource& resource, FakeTimeSource& time, const Step& step) {
  for (int64_t i = 0; i < step.duration_ms; ++i) {
    resource.ObserveLoad(step.load);
    time.AdvanceNs(kMs);
  }
}

TEST(AdaptiveResourceTest, SwitchesOnASyntheticTraceWithHysteresis) {
  FakeTimeSource time;
  ResourceRegistry registry;
  AdaptiveResource adaptive(registry.Get("default"), SmallOptions(), time);
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  Play(adaptive, time, {1000, 1'000});     // calm
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  Play(adaptive, time, {500, 80'000});     // burst
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kBurst);
  Play(adaptive, time, {300, 30'000});     // inside the band: stays burst
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kBurst);
  Play(adaptive, time, {99, 10'000});      // low, but not for calm_after yet
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kBurst);
  Play(adaptive, time, {1, 45'000});       // a blip above leave_burst_load restarts the wait
  Play(adaptive, time, {99, 10'000});
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kBurst);
  Play(adaptive, time, {2, 10'000});       // 100 ms low: calm
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  Play(adaptive, time, {200, 49'999});     // below enter: stays calm
  EXPECT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  AdaptiveStats stats = adaptive.AdaptiveStatistics();
  EXPECT_EQ(stats.switches_to_burst, 1u);
  EXPECT_EQ(stats.switches_to_calm, 1u);
  // Time is charged to the mode in force between samples: the burst ran from the first
  // 80k sample to the sample that ended it (500 + 300 + 99 + 1 + 99 + 2 - 1 ms... the
  // switching sample's interval still counts as burst).
  EXPECT_EQ(stats.burst_ns, (500 + 300 + 99 + 1 + 99 + 1) * kMs);
  EXPECT_EQ(stats.calm_ns + stats.burst_ns, (1000 + 500 + 300 + 99 + 1 + 99 + 2 + 200 - 1) * kMs);
}

TEST(AdaptiveResourceTest, BurstsAreServedByTheRegionCalmByTheBacking) {
  FakeTimeSource time;
  ResourceRegistry registry;
  AdaptiveResource adaptive(registry.Get("default"), SmallOptions(), time);
  std::vector<void*> calm_blocks, burst_blocks;
  for (int i = 0; i < 10; ++i) calm_blocks.push_back(adaptive.allocate(48));
  adaptive.ObserveLoad(100'000);
  for (int i = 0; i < 100; ++i) burst_blocks.push_back(adaptive.allocate(48));
  void* large = adaptive.allocate(8192);  // above max_block_bytes: a miss
  void* aligned = adaptive.allocate(100, 256);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(aligned) % 256, 0u);
  AdaptiveStats stats = adaptive.AdaptiveStatistics();
  EXPECT_EQ(stats.calm_allocations, 10u);
  EXPECT_EQ(stats.hits, 101u);
  EXPECT_EQ(stats.misses, 1u);
  for (void* p : burst_blocks) EXPECT_EQ(adaptive.Owns(p), Ownership::kOwned);
  EXPECT_EQ(registry.Get("pool").Owns(burst_blocks[0]), Ownership::kNotOwned);
  // Blocks are freed to whichever backing served them, in any mode.
  adaptive.ObserveLoad(0);
  time.AdvanceNs(200 * kMs);
  adaptive.ObserveLoad(0);
  ASSERT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  for (void* p : burst_blocks) adaptive.deallocate(p, 48);
  for (void* p : calm_blocks) adaptive.deallocate(p, 48);
  adaptive.deallocate(large, 8192);
  adaptive.deallocate(aligned, 100, 256);
  ResourceStats counts = adaptive.Stats();
  EXPECT_EQ(counts.allocations, 112u);
  EXPECT_EQ(counts.deallocations, 112u);
  EXPECT_EQ(counts.live_bytes(), 0u);
  EXPECT_EQ(registry.Get("default").Stats().live_bytes(), 0u);
}

bool Resident(const void* p, std::size_t bytes) {
  const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> pages((bytes + page - 1) / page);
  mincore(const_cast<void*>(p), bytes, pages.data());
  for (unsigned char v : pages) {
    if ((v & 1) == 0) return false;
  }
  return true;
}

// A burst touches 2 MiB of slabs; once calm and idle for decay_ms they are returned
// (mincore shows them gone) down to retain_mib, and not before decay_ms.
TEST(AdaptiveResourceTest, CalmReturnsIdleSlabsAfterDecay) {
  FakeTimeSource time;
  ResourceRegistry registry;
  AdaptiveOptions options = SmallOptions();
  AdaptiveResource adaptive(registry.Get("default"), options, time);
  adaptive.ObserveLoad(100'000);
  std::vector<void*> blocks;
  for (int i = 0; i < 512; ++i) {
    void* p = adaptive.allocate(4096);
    std::memset(p, 7, 4096);
    blocks.push_back(p);
  }
  const uint64_t touched = adaptive.AdaptiveStatistics().region_slabs_resident;
  EXPECT_GE(touched, 32u);  // 2 MiB of 64 KiB slabs
  for (void* p : blocks) adaptive.deallocate(p, 4096);
  Play(adaptive, time, {150, 0});
  ASSERT_EQ(adaptive.mode(), AdaptiveMode::kCalm);
  Play(adaptive, time, {500, 0});  // idle 650 ms < decay_ms
  EXPECT_EQ(adaptive.AdaptiveStatistics().region_slabs_resident, touched);
  EXPECT_TRUE(Resident(blocks[100], 4096));
  Play(adaptive, time, {600, 0});
  AdaptiveStats stats = adaptive.AdaptiveStatistics();
  EXPECT_EQ(stats.region_slabs_resident, options.retain_bytes / options.slab_bytes);
  EXPECT_GE(stats.bytes_returned, (touched - 4) * options.slab_bytes);
  std::size_t returned_pages = 0;
  for (void* p : blocks) returned_pages += Resident(p, 4096) ? 0 : 1;
  EXPECT_GE(returned_pages, (touched - 4) * 16);
  // The region still works after returning memory.
  adaptive.ObserveLoad(100'000);
  void* again = adaptive.allocate(4096);
  std::memset(again, 1, 4096);
  adaptive.deallocate(again, 4096);
}

TEST(AdaptiveResourceTest, SlabsAreRecycledAcrossThreads) {
  FakeTimeSource time;
  ResourceRegistry registry;
  AdaptiveResource adaptive(registry.Get("default"), SmallOptions(), time);
  adaptive.ObserveLoad(100'000);
  // 20 rounds of 1 MiB allocated on one thread and freed on another: without slab
  // recycling the 4 MiB region would run out after 4 rounds and allocations would miss.
  for (int round = 0; round < 20; ++round) {
    std::vector<void*> blocks(256);
    std::thread producer([&] {
      for (void*& p : blocks) p = adaptive.allocate(4096);
    });
    producer.join();
    std::thread consumer([&] {
      for (void* p : blocks) adaptive.deallocate(p, 4096);
    });
    consumer.join();
  }
  AdaptiveStats stats = adaptive.AdaptiveStatistics();
  EXPECT_EQ(stats.misses, 0u);
  EXPECT_EQ(stats.hits, 20u * 256);
  EXPECT_LE(stats.region_slabs_in_use, 1u);  // at most each class's current slab
}

TEST(AdaptiveResourceTest, OptionsAreValidatedWithTheirKeys) {
  AdaptiveOptions o = SmallOptions();
  EXPECT_FALSE(ValidateAdaptiveOptions(o).has_value());
  o.leave_burst_load = o.enter_burst_load;
  EXPECT_NE(ValidateAdaptiveOptions(o).value_or("").find("leave_burst_load"), std::string::npos);
  o = SmallOptions();
  o.slab_bytes = 3000;
  EXPECT_NE(ValidateAdaptiveOptions(o).value_or("").find("slab_kib"), std::string::npos);
  o = SmallOptions();
  o.retain_bytes = o.region_bytes * 2;
  EXPECT_NE(ValidateAdaptiveOptions(o).value_or("").find("retain_mib"), std::string::npos);
  o = SmallOptions();
  o.region_bytes = o.slab_bytes + 1;
  EXPECT_NE(ValidateAdaptiveOptions(o).value_or("").find("region_mib"), std::string::npos);
  FakeTimeSource time;
  ResourceRegistry registry;
  o.calm_after_ns = -1;
  EXPECT_THROW(AdaptiveResource(registry.Get("default"), o, time), std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::alloc
