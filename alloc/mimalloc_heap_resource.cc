#include "alloc/mimalloc_heap_resource.h"

#include <mimalloc.h>

#include <new>

namespace hftbot::alloc {
namespace {

uint64_t CommittedBytes() {
  size_t elapsed = 0, user = 0, system = 0, rss = 0, peak_rss = 0, commit = 0, peak_commit = 0,
         faults = 0;
  mi_process_info(&elapsed, &user, &system, &rss, &peak_rss, &commit, &peak_commit, &faults);
  return commit;
}

}  // namespace

void* MimallocHeapResource::Heaps::Create() { return mi_heap_new(); }

void MimallocHeapResource::Heaps::Release(void* handle, bool on_owning_thread) {
  // A heap may only be deleted by its own thread; others are deleted by mimalloc when
  // their thread exits.
  if (on_owning_thread) mi_heap_delete(static_cast<mi_heap_t*>(handle));
}

MimallocHeapResource::MimallocHeapResource() : states_(&heaps_) {}

MimallocHeapResource::~MimallocHeapResource() { states_.Shutdown(); }

std::string MimallocHeapResource::Backend() const {
  int v = mi_version();
  return "mimalloc " + std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." +
         std::to_string(v % 10) + " heap per thread (mi_heap_new)";
}

void* MimallocHeapResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  ThreadState* state = states_.Mine();
  if (state == nullptr || state->handle == nullptr) throw std::bad_alloc();
  auto* heap = static_cast<mi_heap_t*>(state->handle);
  void* p = alignment <= alignof(std::max_align_t) ? mi_heap_malloc(heap, bytes)
                                                   : mi_heap_malloc_aligned(heap, bytes, alignment);
  if (p == nullptr) throw std::bad_alloc();
  CountAllocation(state, p, bytes);
  return p;
}

void MimallocHeapResource::do_deallocate(void* p, std::size_t bytes, std::size_t) {
  CountDeallocation(states_.Mine(), p, bytes);
  mi_free(p);
}

Ownership MimallocHeapResource::Owns(const void* p) const {
  if (!mi_is_in_heap_region(p)) return Ownership::kNotOwned;
  for (void* heap : states_.LiveHandles()) {
    if (mi_heap_contains_block(static_cast<mi_heap_t*>(heap), p)) return Ownership::kOwned;
  }
  ThreadStateTotals totals = states_.Snapshot();
  return totals.released_handles > 0 ? Ownership::kUnknown : Ownership::kNotOwned;
}

ResourceStats MimallocHeapResource::Stats() const {
  ResourceStats stats = CountedStats(states_);
  // mimalloc 2.0.9 keeps no per-heap byte counts in a release build; its committed
  // memory is process-wide (malloc's included), so it is not reported per resource.
  return stats;
}

uint64_t MimallocHeapResource::Release() {
  uint64_t before = CommittedBytes();
  ThreadState* state = states_.Mine();
  if (state != nullptr && state->handle != nullptr) {
    mi_heap_collect(static_cast<mi_heap_t*>(state->handle), true);
  }
  mi_collect(true);
  uint64_t after = CommittedBytes();
  return before > after ? before - after : 0;
}

}  // namespace hftbot::alloc
