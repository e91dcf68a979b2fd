#include "alloc/jemalloc_arena_resource.h"

#include <jemalloc/jemalloc.h>

#include <new>
#include <stdexcept>

#include "alloc/jemalloc_introspection.h"

#if defined(HFTBOT_HAVE_MIMALLOC)
#include <mimalloc.h>
#endif

namespace hftbot::alloc {
namespace {

// A tcache id is stored in the handle slot as id + 1 (0 would read as "no handle").
void* EncodeTcache(unsigned id) { return reinterpret_cast<void*>(static_cast<uintptr_t>(id) + 1); }
unsigned DecodeTcache(const void* handle) {
  return static_cast<unsigned>(reinterpret_cast<uintptr_t>(handle) - 1);
}

std::optional<uint64_t> ArenaStat(unsigned arena, const char* leaf) {
  std::string name = "stats.arenas." + std::to_string(arena) + "." + leaf;
  size_t value = 0;
  size_t size = sizeof(value);
  if (mallctl(name.c_str(), &value, &size, nullptr, 0) != 0) return std::nullopt;
  return value;
}

}  // namespace

void* JemallocArenaResource::Tcaches::Create() {
  unsigned id = 0;
  size_t size = sizeof(id);
  if (mallctl("tcache.create", &id, &size, nullptr, 0) != 0) return nullptr;
  return EncodeTcache(id);
}

void JemallocArenaResource::Tcaches::Release(void* handle, bool) {
  unsigned id = DecodeTcache(handle);
  mallctl("tcache.destroy", nullptr, nullptr, &id, sizeof(id));
}

JemallocArenaResource::JemallocArenaResource(std::string name)
    : name_(std::move(name)), states_(&tcaches_) {
  size_t size = sizeof(arena_);
  if (mallctl("arenas.create", &arena_, &size, nullptr, 0) != 0) {
    throw std::runtime_error("jemalloc could not create an arena (mallctl arenas.create failed)");
  }
}

JemallocArenaResource::~JemallocArenaResource() {
  states_.Shutdown();  // flushes every tcache into the arena first
  std::string destroy = "arena." + std::to_string(arena_) + ".destroy";
  mallctl(destroy.c_str(), nullptr, nullptr, nullptr, 0);
}

std::string JemallocArenaResource::Spec() const {
  return name_.empty() ? "jemalloc-arena" : "jemalloc-arena:" + name_;
}

std::string JemallocArenaResource::Backend() const {
  return "jemalloc " + JemallocVersion() + " arena " + std::to_string(arena_) +
         " (arenas.create), own tcache per thread";
}

int JemallocArenaResource::Flags(const ThreadState* state, std::size_t alignment) const {
  int flags = static_cast<int>(MALLOCX_ARENA(arena_));
  // No tcache of our own (the thread's table was full): go to the arena directly,
  // never through the thread's automatic tcache, which would mix arenas.
  flags |= state != nullptr && state->handle != nullptr
               ? static_cast<int>(MALLOCX_TCACHE(DecodeTcache(state->handle)))
               : static_cast<int>(MALLOCX_TCACHE_NONE);
  if (alignment > alignof(std::max_align_t)) flags |= static_cast<int>(MALLOCX_ALIGN(alignment));
  return flags;
}

void* JemallocArenaResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  ThreadState* state = states_.Mine();
  void* p = mallocx(bytes == 0 ? 1 : bytes, Flags(state, alignment));
  if (p == nullptr) throw std::bad_alloc();
  CountAllocation(state, p, bytes);
  return p;
}

void JemallocArenaResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  ThreadState* state = states_.Mine();
  CountDeallocation(state, p, bytes);
  sdallocx(p, bytes == 0 ? 1 : bytes, Flags(state, alignment));
}

Ownership JemallocArenaResource::Owns(const void* p) const {
#if defined(HFTBOT_HAVE_MIMALLOC)
  // The one foreign allocator a hybrid process has: never hand its blocks to jemalloc.
  if (mi_is_in_heap_region(p)) return Ownership::kNotOwned;
#endif
  std::optional<unsigned> arena = JemallocArenaOf(p);
  return arena && *arena == arena_ ? Ownership::kOwned : Ownership::kNotOwned;
}

ResourceStats JemallocArenaResource::Stats() const {
  ResourceStats stats = CountedStats(states_);
  uint64_t epoch = 1;
  size_t size = sizeof(epoch);
  mallctl("epoch", &epoch, &size, &epoch, size);
  auto small = ArenaStat(arena_, "small.allocated");
  auto large = ArenaStat(arena_, "large.allocated");
  if (small && large) stats.backend_allocated = *small + *large;
  stats.backend_resident = ArenaStat(arena_, "resident");
  stats.backend_mapped = ArenaStat(arena_, "mapped");
  return stats;
}

uint64_t JemallocArenaResource::Release() {
  auto before = Stats().backend_resident;
  std::string purge = "arena." + std::to_string(arena_) + ".purge";
  mallctl(purge.c_str(), nullptr, nullptr, nullptr, 0);
  auto after = Stats().backend_resident;
  return before && after && *before > *after ? *before - *after : 0;
}

}  // namespace hftbot::alloc
