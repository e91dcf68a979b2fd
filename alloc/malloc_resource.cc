#include "alloc/malloc_resource.h"

#include <cstdlib>
#include <new>

#include "alloc/allocator.h"

namespace hftbot::alloc {

std::string MallocResource::Backend() const {
  AllocatorInfo info = Info();
  return "process malloc (" + info.name + " " + info.version + ")";
}

void* MallocResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  std::size_t size = bytes == 0 ? 1 : bytes;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  CountAllocation(states_.Mine(), p, bytes);
  return p;
}

void MallocResource::do_deallocate(void* p, std::size_t bytes, std::size_t) {
  CountDeallocation(states_.Mine(), p, bytes);
  std::free(p);
}

Ownership MallocResource::Owns(const void* p) const { return ProcessMallocOwns(p); }

ResourceStats MallocResource::Stats() const { return CountedStats(states_); }

}  // namespace hftbot::alloc
