// Per-thread state of a memory resource: owner-only counters (so that a resource
// shared by threads counts without contention) and an optional backend handle
// (a mimalloc heap, a jemalloc tcache) created on the thread's first use and released
// when the thread exits or the resource is destroyed, whichever comes first.
//
// Lookup is a scan of a small thread-local table (kMaxPerThread entries, inline, no
// call); the first use of a resource on a thread takes a global mutex once.
//
// Thread safety: Mine() from any thread; Snapshot() from any thread (counters read
// relaxed). Shutdown() once, from the resource's destructor, when no thread uses the
// resource any more (the std::pmr contract: a resource outlives its allocations).

#ifndef HFTBOT_ALLOC_PER_THREAD_STATE_H_
#define HFTBOT_ALLOC_PER_THREAD_STATE_H_

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "alloc/allocation_recorder.h"
#include "alloc/malloc_allocator.h"
#include "alloc/memory_resource.h"

namespace hftbot::alloc {

struct ThreadState {
  // Owner-only (internal::Bump); relaxed reads by Snapshot().
  std::atomic<uint64_t> allocations{0};
  std::atomic<uint64_t> deallocations{0};
  std::atomic<uint64_t> bytes_allocated{0};
  std::atomic<uint64_t> bytes_freed{0};
  void* handle = nullptr;  // backend handle, or null
  pthread_t thread{};
  bool handle_released = false;  // guarded by the registry mutex
};

struct ThreadStateTotals {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  uint64_t bytes_allocated = 0;
  uint64_t bytes_freed = 0;
  int threads = 0;          // threads that used the resource
  int released_handles = 0;  // of which the handle was released (thread exited)
};

class PerThreadStates {
 public:
  // The backend side: make a handle for the calling thread; release one, either on
  // its thread (exit, or the resource destroyed there) or on another (destruction).
  class Handles {
   public:
    virtual ~Handles() = default;
    // May return null (no handle needed, or failure: the caller decides).
    virtual void* Create() = 0;
    virtual void Release(void* handle, bool on_owning_thread) = 0;
  };

  static constexpr int kMaxPerThread = 16;

  explicit PerThreadStates(Handles* handles);  // null: counters only
  ~PerThreadStates();
  PerThreadStates(const PerThreadStates&) = delete;
  PerThreadStates& operator=(const PerThreadStates&) = delete;

  // The calling thread's state, created on first use. Null only when the thread
  // already uses kMaxPerThread resources.
  ThreadState* Mine() {
    for (const Entry& e : t_entries) {
      if (e.id == id_) return e.state;
    }
    return Create();
  }

  ThreadStateTotals Snapshot() const;

  // Releases every handle not yet released and unregisters. REQUIRES: quiescent.
  void Shutdown();

  // Every live state's handle (for ownership queries). REQUIRES: quiescent, or a
  // backend whose queries tolerate concurrent use.
  std::vector<void*, MallocAllocator<void*>> LiveHandles() const;

  struct Entry {
    uint64_t id;
    ThreadState* state;
  };

 private:
  ThreadState* Create();
  friend struct ThreadExitHook;
  void ReleaseOnThreadExit(ThreadState* state);

  // initial-exec, trivially constructed: the scan above is plain loads.
  static inline thread_local Entry t_entries[kMaxPerThread] __attribute__((tls_model("initial-exec"))) = {};

  const uint64_t id_;
  Handles* const handles_;
  mutable std::mutex mutex_;  // guards states_
  std::vector<ThreadState*, MallocAllocator<ThreadState*>> states_;
  bool shut_down_ = false;
};

// The counted part of a resource's statistics.
inline ResourceStats CountedStats(const PerThreadStates& states) {
  ThreadStateTotals totals = states.Snapshot();
  ResourceStats stats;
  stats.allocations = totals.allocations;
  stats.deallocations = totals.deallocations;
  stats.bytes_allocated = totals.bytes_allocated;
  stats.bytes_freed = totals.bytes_freed;
  stats.threads = totals.threads;
  return stats;
}

// What every resource does around its backend call: count on the calling thread's
// state (null when the thread's table is full: recorded, not counted per resource)
// and record for the component profile.
inline void CountAllocation(ThreadState* state, const void* p, std::size_t bytes) noexcept {
  if (state != nullptr) {
    internal::Bump(state->allocations, 1);
    internal::Bump(state->bytes_allocated, bytes);
  }
  RecordAllocation(p, bytes);
}

// Call before returning p to the backend (see RecordDeallocation).
inline void CountDeallocation(ThreadState* state, const void* p, std::size_t bytes) noexcept {
  if (state != nullptr) {
    internal::Bump(state->deallocations, 1);
    internal::Bump(state->bytes_freed, bytes);
  }
  RecordDeallocation(p);
}

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_PER_THREAD_STATE_H_
