// //alloc:allocator for --//alloc=mimalloc (Debian's 2.0.9, a release build).
//
// A release build of mimalloc keeps no per-allocation statistics (MI_STAT is 0), so
// it cannot say how many bytes are allocated; it does track committed memory.

#include <mimalloc.h>

#include "alloc/allocator.h"
#include "alloc/fresh_pointers.h"
#include "alloc/mimalloc_options.h"
#include "alloc/process_probe.h"

namespace hftbot::alloc {

AllocatorInfo Info() { return {"mimalloc", MimallocVersion()}; }

ActiveCheck CheckActive() {
  ActiveCheck check;
  bool ok = CheckSymbolProviders("libmimalloc", check);
  FreshPointers fresh;
  bool malloc_owned = mi_is_in_heap_region(fresh.from_malloc());
  bool new_owned = mi_is_in_heap_region(fresh.from_new());
  check.evidence.push_back(std::string("mi_is_in_heap_region(fresh malloc block): ") +
                           (malloc_owned ? "yes" : "no"));
  check.evidence.push_back(std::string("mi_is_in_heap_region(fresh operator new block): ") +
                           (new_owned ? "yes" : "no"));
  check.active = ok && malloc_owned && new_owned;
  return check;
}

// mimalloc serves malloc and the heaps of mimalloc-heap resources alike, so only a
// block of the calling thread's backing heap (where this thread's malloc allocates)
// is provably malloc's; other mimalloc blocks (another thread's malloc, a resource's
// heap) cannot be told apart. mi_is_in_heap_region is safe on any address, and
// guards mi_heap_contains_block, which reads the block's segment.
Ownership ProcessMallocOwns(const void* p) {
  if (!mi_is_in_heap_region(p)) return Ownership::kNotOwned;
  return mi_heap_contains_block(mi_heap_get_backing(), p) ? Ownership::kOwned : Ownership::kUnknown;
}

MemoryStats Stats() {
  size_t elapsed = 0, user = 0, system = 0, rss = 0, peak_rss = 0, commit = 0, peak_commit = 0,
         faults = 0;
  mi_process_info(&elapsed, &user, &system, &rss, &peak_rss, &commit, &peak_commit, &faults);
  MemoryStats stats;
  stats.resident = commit;  // committed memory: what mimalloc holds and may touch
  CompleteStats(stats);
  return stats;
}

AllocatorOptions Options() {
  AllocatorOptions options;
  options.effective = MimallocEffectiveOptions();
  options.environment = TuningEnvironment();
  for (const Option& env : options.environment) {
    if (env.key.rfind("MIMALLOC_", 0) == 0) {
      CheckMimallocEnvironment(env, options.problems);
    } else if (env.key == "MALLOC_CONF" || env.key.rfind("TCMALLOC_", 0) == 0) {
      options.problems.push_back(env.key + " is set but this binary runs mimalloc; it has no effect");
    }
  }
  return options;
}

}  // namespace hftbot::alloc
