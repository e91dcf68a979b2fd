// "jemalloc-arena[:NAME]": a dedicated jemalloc arena (mallctl arenas.create) with an
// explicit tcache per thread (tcache.create), used through mallocx/sdallocx with
// MALLOCX_ARENA and MALLOCX_TCACHE. A component's blocks then live in extents of
// their own, decay on their own schedule, and can be purged without touching malloc's.
//
// An explicit tcache caches blocks of whatever it was fed, so each one is used for
// this arena only: one per thread per resource, destroyed (flushed to the arena) when
// the thread exits or the resource is destroyed. Blocks freed on another thread go
// to that thread's tcache for this arena, and are served from it again.
//
// The destructor destroys the arena (arena.<i>.destroy): every block must have been
// returned (the std::pmr rule).
//
// Ownership: arenas.lookup == this arena (see JemallocArenaOf for the precondition).
// Available when jemalloc is linked (--//alloc=jemalloc, --//alloc=hybrid).
// Thread safety: as ComponentResource.

#ifndef HFTBOT_ALLOC_JEMALLOC_ARENA_RESOURCE_H_
#define HFTBOT_ALLOC_JEMALLOC_ARENA_RESOURCE_H_

#include <string>

#include "alloc/memory_resource.h"
#include "alloc/per_thread_state.h"

namespace hftbot::alloc {

class JemallocArenaResource final : public ComponentResource {
 public:
  // `name` only labels the resource ("hot" for "jemalloc-arena:hot"). Throws
  // std::runtime_error when jemalloc cannot create an arena.
  explicit JemallocArenaResource(std::string name);
  ~JemallocArenaResource() override;

  unsigned arena() const { return arena_; }
  std::string Spec() const override;
  std::string Backend() const override;
  Ownership Owns(const void* p) const override;
  // Counts, plus the arena's own figures (stats.arenas.<i>.*, after an epoch refresh).
  ResourceStats Stats() const override;
  // arena.<i>.purge: returns the arena's dirty and muzzy pages now.
  uint64_t Release() override;

 private:
  class Tcaches final : public PerThreadStates::Handles {
   public:
    void* Create() override;
    void Release(void* handle, bool on_owning_thread) override;
  };

  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }
  int Flags(const ThreadState* state, std::size_t alignment) const;

  const std::string name_;
  unsigned arena_ = 0;
  Tcaches tcaches_;
  PerThreadStates states_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_JEMALLOC_ARENA_RESOURCE_H_
