// --//alloc=hybrid links both Debian allocators: libjemalloc.so.2 first (it serves
// malloc), libmimalloc.so.2 second (its mi_heap_* API serves mimalloc-heap resources).
// Both are built to override malloc, and the dynamic linker binds each name to its
// first definition in load order. Compared by `nm -D --defined-only` (jemalloc 5.3.0,
// mimalloc 2.0.9), every name jemalloc exports wins, but these malloc-family names are
// exported by mimalloc alone, so without this file they would bind to mimalloc and
// hand out mimalloc blocks that jemalloc's free() would then be given:
//
//   __libc_malloc __libc_calloc __libc_realloc __libc_free __libc_cfree
//   __libc_memalign __libc_valloc __libc_pvalloc __posix_memalign _aligned_malloc
//   cfree vfree pvalloc reallocarray reallocarr reallocf malloc_size malloc_good_size
//
// The executable defines each of them here, on top of jemalloc, and exports them
// (BUILD: --export-dynamic-symbol), so the first definition in load order is this one.
// CheckActive() proves it for every name (alloc/hybrid_allocator.cc).

#include <jemalloc/jemalloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

namespace {

std::size_t PageSize() {
  static const std::size_t page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  return page;
}

bool MultiplyOverflows(std::size_t a, std::size_t b, std::size_t* product) {
  return __builtin_mul_overflow(a, b, product);
}

}  // namespace

extern "C" {

// Declared by glibc's headers (same exception specification); the rest are not.
void* reallocarray(void* p, std::size_t count, std::size_t size) noexcept {
  std::size_t bytes = 0;
  if (MultiplyOverflows(count, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, bytes);
}

void* pvalloc(std::size_t size) noexcept {
  std::size_t page = PageSize();
  std::size_t rounded = size == 0 ? page : (size + page - 1) / page * page;
  return memalign(page, rounded);
}

__attribute__((visibility("default"))) void* __libc_malloc(std::size_t size) noexcept { return malloc(size); }
__attribute__((visibility("default"))) void* __libc_calloc(std::size_t count, std::size_t size) noexcept {
  return calloc(count, size);
}
__attribute__((visibility("default"))) void* __libc_realloc(void* p, std::size_t size) noexcept {
  return realloc(p, size);
}
__attribute__((visibility("default"))) void __libc_free(void* p) noexcept { free(p); }
__attribute__((visibility("default"))) void __libc_cfree(void* p) noexcept { free(p); }
__attribute__((visibility("default"))) void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept {
  return memalign(alignment, size);
}
__attribute__((visibility("default"))) void* __libc_valloc(std::size_t size) noexcept { return valloc(size); }
__attribute__((visibility("default"))) void* __libc_pvalloc(std::size_t size) noexcept { return pvalloc(size); }
__attribute__((visibility("default"))) int __posix_memalign(void** out, std::size_t alignment,
                                                            std::size_t size) noexcept {
  return posix_memalign(out, alignment, size);
}
__attribute__((visibility("default"))) void* _aligned_malloc(std::size_t size, std::size_t alignment) noexcept {
  return memalign(alignment, size);
}
__attribute__((visibility("default"))) void cfree(void* p) noexcept { free(p); }
__attribute__((visibility("default"))) void vfree(void* p) noexcept { free(p); }
// NetBSD's: resizes *(void**)pointer in place; 0 or an errno value.
__attribute__((visibility("default"))) int reallocarr(void* pointer, std::size_t count, std::size_t size) noexcept {
  std::size_t bytes = 0;
  if (MultiplyOverflows(count, size, &bytes)) return EOVERFLOW;
  void* old = nullptr;
  __builtin_memcpy(&old, pointer, sizeof(old));
  if (bytes == 0) {
    free(old);
    old = nullptr;
    __builtin_memcpy(pointer, &old, sizeof(old));
    return 0;
  }
  void* grown = realloc(old, bytes);
  if (grown == nullptr) return errno;
  __builtin_memcpy(pointer, &grown, sizeof(grown));
  return 0;
}
__attribute__((visibility("default"))) void* reallocf(void* p, std::size_t size) noexcept {
  void* grown = realloc(p, size);
  if (grown == nullptr && size != 0) free(p);
  return grown;
}
__attribute__((visibility("default"))) std::size_t malloc_size(const void* p) noexcept {
  return malloc_usable_size(const_cast<void*>(p));
}
__attribute__((visibility("default"))) std::size_t malloc_good_size(std::size_t size) noexcept {
  return size == 0 ? 0 : nallocx(size, 0);
}

}  // extern "C"
