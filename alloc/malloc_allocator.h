// A std allocator over malloc/free, for containers inside alloc's own machinery
// (the profiler, per-thread resource state) that must not allocate through
// operator new: that would be recorded as the program's allocation, or recurse
// into the recorder.
//
// Thread safety: stateless.

#ifndef HFTBOT_ALLOC_MALLOC_ALLOCATOR_H_
#define HFTBOT_ALLOC_MALLOC_ALLOCATOR_H_

#include <cstddef>
#include <cstdlib>
#include <new>

namespace hftbot::alloc {

template <typename T>
struct MallocAllocator {
  using value_type = T;
  MallocAllocator() = default;
  template <typename U>
  MallocAllocator(const MallocAllocator<U>&) {}  // NOLINT: rebinding must be implicit
  T* allocate(std::size_t n) {
    void* p = std::malloc(n * sizeof(T));
    if (p == nullptr) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) { std::free(p); }
  bool operator==(const MallocAllocator&) const { return true; }
  bool operator!=(const MallocAllocator&) const { return false; }
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_MALLOC_ALLOCATOR_H_
