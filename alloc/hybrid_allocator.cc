// //alloc:allocator for --//alloc=hybrid: jemalloc serves malloc and operator new;
// mimalloc is linked beside it and serves only mimalloc-heap resources (mi_heap_*).
// Statistics and options are jemalloc's (the process malloc); mimalloc heaps are
// reported per resource.

#include <mimalloc.h>

#include <cstdlib>

#include "alloc/allocator.h"
#include "alloc/fresh_pointers.h"
#include "alloc/jemalloc_introspection.h"
#include "alloc/mimalloc_options.h"
#include "alloc/process_probe.h"

namespace hftbot::alloc {
namespace {

// Exported by libmimalloc.so.2 but not by libjemalloc.so.2 (see hybrid_malloc_shims.cc):
// each must bind to the executable's shim, never to mimalloc.
constexpr const char* kShimmedNames[] = {
    "__libc_malloc", "__libc_calloc", "__libc_realloc", "__libc_free", "__libc_cfree",
    "__libc_memalign", "__libc_valloc", "__libc_pvalloc", "__posix_memalign", "_aligned_malloc",
    "cfree", "vfree", "pvalloc", "reallocarray", "reallocarr", "reallocf", "malloc_size",
    "malloc_good_size",
};

bool IsJemallocBlock(const void* p) {
  return !mi_is_in_heap_region(p) && JemallocArenaOf(p).has_value();
}

}  // namespace

AllocatorInfo Info() { return {"hybrid", "jemalloc " + JemallocVersion() + " + mimalloc " + MimallocVersion()}; }

ActiveCheck CheckActive() {
  ActiveCheck check;
  bool ok = true;
  std::string malloc_provider = ProviderOf("malloc");
  bool malloc_ok = malloc_provider.find("libjemalloc") != std::string::npos;
  check.evidence.push_back("malloc resolves to " + malloc_provider + (malloc_ok ? "" : " (expected libjemalloc)"));
  ok &= malloc_ok;
  check.evidence.push_back("operator new resolves to " + ProviderOf("_Znwm"));
  std::string heap_provider = ProviderOf("mi_heap_malloc");
  bool heap_ok = heap_provider.find("libmimalloc") != std::string::npos;
  check.evidence.push_back("mi_heap_malloc resolves to " + heap_provider);
  ok &= heap_ok;
  for (const std::string& library : LoadedAllocatorLibraries()) {
    bool expected = library.find("libjemalloc") != std::string::npos || library.find("libmimalloc") != std::string::npos;
    if (!expected) {
      check.evidence.push_back("another allocator library is loaded: " + library);
      ok = false;
    }
  }
  int shims_bound_to_mimalloc = 0;
  for (const char* name : kShimmedNames) {
    std::string provider = ProviderOf(name);
    if (provider.empty() || provider.find("libmimalloc") != std::string::npos) {
      check.evidence.push_back(std::string(name) + " resolves to " + (provider.empty() ? "<nothing>" : provider) +
                               " (must be the executable's jemalloc shim)");
      ++shims_bound_to_mimalloc;
    }
  }
  check.evidence.push_back(std::to_string(std::size(kShimmedNames) - shims_bound_to_mimalloc) + " of " +
                           std::to_string(std::size(kShimmedNames)) +
                           " malloc-family names only mimalloc exports bind to jemalloc shims");
  ok &= shims_bound_to_mimalloc == 0;
  FreshPointers fresh;
  bool malloc_owned = IsJemallocBlock(fresh.from_malloc());
  bool new_owned = IsJemallocBlock(fresh.from_new());
  check.evidence.push_back(std::string("a fresh malloc block: outside mimalloc, owned by a jemalloc arena: ") +
                           (malloc_owned ? "yes" : "no"));
  check.evidence.push_back(std::string("a fresh operator new block: outside mimalloc, owned by a jemalloc arena: ") +
                           (new_owned ? "yes" : "no"));
  mi_heap_t* heap = mi_heap_new();
  void* from_heap = mi_heap_malloc(heap, 48);
  bool heap_in_mimalloc = mi_is_in_heap_region(from_heap) && mi_heap_contains_block(heap, from_heap);
  check.evidence.push_back(std::string("a mi_heap_malloc block: in mimalloc's region and its heap: ") +
                           (heap_in_mimalloc ? "yes" : "no"));
  mi_free(from_heap);
  mi_heap_delete(heap);
  check.active = ok && malloc_owned && new_owned && heap_in_mimalloc;
  return check;
}

Ownership ProcessMallocOwns(const void* p) {
  if (mi_is_in_heap_region(p)) return Ownership::kNotOwned;  // a mimalloc-heap resource's block
  std::optional<unsigned> arena = JemallocArenaOf(p);
  return arena && JemallocProcessArena(*arena) ? Ownership::kOwned : Ownership::kNotOwned;
}

MemoryStats Stats() { return JemallocStats(); }

// jemalloc's options, then mimalloc's (prefixed "mimalloc."), each environment
// variable checked by the allocator it tunes.
AllocatorOptions Options() {
  AllocatorOptions options = JemallocOptions(/*mimalloc_linked=*/true);
  for (Option& option : MimallocEffectiveOptions()) {
    options.effective.push_back({"mimalloc." + option.key, option.value});
  }
  for (const Option& env : options.environment) {
    if (env.key.rfind("MIMALLOC_", 0) == 0) CheckMimallocEnvironment(env, options.problems);
  }
  return options;
}

}  // namespace hftbot::alloc
