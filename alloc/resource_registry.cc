#include "alloc/resource_registry.h"

#include <stdexcept>

#include "alloc/allocator.h"
#include "alloc/malloc_resource.h"
#include "alloc/pool_resource.h"

#if defined(HFTBOT_HAVE_JEMALLOC)
#include "alloc/jemalloc_arena_resource.h"
#endif
#if defined(HFTBOT_HAVE_MIMALLOC)
#include "alloc/mimalloc_heap_resource.h"
#endif

namespace hftbot::alloc {
namespace {

constexpr std::string_view kArenaKind = "jemalloc-arena";

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

[[noreturn, maybe_unused]] void NotLinked(std::string_view spec, std::string_view library) {
  throw std::invalid_argument("memory resource '" + std::string(spec) + "' needs " + std::string(library) +
                              ", which is not linked into this build (--//alloc=" + Info().name +
                              "); available here: " + Joined(AvailableResourceKinds()));
}

bool ValidArenaName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::unique_ptr<ComponentResource> Make(std::string_view spec) {
  if (spec == "default") return std::make_unique<MallocResource>();
  if (spec == "pool") return std::make_unique<PoolResource>();
  if (spec == "mimalloc-heap") {
#if defined(HFTBOT_HAVE_MIMALLOC)
    return std::make_unique<MimallocHeapResource>();
#else
    NotLinked(spec, "mimalloc");
#endif
  }
  if (spec.substr(0, kArenaKind.size()) == kArenaKind) {
    std::string_view rest = spec.substr(kArenaKind.size());
    std::string_view name;
    if (!rest.empty()) {
      if (rest[0] != ':' || !ValidArenaName(rest.substr(1))) {
        throw std::invalid_argument("memory resource '" + std::string(spec) +
                                    "': write jemalloc-arena or jemalloc-arena:NAME, NAME of 1-32 "
                                    "letters, digits, '_' or '-'");
      }
      name = rest.substr(1);
    }
#if defined(HFTBOT_HAVE_JEMALLOC)
    return std::make_unique<JemallocArenaResource>(std::string(name));
#else
    NotLinked(spec, "jemalloc");
#endif
  }
  throw std::invalid_argument("unknown memory resource '" + std::string(spec) + "'; known: default, pool, " +
                              "mimalloc-heap, jemalloc-arena[:NAME], adaptive; available in this build: " +
                              Joined(AvailableResourceKinds()));
}

}  // namespace

std::vector<std::string> AvailableResourceKinds() {
  std::vector<std::string> kinds = {"default", "pool", "adaptive"};
#if defined(HFTBOT_HAVE_MIMALLOC)
  kinds.push_back("mimalloc-heap");
#endif
#if defined(HFTBOT_HAVE_JEMALLOC)
  kinds.push_back("jemalloc-arena[:NAME]");
#endif
  return kinds;
}

ResourceRegistry::ResourceRegistry() {
  ComponentResource& fallback = Get("default");
  by_component_.fill(&fallback);
}

ResourceRegistry::~ResourceRegistry() {
  // Reverse creation order: the adaptive resource goes before its calm backing.
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) by_spec_.erase((*it)->Spec());
}

ComponentResource& ResourceRegistry::Get(std::string_view spec) {
  auto found = by_spec_.find(spec);
  if (found != by_spec_.end()) return *found->second;
  std::unique_ptr<ComponentResource> made;
  if (spec == "adaptive") {
    ComponentResource& calm = Get(adaptive_calm_);
    auto adaptive = std::make_unique<AdaptiveResource>(
        calm, adaptive_options_, adaptive_time_ != nullptr ? *adaptive_time_ : DefaultTimeSource());
    adaptive_ = adaptive.get();
    made = std::move(adaptive);
  } else {
    made = Make(spec);
  }
  ComponentResource& resource = *made;
  order_.push_back(&resource);
  by_spec_.emplace(std::string(spec), std::move(made));
  return resource;
}

void ResourceRegistry::ConfigureAdaptive(const AdaptiveOptions& options, const TimeSource* time,
                                         const std::string& calm_spec) {
  if (auto error = ValidateAdaptiveOptions(options)) throw std::invalid_argument("[alloc.adaptive] " + *error);
  if (calm_spec == "adaptive") throw std::invalid_argument("[alloc.adaptive] calm = \"adaptive\": the calm backing must be another resource");
  Get(calm_spec);  // fails now, with the spec's error, rather than at first use
  adaptive_options_ = options;
  adaptive_time_ = time;
  adaptive_calm_ = calm_spec;
}

void ResourceRegistry::Assign(const std::vector<std::pair<std::string, std::string>>& component_specs) {
  std::array<bool, kComponentCount> seen{};
  for (const auto& [key, spec] : component_specs) {
    std::optional<Component> component = ParseComponent(key);
    if (!component) {
      std::string known;
      for (Component c : kAllComponents) known += (known.empty() ? "" : ", ") + std::string(ComponentName(c));
      throw std::invalid_argument("unknown component '" + key + "'; components are " + known);
    }
    int index = static_cast<int>(*component);
    if (seen[index]) throw std::invalid_argument("component '" + key + "' is given twice");
    seen[index] = true;
    try {
      by_component_[index] = &Get(spec);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(key + " = \"" + spec + "\": " + e.what());
    }
  }
}

std::vector<ComponentResource*> ResourceRegistry::Resources() const { return order_; }

std::vector<OwnershipProof> ProveOwnership(const ResourceRegistry& registry) {
  std::vector<OwnershipProof> proofs;
  for (Component component : kAllComponents) {
    ComponentResource& resource = registry.For(component);
    OwnershipProof proof;
    proof.component = component;
    proof.spec = resource.Spec();
    proof.backend = resource.Backend();
    constexpr std::size_t kBytes = 64;
    void* block = resource.allocate(kBytes);
    proof.own = resource.Owns(block);
    proof.process_malloc = ProcessMallocOwns(block);
    // A block forwarded to a backing (adaptive, calm) is proven by the backing.
    if (proof.own == Ownership::kUnknown && resource.Backing() != nullptr) {
      Ownership backing = resource.Backing()->Owns(block);
      if (backing != Ownership::kNotOwned) proof.own = backing;
    }
    bool claimed_elsewhere = false;
    for (ComponentResource* other : registry.Resources()) {
      if (other == &resource) continue;
      Ownership answer = other->Owns(block);
      bool layered = (other->Spec() == "default" && resource.LayeredOnProcessMalloc()) || other == resource.Backing();
      claimed_elsewhere |= answer == Ownership::kOwned && !layered;
      proof.others.emplace_back(other->Spec(), answer);
    }
    resource.deallocate(block, kBytes);
    // The process malloc under glibc cannot prove itself (no query), nor can what is
    // layered on it; they still must not be claimed by a dedicated resource.
    bool own_ok = proof.own == Ownership::kOwned ||
                  (proof.own == Ownership::kUnknown && proof.process_malloc == Ownership::kUnknown &&
                   (proof.spec == "default" || resource.LayeredOnProcessMalloc()));
    proof.proven = own_ok && !claimed_elsewhere;
    proofs.push_back(std::move(proof));
  }
  return proofs;
}

std::vector<std::string> DescribeOwnership(const std::vector<OwnershipProof>& proofs) {
  std::vector<std::string> lines;
  for (const OwnershipProof& proof : proofs) {
    std::string line = std::string(ComponentName(proof.component)) + ": " + proof.spec + " (" + proof.backend +
                       "): its resource says " + OwnershipName(proof.own) + "; process malloc: " +
                       OwnershipName(proof.process_malloc);
    for (const auto& [spec, answer] : proof.others) line += "; " + spec + ": " + OwnershipName(answer);
    line += proof.proven ? " -> proven" : " -> NOT PROVEN";
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace hftbot::alloc
