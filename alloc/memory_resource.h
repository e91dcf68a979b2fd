// The memory resources components take their memory from (hybrid allocation): a
// std::pmr::memory_resource that also says which backend serves it, whether it owns
// a pointer (proof for --alloc-info), and how much it has served.
//
// Every allocation and free through a ComponentResource is recorded by
// //alloc:allocation_recorder under the current component, exactly like operator new,
// so allocation counts and the profile do not change when a component moves from
// operator new to a resource.
//
// Thread safety: allocate/deallocate from any thread unless a subclass says
// otherwise; Owns/Stats from any thread (figures may lag). Destroy a resource only
// when no thread uses it and every block it served was returned (the std::pmr rule).

#ifndef HFTBOT_ALLOC_MEMORY_RESOURCE_H_
#define HFTBOT_ALLOC_MEMORY_RESOURCE_H_

#include <cstdint>
#include <memory_resource>
#include <optional>
#include <string>

#include "alloc/ownership.h"

namespace hftbot::alloc {

struct ResourceStats {
  uint64_t allocations = 0;
  uint64_t deallocations = 0;
  uint64_t bytes_allocated = 0;  // requested
  uint64_t bytes_freed = 0;      // requested sizes of the freed blocks (pmr passes them)
  uint64_t live_bytes() const { return bytes_allocated - bytes_freed; }
  int threads = 0;  // threads that allocated from it (0: not tracked, "adaptive")
  // What the backend itself holds, when it can say (empty otherwise, never guessed).
  std::optional<uint64_t> backend_allocated;  // bytes in live blocks, as the backend counts
  std::optional<uint64_t> backend_resident;   // bytes the backend holds in physical memory
  std::optional<uint64_t> backend_mapped;     // bytes the backend has mapped
  uint64_t bytes_returned = 0;                // to the OS by Release(), when it can say
};

class ComponentResource : public std::pmr::memory_resource {
 public:
  // The spec it was built from: "mimalloc-heap", "jemalloc-arena:hot", "pool", "default".
  virtual std::string Spec() const = 0;
  // What serves it, with versions and identities: "jemalloc 5.3.0 arena 9, own tcache per thread".
  virtual std::string Backend() const = 0;
  // REQUIRES: p was returned by some allocator of this process (any resource, malloc,
  // operator new) and is still live. jemalloc's query reads its page map and crashes
  // on memory it never mapped (a stack address, a mimalloc block), so arbitrary
  // addresses are not allowed.
  virtual Ownership Owns(const void* p) const = 0;
  virtual ResourceStats Stats() const = 0;
  // True when its blocks are carved from process malloc blocks (a pool): the process
  // malloc then rightly owns them too.
  virtual bool LayeredOnProcessMalloc() const { return false; }
  // The resource it forwards some blocks to (the adaptive resource's calm backing),
  // which then rightly owns them too; null if none.
  virtual const ComponentResource* Backing() const { return nullptr; }
  // Returns unused memory to the OS (purge/decay/collect). Returns bytes returned when
  // the backend can tell, else 0. Cold: may take milliseconds.
  virtual uint64_t Release() { return 0; }
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_MEMORY_RESOURCE_H_
