// The system component a thread is working for, so that every allocation can be
// attributed to one: a thread-local tag that ComponentScope sets at component
// boundaries and //alloc:allocation_recorder reads on every allocation.
//
// A thread starts in Component::kCold (start-up, loading, anything outside a scope).
// Scopes nest: leaving one restores the tag that was current when it was entered.
// The tag costs one thread-local load and store on entry and one store on exit
// (initial-exec TLS: no call, no guard), whether or not anything reads it; a Switch
// inside a scope costs one store.
//
// Thread safety: the tag is per thread; a scope must be entered and left on the
// same thread (it is a stack object, so it is).

#ifndef HFTBOT_ALLOC_COMPONENT_H_
#define HFTBOT_ALLOC_COMPONENT_H_

#include <cstdint>
#include <optional>
#include <string_view>

namespace hftbot::alloc {

// Stable: the names below appear in reports, JSON and `[alloc.components]` keys, and
// the numeric values index per-component arrays. Append only.
enum class Component : uint8_t {
  kCold = 0,   // "cold": start-up, loading, shutdown, anything outside a scope
  kFeed,       // "feed": reading and publishing events
  kQueue,      // "queue": hand-off between threads (items, queue nodes)
  kBook,       // "book": L2/L3 book updates
  kExchange,   // "exchange": simulated exchange, acks, fills, order state
  kStrategy,   // "strategy": strategy callbacks
  kRisk,       // "risk": risk checks, positions, PnL
  kGateway,    // "gateway": wire encoding, order log
  kReports,    // "reports": latency/memory sampling, report building
};

inline constexpr int kComponentCount = 9;

// The stable lower-case name ("book").
std::string_view ComponentName(Component component);

// Inverse of ComponentName; nullopt for an unknown name.
std::optional<Component> ParseComponent(std::string_view name);

// Whether the component can be given a memory resource of its own ([alloc.components],
// --component): the engine's components, which allocate through EngineConfig::resources.
// The others allocate from the process malloc, whatever a config says.
constexpr bool TakesResource(Component component) {
  return component == Component::kBook || component == Component::kExchange || component == Component::kStrategy ||
         component == Component::kRisk;
}

// Every component, in enum order.
inline constexpr Component kAllComponents[kComponentCount] = {
    Component::kCold,     Component::kFeed, Component::kQueue,   Component::kBook,
    Component::kExchange, Component::kStrategy, Component::kRisk, Component::kGateway,
    Component::kReports,
};

namespace internal {
// initial-exec: alloc is linked into executables only, so the tag is at a fixed
// offset from the thread pointer and reading it is a single load.
inline thread_local Component t_component __attribute__((tls_model("initial-exec"))) =
    Component::kCold;
}  // namespace internal

inline Component CurrentComponent() { return internal::t_component; }

class ComponentScope {
 public:
  explicit ComponentScope(Component component) noexcept : previous_(internal::t_component) {
    internal::t_component = component;
  }
  ~ComponentScope() { internal::t_component = previous_; }
  // Moves the thread to another component until the next Switch or the scope's end
  // (one store, where a nested scope costs a load and two): for a run of components
  // one after another, as an engine's event is.
  void Switch(Component component) noexcept { internal::t_component = component; }
  ComponentScope(const ComponentScope&) = delete;
  ComponentScope& operator=(const ComponentScope&) = delete;

 private:
  Component previous_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_COMPONENT_H_
