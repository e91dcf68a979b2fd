#include "alloc/allocation_recorder.h"

#include <execinfo.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <new>
#include <vector>

#include "alloc/malloc_allocator.h"

namespace hftbot::alloc {
namespace internal {

std::atomic<bool> g_profiling{false};

namespace {

// Static slots, never freed, so a finished thread's counts stay in the totals and no
// reader can see a dangling pointer. Threads beyond kSlots share the last slot (its
// owner-only increments may then lose counts; 512 threads is far beyond hftbot).
constexpr int kSlots = 512;
ThreadCounters g_slots[kSlots];
// relaxed: slots only need to be distinct, nothing is published through the index.
std::atomic<int> g_next_slot{0};

int UsedSlots() { return std::min(g_next_slot.load(std::memory_order_relaxed), kSlots); }

int SlotOf(const ThreadCounters* counters) { return static_cast<int>(counters - g_slots); }

// --- profiling ---------------------------------------------------------------------

// Per thread, written by its owner only (Bump), read by snapshots.
struct ThreadProfile {
  std::atomic<uint64_t> size_classes[kComponentCount][kSizeClassCount];
  std::atomic<uint64_t> tracked_frees[kComponentCount];
  std::atomic<uint64_t> cross_thread_frees[kComponentCount];
  std::atomic<uint64_t> lifetimes[kComponentCount][LifetimeHistogram::kBuckets];
  std::atomic<uint64_t> untracked_frees;
  uint32_t lifetime_countdown;  // owner only
  uint32_t stack_countdown;     // owner only
};

// Created by the owner on its first profiled call, published for snapshots.
// release/acquire: a snapshot that sees the pointer sees the zeroed object.
std::atomic<ThreadProfile*> g_profiles[kSlots];

ProfileOptions g_options;
const TimeSource* g_time = nullptr;
int64_t g_started_ns = 0;
int64_t g_stopped_ns = -1;

// Shared across threads (a block is freed where it is freed): relaxed read-modify-
// writes, only the totals matter. The peak is raised with a CAS loop.
std::atomic<int64_t> g_live_bytes[kComponentCount];
std::atomic<int64_t> g_live_blocks[kComponentCount];
std::atomic<int64_t> g_peak_live_bytes[kComponentCount];
std::atomic<uint64_t> g_dropped_live_blocks{0};

// The live-block table: open addressing with linear probing and backward-shift
// deletion, sharded by address hash so that threads rarely share a mutex.
struct LiveBlock {
  uintptr_t address;  // 0 = empty
  uint64_t size;
  int64_t allocated_ns;  // -1 when this block's lifetime is not sampled
  uint16_t thread;
  Component component;
};

constexpr int kShards = 64;
constexpr std::size_t kInitialShardCapacity = 1024;

struct alignas(64) Shard {
  std::mutex mutex;
  LiveBlock* slots = nullptr;
  std::size_t capacity = 0;  // power of two
  std::size_t used = 0;
};
Shard g_shards[kShards];

inline uint64_t HashAddress(uintptr_t address) {
  return (static_cast<uint64_t>(address) >> 4) * 0x9E3779B97F4A7C15ull;
}

std::size_t ShardIndexOf(uint64_t hash) { return static_cast<std::size_t>(hash >> 58); }

// REQUIRES: shard.mutex held.
bool Grow(Shard& shard) {
  std::size_t capacity = shard.capacity == 0 ? kInitialShardCapacity : shard.capacity * 2;
  auto* slots = static_cast<LiveBlock*>(std::calloc(capacity, sizeof(LiveBlock)));
  if (slots == nullptr) return false;
  for (std::size_t i = 0; i < shard.capacity; ++i) {
    const LiveBlock& block = shard.slots[i];
    if (block.address == 0) continue;
    std::size_t j = HashAddress(block.address) & (capacity - 1);
    while (slots[j].address != 0) j = (j + 1) & (capacity - 1);
    slots[j] = block;
  }
  std::free(shard.slots);
  shard.slots = slots;
  shard.capacity = capacity;
  return true;
}

bool Insert(const LiveBlock& block) {
  uint64_t hash = HashAddress(block.address);
  Shard& shard = g_shards[ShardIndexOf(hash)];
  std::lock_guard<std::mutex> lock(shard.mutex);
  if ((shard.used + 1) * 2 > shard.capacity && !Grow(shard)) return false;
  std::size_t mask = shard.capacity - 1;
  std::size_t i = hash & mask;
  while (shard.slots[i].address != 0 && shard.slots[i].address != block.address) i = (i + 1) & mask;
  if (shard.slots[i].address == 0) ++shard.used;
  shard.slots[i] = block;
  return true;
}

bool Remove(uintptr_t address, LiveBlock& out) {
  uint64_t hash = HashAddress(address);
  Shard& shard = g_shards[ShardIndexOf(hash)];
  std::lock_guard<std::mutex> lock(shard.mutex);
  if (shard.capacity == 0) return false;
  std::size_t mask = shard.capacity - 1;
  std::size_t i = hash & mask;
  while (shard.slots[i].address != address) {
    if (shard.slots[i].address == 0) return false;
    i = (i + 1) & mask;
  }
  out = shard.slots[i];
  // Backward shift: pull later entries of the probe run into the hole.
  std::size_t hole = i;
  std::size_t j = i;
  while (true) {
    j = (j + 1) & mask;
    if (shard.slots[j].address == 0) break;
    std::size_t home = HashAddress(shard.slots[j].address) & mask;
    bool movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
    if (movable) {
      shard.slots[hole] = shard.slots[j];
      hole = j;
    }
  }
  shard.slots[hole] = LiveBlock{};
  --shard.used;
  return true;
}

void ClearTable() {
  for (Shard& shard : g_shards) {
    std::lock_guard<std::mutex> lock(shard.mutex);
    if (shard.slots != nullptr) std::memset(shard.slots, 0, shard.capacity * sizeof(LiveBlock));
    shard.used = 0;
  }
}

struct StackKey {
  Component component;
  std::vector<uintptr_t, MallocAllocator<uintptr_t>> frames;
  bool operator<(const StackKey& other) const {
    if (component != other.component) return component < other.component;
    return frames < other.frames;
  }
};
struct StackValue {
  uint64_t count = 0;
  uint64_t bytes = 0;
};
using StackMap =
    std::map<StackKey, StackValue, std::less<StackKey>, MallocAllocator<std::pair<const StackKey, StackValue>>>;
std::mutex g_stacks_mutex;
StackMap* g_stacks = nullptr;  // created by StartProfiling, kept for snapshots

ThreadProfile& MyProfile(ThreadCounters* counters) {
  int slot = SlotOf(counters);
  ThreadProfile* profile = g_profiles[slot].load(std::memory_order_acquire);
  if (profile == nullptr) [[unlikely]] {
    profile = static_cast<ThreadProfile*>(std::calloc(1, sizeof(ThreadProfile)));
    if (profile == nullptr) std::abort();  // a few KiB at profile start-up
    profile->lifetime_countdown = 1;
    profile->stack_countdown = 1;
    g_profiles[slot].store(profile, std::memory_order_release);
  }
  return *profile;
}

ThreadCounters* Counters() {
  ThreadCounters* counters = t_counters;
  return counters != nullptr ? counters : ClaimCounters();
}

void RecordStack(Component component, std::size_t size) {
  constexpr int kMaxFrames = 128;
  void* frames[kMaxFrames];
  int depth = std::min(g_options.max_stack_depth + 1, kMaxFrames);
  int captured = backtrace(frames, depth);
  if (captured <= 1) return;
  StackKey key{component, {}};
  // frames[0] is this function's caller chain entry inside the recorder: drop it.
  for (int i = 1; i < captured; ++i) key.frames.push_back(reinterpret_cast<uintptr_t>(frames[i]));
  std::lock_guard<std::mutex> lock(g_stacks_mutex);
  if (g_stacks == nullptr) return;
  StackValue& value = (*g_stacks)[std::move(key)];
  ++value.count;
  value.bytes += size;
}

}  // namespace

ThreadCounters* ClaimCounters() noexcept {
  int claimed = g_next_slot.fetch_add(1, std::memory_order_relaxed);
  t_counters = &g_slots[claimed < kSlots ? claimed : kSlots - 1];
  return t_counters;
}

void ProfileAllocation(const void* p, std::size_t size, Component component) noexcept {
  ThreadCounters* counters = Counters();
  ThreadProfile& profile = MyProfile(counters);
  int c = static_cast<int>(component);
  Bump(profile.size_classes[c][SizeClassOf(size)], 1);
  LiveBlock block{reinterpret_cast<uintptr_t>(p), size, -1, static_cast<uint16_t>(SlotOf(counters)),
                  component};
  if (--profile.lifetime_countdown == 0) {
    profile.lifetime_countdown = g_options.lifetime_sample_every;
    block.allocated_ns = g_time->NowNs();
  }
  if (!Insert(block)) {
    g_dropped_live_blocks.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  int64_t live = g_live_bytes[c].fetch_add(static_cast<int64_t>(size), std::memory_order_relaxed) +
                 static_cast<int64_t>(size);
  g_live_blocks[c].fetch_add(1, std::memory_order_relaxed);
  int64_t peak = g_peak_live_bytes[c].load(std::memory_order_relaxed);
  while (live > peak &&
         !g_peak_live_bytes[c].compare_exchange_weak(peak, live, std::memory_order_relaxed)) {
  }
  if (g_options.stack_sample_every != 0 && --profile.stack_countdown == 0) {
    profile.stack_countdown = g_options.stack_sample_every;
    RecordStack(component, size);
  }
}

void ProfileDeallocation(const void* p) noexcept {
  ThreadCounters* counters = Counters();
  ThreadProfile& profile = MyProfile(counters);
  LiveBlock block{};
  if (!Remove(reinterpret_cast<uintptr_t>(p), block)) {
    Bump(profile.untracked_frees, 1);
    return;
  }
  int c = static_cast<int>(block.component);
  g_live_bytes[c].fetch_sub(static_cast<int64_t>(block.size), std::memory_order_relaxed);
  g_live_blocks[c].fetch_sub(1, std::memory_order_relaxed);
  Bump(profile.tracked_frees[c], 1);
  if (block.thread != SlotOf(counters)) Bump(profile.cross_thread_frees[c], 1);
  if (block.allocated_ns >= 0) {
    int64_t lifetime = g_time->NowNs() - block.allocated_ns;
    Bump(profile.lifetimes[c][LifetimeHistogram::BucketOf(static_cast<uint64_t>(std::max<int64_t>(lifetime, 0)))], 1);
  }
}

}  // namespace internal

using internal::g_profiling;

AllocationTotals AllocationCounterTotals() {
  AllocationTotals totals;
  for (const AllocationTotals& c : ComponentTotals()) {
    totals.allocations += c.allocations;
    totals.deallocations += c.deallocations;
    totals.bytes_allocated += c.bytes_allocated;
  }
  return totals;
}

std::array<AllocationTotals, kComponentCount> ComponentTotals() {
  std::array<AllocationTotals, kComponentCount> totals{};
  for (int i = 0; i < internal::UsedSlots(); ++i) {
    for (int c = 0; c < kComponentCount; ++c) {
      const internal::ComponentCounters& counters = internal::g_slots[i].by_component[c];
      totals[c].allocations += counters.allocations.load(std::memory_order_relaxed);
      totals[c].deallocations += counters.deallocations.load(std::memory_order_relaxed);
      totals[c].bytes_allocated += counters.bytes.load(std::memory_order_relaxed);
    }
  }
  return totals;
}

bool StartProfiling(const ProfileOptions& options, const TimeSource* time) {
  using namespace internal;
  if (g_profiling.load(std::memory_order_relaxed)) return false;
  g_options = options;
  if (g_options.lifetime_sample_every == 0) g_options.lifetime_sample_every = 1;
  g_time = time != nullptr ? time : &DefaultTimeSource();
  ClearTable();
  for (int c = 0; c < kComponentCount; ++c) {
    g_live_bytes[c].store(0, std::memory_order_relaxed);
    g_live_blocks[c].store(0, std::memory_order_relaxed);
    g_peak_live_bytes[c].store(0, std::memory_order_relaxed);
  }
  g_dropped_live_blocks.store(0, std::memory_order_relaxed);
  for (auto& slot : g_profiles) {
    ThreadProfile* profile = slot.load(std::memory_order_acquire);
    if (profile == nullptr) continue;
    std::memset(static_cast<void*>(profile), 0, sizeof(ThreadProfile));
    profile->lifetime_countdown = 1;
    profile->stack_countdown = 1;
  }
  {
    std::lock_guard<std::mutex> lock(g_stacks_mutex);
    if (g_stacks == nullptr) {
      void* memory = std::malloc(sizeof(StackMap));
      if (memory == nullptr) return false;
      g_stacks = new (memory) StackMap();
    }
    g_stacks->clear();
  }
  // backtrace() loads libgcc_s on its first call (dlopen, malloc): do it here, not
  // inside the first sampled operator new.
  void* warm[2];
  backtrace(warm, 2);
  g_started_ns = g_time->NowNs();
  g_stopped_ns = -1;
  // relaxed: threads pick the flag up within a few allocations; what they record
  // before that is counted as untracked, never torn (the table has its own locks).
  g_profiling.store(true, std::memory_order_relaxed);
  return true;
}

void StopProfiling() {
  using namespace internal;
  if (!g_profiling.load(std::memory_order_relaxed)) return;
  g_profiling.store(false, std::memory_order_relaxed);
  g_stopped_ns = g_time->NowNs();
}

bool Profiling() { return g_profiling.load(std::memory_order_relaxed); }

AllocationProfile ProfileSnapshot() {
  using namespace internal;
  AllocationProfile profile;
  auto totals = ComponentTotals();
  for (int c = 0; c < kComponentCount; ++c) {
    ComponentProfile& out = profile.components[c];
    out.component = static_cast<Component>(c);
    out.allocations = totals[c].allocations;
    out.bytes_allocated = totals[c].bytes_allocated;
    out.deallocations = totals[c].deallocations;
  }
  if (g_time == nullptr) return profile;  // never profiled
  profile.profiling = true;
  profile.options = g_options;
  int64_t end = g_stopped_ns >= 0 ? g_stopped_ns : g_time->NowNs();
  profile.duration_s = static_cast<double>(end - g_started_ns) / 1e9;
  for (const auto& slot : g_profiles) {
    const ThreadProfile* thread = slot.load(std::memory_order_acquire);
    if (thread == nullptr) continue;
    profile.untracked_frees += thread->untracked_frees.load(std::memory_order_relaxed);
    for (int c = 0; c < kComponentCount; ++c) {
      ComponentProfile& out = profile.components[c];
      for (int k = 0; k < kSizeClassCount; ++k) {
        out.size_classes[k] += thread->size_classes[c][k].load(std::memory_order_relaxed);
      }
      out.tracked_frees += thread->tracked_frees[c].load(std::memory_order_relaxed);
      out.cross_thread_frees += thread->cross_thread_frees[c].load(std::memory_order_relaxed);
      for (int b = 0; b < LifetimeHistogram::kBuckets; ++b) {
        out.lifetimes.counts()[b] += thread->lifetimes[c][b].load(std::memory_order_relaxed);
      }
    }
  }
  for (int c = 0; c < kComponentCount; ++c) {
    ComponentProfile& out = profile.components[c];
    out.live_bytes = static_cast<uint64_t>(std::max<int64_t>(g_live_bytes[c].load(std::memory_order_relaxed), 0));
    out.live_blocks = static_cast<uint64_t>(std::max<int64_t>(g_live_blocks[c].load(std::memory_order_relaxed), 0));
    out.peak_live_bytes = static_cast<uint64_t>(g_peak_live_bytes[c].load(std::memory_order_relaxed));
  }
  profile.dropped_live_blocks = g_dropped_live_blocks.load(std::memory_order_relaxed);
  // Copied under the lock with malloc only: an operator new here could sample a stack
  // and take the same lock.
  std::vector<std::pair<StackKey, StackValue>, MallocAllocator<std::pair<StackKey, StackValue>>> copy;
  {
    std::lock_guard<std::mutex> lock(g_stacks_mutex);
    if (g_stacks != nullptr) copy.assign(g_stacks->begin(), g_stacks->end());
  }
  for (const auto& [key, value] : copy) {
    profile.stacks.push_back(StackSample{
        key.component, std::vector<uintptr_t>(key.frames.begin(), key.frames.end()), value.count, value.bytes});
  }
  return profile;
}

}  // namespace hftbot::alloc
