// The allocator this binary was linked with (chosen by the --//alloc build flag):
// its identity, proof that it really serves malloc and operator new, its memory
// statistics and the tuning options it is running with.
//
// Thread safety: every function may be called from any thread. None is meant for a
// hot path: Stats() and Options() take microseconds to milliseconds.

#ifndef HFTBOT_ALLOC_ALLOCATOR_H_
#define HFTBOT_ALLOC_ALLOCATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alloc/ownership.h"

namespace hftbot::alloc {

struct AllocatorInfo {
  std::string name;     // "system", "jemalloc", "mimalloc" or "tcmalloc": the --//alloc value
  std::string version;  // read from the allocator itself at run time
};

struct ActiveCheck {
  bool active = false;
  // One line per piece of evidence, e.g. "malloc resolves to /usr/lib/.../libjemalloc.so.2".
  std::vector<std::string> evidence;
};

// Figures the allocator does not track are empty, never guessed. See README.md,
// "Memory statistics", for what each figure means per allocator.
struct MemoryStats {
  std::optional<uint64_t> allocated;  // bytes in live allocations
  std::optional<uint64_t> active;     // bytes in pages holding live allocations
  std::optional<uint64_t> resident;   // bytes the allocator holds in physical memory
  std::optional<uint64_t> mapped;     // bytes the allocator has mapped from the OS
  std::optional<uint64_t> retained;   // bytes kept mapped-but-released for reuse
  std::optional<uint64_t> metadata;   // allocator bookkeeping
  uint64_t process_rss = 0;           // whole process, from /proc/self/statm
  uint64_t process_peak_rss = 0;      // VmHWM from /proc/self/status
  // (resident - allocated) / resident in percent, when both are known.
  std::optional<double> fragmentation_pct;
};

struct Option {
  std::string key;
  std::string value;
};

struct AllocatorOptions {
  // The effective options as the allocator reports them.
  std::vector<Option> effective;
  // Environment variables that tune allocators (MALLOC_CONF, MIMALLOC_*, TCMALLOC_*,
  // GLIBC_TUNABLES, MALLOC_ARENA_MAX), exactly as this process received them.
  std::vector<Option> environment;
  // Settings from the environment that the allocator ignored or rejected, one sentence each.
  std::vector<std::string> problems;
};

// Name and run-time version of the selected allocator.
AllocatorInfo Info();

// Proof from the allocator's own API that fresh malloc and operator new pointers
// belong to it, and that no other allocator library is loaded.
ActiveCheck CheckActive();
inline bool IsActive() { return CheckActive().active; }

// Whether the process malloc (not a dedicated resource: a jemalloc arena made by
// arenas.create, a mimalloc heap of a resource) served `p`, by the allocator's own
// query; kUnknown where there is none (glibc). REQUIRES: p was returned by some
// allocator of this process and is live (jemalloc's query crashes on memory it never
// mapped).
Ownership ProcessMallocOwns(const void* p);

// A fresh snapshot. For jemalloc this advances the statistics epoch first.
MemoryStats Stats();

// Effective tuning options, the tuning environment and any setting that did not take.
AllocatorOptions Options();

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATOR_H_
