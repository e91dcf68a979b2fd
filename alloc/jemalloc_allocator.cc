// //alloc:allocator for --//alloc=jemalloc. Everything is read through mallctl
// (alloc/jemalloc_introspection.h).

#include "alloc/allocator.h"
#include "alloc/fresh_pointers.h"
#include "alloc/jemalloc_introspection.h"
#include "alloc/process_probe.h"

namespace hftbot::alloc {

AllocatorInfo Info() { return {"jemalloc", JemallocVersion()}; }

ActiveCheck CheckActive() {
  ActiveCheck check;
  bool ok = CheckSymbolProviders("libjemalloc", check);
  FreshPointers fresh;
  // arenas.lookup reads jemalloc's page map, so on memory another malloc served (a
  // sanitizer's, in --config=asan builds of //lab:compare's jemalloc variant) it can
  // crash instead of failing: ask only when malloc binds to jemalloc.
  auto owned = [ok](void* p) { return ok && JemallocArenaOf(p).has_value(); };
  bool malloc_owned = owned(fresh.from_malloc());
  bool new_owned = owned(fresh.from_new());
  check.evidence.push_back(std::string("mallctl(arenas.lookup) owns a fresh malloc block: ") +
                           (malloc_owned ? "yes" : "no"));
  check.evidence.push_back(std::string("mallctl(arenas.lookup) owns a fresh operator new block: ") +
                           (new_owned ? "yes" : "no"));
  check.active = ok && malloc_owned && new_owned;
  return check;
}

Ownership ProcessMallocOwns(const void* p) {
  std::optional<unsigned> arena = JemallocArenaOf(p);
  return arena && JemallocProcessArena(*arena) ? Ownership::kOwned : Ownership::kNotOwned;
}

MemoryStats Stats() { return JemallocStats(); }

AllocatorOptions Options() { return JemallocOptions(/*mimalloc_linked=*/false); }

}  // namespace hftbot::alloc
