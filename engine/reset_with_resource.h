// ResetWithResource: moves a std::pmr container member to another memory resource.
//
// Assignment cannot: std::pmr allocators do not propagate on copy, move or swap, so a
// member built before its owner learns its resource (a strategy's containers before
// OnStart) would keep the first one. This destroys the container and constructs an
// empty one on the new resource.
//
// Thread safety: as the container's.

#ifndef HFTBOT_ENGINE_RESET_WITH_RESOURCE_H_
#define HFTBOT_ENGINE_RESET_WITH_RESOURCE_H_

#include <memory>
#include <memory_resource>

namespace hftbot::engine {

// REQUIRES: nothing refers into the container; resource outlives it.
template <class Container>
void ResetWithResource(Container& container, std::pmr::memory_resource* resource) {
  std::destroy_at(&container);
  std::construct_at(&container, resource);
}

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_RESET_WITH_RESOURCE_H_
