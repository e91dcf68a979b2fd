// "mimalloc-heap": a first-class mimalloc heap per thread (mi_heap_new), so that a
// component's blocks sit in pages of their own, apart from everything malloc serves.
//
// mimalloc heaps allocate only on their own thread and free from any (mi_free), which
// is what pmr needs: each thread allocates from the heap it made on first use; a block
// freed on another thread goes back to its page through mimalloc's delayed free list.
// When a thread exits its heap is deleted (mi_heap_delete): live blocks move to
// mimalloc's backing heap and stay valid.
//
// Ownership: mi_is_in_heap_region (safe on any address), then mi_heap_contains_block
// against the heaps of live threads. A block whose thread has exited can no longer be
// told apart from other mimalloc memory: kUnknown.
//
// Available when mimalloc is linked (--//alloc=mimalloc, --//alloc=hybrid).
// Thread safety: as ComponentResource.

#ifndef HFTBOT_ALLOC_MIMALLOC_HEAP_RESOURCE_H_
#define HFTBOT_ALLOC_MIMALLOC_HEAP_RESOURCE_H_

#include "alloc/memory_resource.h"
#include "alloc/per_thread_state.h"

namespace hftbot::alloc {

class MimallocHeapResource final : public ComponentResource {
 public:
  MimallocHeapResource();
  ~MimallocHeapResource() override;

  std::string Spec() const override { return "mimalloc-heap"; }
  std::string Backend() const override;
  Ownership Owns(const void* p) const override;
  ResourceStats Stats() const override;
  // mi_heap_collect(force) on the calling thread's heap, and mimalloc's process-wide
  // collect; returns the drop in committed bytes (mi_process_info).
  uint64_t Release() override;

 private:
  class Heaps final : public PerThreadStates::Handles {
   public:
    void* Create() override;
    void Release(void* handle, bool on_owning_thread) override;
  };

  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  Heaps heaps_;
  PerThreadStates states_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_MIMALLOC_HEAP_RESOURCE_H_
