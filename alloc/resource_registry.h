// Builds component memory resources from spec strings and assigns them to
// components: the C++ side of `[alloc.components]` (book = "mimalloc-heap", ...).
//
// Specs:
//   "default"              the process malloc (MallocResource)
//   "pool"                 std::pmr::synchronized_pool_resource over malloc (PoolResource)
//   "mimalloc-heap"        a mimalloc heap per thread (needs mimalloc linked:
//                          --//alloc=mimalloc or hybrid)
//   "jemalloc-arena[:NAME]" a dedicated jemalloc arena, one per NAME (needs jemalloc
//                          linked: --//alloc=jemalloc or hybrid)
//   "adaptive"             switches between a slab region (bursts) and a calm backing
//                          by load (alloc/adaptive_resource.h; ConfigureAdaptive)
// The same spec always yields the same resource, so components naming one share it.
//
// Thread safety: build everything at start-up on one thread; afterwards For() and the
// resources may be used from any thread. The registry must outlive every container
// using its resources.

#ifndef HFTBOT_ALLOC_RESOURCE_REGISTRY_H_
#define HFTBOT_ALLOC_RESOURCE_REGISTRY_H_

#include <array>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alloc/adaptive_resource.h"
#include "alloc/component.h"
#include "alloc/memory_resource.h"

namespace hftbot::alloc {

// Resource kinds this build can make: always "default" and "pool"; "mimalloc-heap"
// and "jemalloc-arena" when their library is linked.
std::vector<std::string> AvailableResourceKinds();

class ResourceRegistry {
 public:
  ResourceRegistry();
  ~ResourceRegistry();
  ResourceRegistry(const ResourceRegistry&) = delete;
  ResourceRegistry& operator=(const ResourceRegistry&) = delete;

  // The resource for `spec`, made on first use. Throws std::invalid_argument naming
  // the spec and why (unknown kind, kind not linked into this build with the kinds
  // that are, bad arena name).
  ComponentResource& Get(std::string_view spec);

  // Options, time and calm backing spec of the "adaptive" resource (defaults:
  // AdaptiveOptions{}, steady_clock, "default"). REQUIRES: before "adaptive" is first
  // made. Throws std::invalid_argument for invalid options or calm spec ("adaptive"
  // itself is not a calm backing).
  void ConfigureAdaptive(const AdaptiveOptions& options, const TimeSource* time, const std::string& calm_spec);

  // The adaptive resource if one was made, for the thread that feeds it load.
  AdaptiveResource* adaptive() const { return adaptive_; }

  // Assigns resources to components from (component name, spec) pairs; components not
  // named use "default". Throws std::invalid_argument naming the component key when
  // it is unknown or given twice, or the spec's error.
  void Assign(const std::vector<std::pair<std::string, std::string>>& component_specs);

  // The resource a component allocates from ("default" unless assigned).
  ComponentResource& For(Component component) const { return *by_component_[static_cast<int>(component)]; }

  // Every distinct resource, in creation order.
  std::vector<ComponentResource*> Resources() const;

 private:
  std::map<std::string, std::unique_ptr<ComponentResource>, std::less<>> by_spec_;
  std::vector<ComponentResource*> order_;
  std::array<ComponentResource*, kComponentCount> by_component_{};
  AdaptiveOptions adaptive_options_;
  const TimeSource* adaptive_time_ = nullptr;
  std::string adaptive_calm_ = "default";
  AdaptiveResource* adaptive_ = nullptr;
};

// Evidence, per component, of which resource and library serve its memory: a fresh
// block from its resource, asked of its own resource, of every other resource and of
// the process malloc (--alloc-info).
struct OwnershipProof {
  Component component = Component::kCold;
  std::string spec;
  std::string backend;
  Ownership own = Ownership::kUnknown;             // its resource's answer
  Ownership process_malloc = Ownership::kUnknown;  // ProcessMallocOwns
  std::vector<std::pair<std::string, Ownership>> others;  // spec -> answer
  // Its resource says kOwned and no other resource does ("default" may, for a
  // resource layered on the process malloc such as "pool").
  bool proven = false;
};
std::vector<OwnershipProof> ProveOwnership(const ResourceRegistry& registry);

// One line per component: "book: mimalloc-heap (mimalloc 2.0.9 heap per thread):
// owned by its resource; process malloc: not owned; pool: not owned".
std::vector<std::string> DescribeOwnership(const std::vector<OwnershipProof>& proofs);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_RESOURCE_REGISTRY_H_
