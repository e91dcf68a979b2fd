// Records every allocation the process makes through operator new (when
// //alloc:allocation_counter is linked) or through a component memory resource
// (alloc/memory_resource.h), attributed to the component current on the allocating
// thread (alloc/component.h).
//
// Always on: per thread and component, allocations, requested bytes and frees. One
// cache-line-aligned block per thread written only by its owner: no contention, no
// locked instruction; the cost is a few thread-local loads and stores per call.
//
// Profiling (off by default; StartProfiling): every block allocated while profiling
// runs is entered in a sharded live-block table (address -> size, component, thread,
// and for 1 in N a timestamp), so frees know who allocated what: size classes,
// cross-thread frees, live and peak live bytes per component, sampled lifetimes, and
// 1-in-N call stacks. It costs a table insert per allocation and a lookup per free
// (a shard mutex each; see the README for the measured overhead). Profiling allocates
// its own memory with malloc, never operator new, so it does not record itself.
//
// Thread safety: Record* are called from any thread (they are the hot path). Totals
// and snapshots may be read from any thread at any time; other threads' figures are
// read with relaxed loads and may lag by a few allocations. Start/StopProfiling are
// start-up/shutdown calls: one thread, not concurrently with each other.

#ifndef HFTBOT_ALLOC_ALLOCATION_RECORDER_H_
#define HFTBOT_ALLOC_ALLOCATION_RECORDER_H_

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "alloc/allocation_profile.h"
#include "alloc/component.h"
#include "alloc/time_source.h"

namespace hftbot::alloc {

struct AllocationTotals {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  uint64_t bytes_allocated = 0;  // requested sizes
};

// Sum over all threads and components since process start.
AllocationTotals AllocationCounterTotals();

// The same per component (allocations and bytes by allocating component, frees by
// freeing component).
std::array<AllocationTotals, kComponentCount> ComponentTotals();

// REQUIRES: not profiling. `time` (default: steady_clock) must outlive profiling.
// Returns false (and starts nothing) if profiling already runs.
bool StartProfiling(const ProfileOptions& options = {}, const TimeSource* time = nullptr);
// Stops recording new profile data; the data gathered so far stays for
// ProfileSnapshot() until the next StartProfiling().
void StopProfiling();
bool Profiling();

// Counts always; profile-only fields when profiling ran. Call when the recorded
// threads are quiet for exact figures (otherwise they lag, never tear).
AllocationProfile ProfileSnapshot();

namespace internal {

// Owner-only counters: a plain load and store, no locked instruction (relaxed: the
// totals reader needs no ordering, only untorn values).
inline void Bump(std::atomic<uint64_t>& counter, uint64_t by) {
  counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

struct ComponentCounters {
  std::atomic<uint64_t> allocations{0};
  std::atomic<uint64_t> deallocations{0};
  std::atomic<uint64_t> bytes{0};
};

struct alignas(64) ThreadCounters {
  ComponentCounters by_component[kComponentCount];
};

// initial-exec, constant-initialized: one load, no TLS wrapper call.
inline thread_local ThreadCounters* t_counters __attribute__((tls_model("initial-exec"))) =
    nullptr;

// Claims this thread's slot (first allocation of a thread only).
ThreadCounters* ClaimCounters() noexcept;

// Relaxed: a thread that misses the flip by a few allocations records them in the
// cheap counters only; the profile calls that as untracked.
extern std::atomic<bool> g_profiling;

void ProfileAllocation(const void* p, std::size_t size, Component component) noexcept;
void ProfileDeallocation(const void* p) noexcept;

}  // namespace internal

// Records one allocation of `size` requested bytes at `p` (after it was allocated).
inline void RecordAllocation(const void* p, std::size_t size) noexcept {
  internal::ThreadCounters* counters = internal::t_counters;
  if (counters == nullptr) [[unlikely]] counters = internal::ClaimCounters();
  const Component component = CurrentComponent();
  internal::ComponentCounters& c = counters->by_component[static_cast<int>(component)];
  internal::Bump(c.allocations, 1);
  internal::Bump(c.bytes, size);
  if (internal::g_profiling.load(std::memory_order_relaxed)) [[unlikely]] {
    internal::ProfileAllocation(p, size, component);
  }
}

// Records the free of `p` (before it is returned to the allocator, so the address
// cannot be handed out and recorded again first). Null is not a free.
inline void RecordDeallocation(const void* p) noexcept {
  if (p == nullptr) return;
  internal::ThreadCounters* counters = internal::t_counters;
  if (counters == nullptr) [[unlikely]] counters = internal::ClaimCounters();
  internal::Bump(counters->by_component[static_cast<int>(CurrentComponent())].deallocations, 1);
  if (internal::g_profiling.load(std::memory_order_relaxed)) [[unlikely]] {
    internal::ProfileDeallocation(p);
  }
}

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATION_RECORDER_H_
