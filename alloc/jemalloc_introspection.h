// jemalloc's introspection through mallctl, shared by the jemalloc and hybrid
// allocator reports and the dedicated-arena resource.
//
// Thread safety: every function may be called from any thread (mallctl locks).

#ifndef HFTBOT_ALLOC_JEMALLOC_INTROSPECTION_H_
#define HFTBOT_ALLOC_JEMALLOC_INTROSPECTION_H_

#include <optional>
#include <string>

#include "alloc/allocator.h"

namespace hftbot::alloc {

std::string JemallocVersion();

// The arena that owns p (mallctl arenas.lookup), nullopt when jemalloc says none.
// REQUIRES: p is a live block of some allocator of this process and not mimalloc's:
// the lookup reads jemalloc's page map and crashes (SIGSEGV, jemalloc 5.3.0) on
// addresses jemalloc never mapped.
std::optional<unsigned> JemallocArenaOf(const void* p);

// True for the arenas malloc itself uses (automatic and huge), false for arenas made
// by arenas.create.
bool JemallocProcessArena(unsigned arena);

MemoryStats JemallocStats();

// mimalloc_linked: MIMALLOC_* variables take effect (hybrid) rather than being
// reported as having none.
AllocatorOptions JemallocOptions(bool mimalloc_linked);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_JEMALLOC_INTROSPECTION_H_
