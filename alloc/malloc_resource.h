// "default": the process malloc (whatever --//alloc linked) as a component resource.
// Alignments above alignof(std::max_align_t) go through aligned_alloc.
//
// Ownership asks the process allocator (alloc/allocator.h ProcessMallocOwns): jemalloc's
// automatic arenas, mimalloc's regions, tcmalloc's page map; glibc has no query
// (kUnknown).
//
// Thread safety: as ComponentResource (any thread).

#ifndef HFTBOT_ALLOC_MALLOC_RESOURCE_H_
#define HFTBOT_ALLOC_MALLOC_RESOURCE_H_

#include "alloc/memory_resource.h"
#include "alloc/per_thread_state.h"

namespace hftbot::alloc {

class MallocResource final : public ComponentResource {
 public:
  MallocResource() : states_(nullptr) {}
  std::string Spec() const override { return "default"; }
  std::string Backend() const override;
  Ownership Owns(const void* p) const override;
  ResourceStats Stats() const override;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  PerThreadStates states_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_MALLOC_RESOURCE_H_
