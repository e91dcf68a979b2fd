// "pool": std::pmr::synchronized_pool_resource (libstdc++'s pools: per-thread pools of
// fixed-size blocks, chunks growing geometrically) over the process malloc. Blocks
// above the largest pool size go to malloc directly.
//
// Ownership is by address range: every chunk the pool takes from malloc is recorded,
// so Owns() is exact and safe for any live block.
//
// Thread safety: as ComponentResource (synchronized_pool_resource locks; each thread
// allocates from its own pools when the block was freed on its thread).

#ifndef HFTBOT_ALLOC_POOL_RESOURCE_H_
#define HFTBOT_ALLOC_POOL_RESOURCE_H_

#include <cstdint>
#include <map>
#include <memory_resource>
#include <mutex>

#include "alloc/malloc_allocator.h"
#include "alloc/memory_resource.h"
#include "alloc/per_thread_state.h"

namespace hftbot::alloc {

// malloc, with the address range of every live block recorded (the pool's chunks).
class RangeRecordingUpstream final : public std::pmr::memory_resource {
 public:
  bool Contains(const void* p) const;
  uint64_t HeldBytes() const;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  mutable std::mutex mutex_;
  std::map<uintptr_t, std::size_t, std::less<uintptr_t>, MallocAllocator<std::pair<const uintptr_t, std::size_t>>>
      ranges_;
  uint64_t held_bytes_ = 0;
};

class PoolResource final : public ComponentResource {
 public:
  // std::pmr::pool_options; zeros take libstdc++'s defaults.
  explicit PoolResource(const std::pmr::pool_options& options = {});
  ~PoolResource() override;

  std::string Spec() const override { return "pool"; }
  std::string Backend() const override;
  Ownership Owns(const void* p) const override;
  ResourceStats Stats() const override;
  bool LayeredOnProcessMalloc() const override { return true; }

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  RangeRecordingUpstream upstream_;
  std::pmr::synchronized_pool_resource pool_;
  PerThreadStates states_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_POOL_RESOURCE_H_
