// ResourceCallback: a move-only void() callable whose closure lives in memory from a
// std::pmr::memory_resource. std::function lost its allocator support in C++17, so a
// callback that must allocate from a component's resource (the naive engine's
// callback per execution report) cannot be a std::function.
//
// Like std::function for a closure larger than its inline buffer, it allocates once
// per callable, at construction, and frees at destruction: swapping one for the other
// keeps the allocation count.
//
// Not thread-safe: one owner; the resource must outlive every callback made from it.

#ifndef HFTBOT_ENGINE_RESOURCE_CALLBACK_H_
#define HFTBOT_ENGINE_RESOURCE_CALLBACK_H_

#include <memory>
#include <memory_resource>
#include <new>
#include <type_traits>
#include <utility>

namespace hftbot::engine {

class ResourceCallback {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, ResourceCallback>>>
  ResourceCallback(F&& f, std::pmr::memory_resource* resource)
      : resource_(resource), ops_(&kOps<std::decay_t<F>>) {
    using Closure = std::decay_t<F>;
    void* memory = resource_->allocate(sizeof(Closure), alignof(Closure));
    closure_ = ::new (memory) Closure(std::forward<F>(f));
  }
  ResourceCallback(ResourceCallback&& other) noexcept
      : resource_(other.resource_), ops_(other.ops_), closure_(std::exchange(other.closure_, nullptr)) {}
  ResourceCallback& operator=(ResourceCallback&& other) noexcept {
    if (this != &other) {
      Reset();
      resource_ = other.resource_;
      ops_ = other.ops_;
      closure_ = std::exchange(other.closure_, nullptr);
    }
    return *this;
  }
  ResourceCallback(const ResourceCallback&) = delete;
  ResourceCallback& operator=(const ResourceCallback&) = delete;
  ~ResourceCallback() { Reset(); }

  // REQUIRES: not moved from.
  void operator()() { ops_->invoke(closure_); }

 private:
  struct Ops {
    void (*invoke)(void* closure);
    void (*destroy)(void* closure, std::pmr::memory_resource* resource);
  };
  template <class Closure>
  static constexpr Ops kOps = {
      [](void* closure) { (*static_cast<Closure*>(closure))(); },
      [](void* closure, std::pmr::memory_resource* resource) {
        std::destroy_at(static_cast<Closure*>(closure));
        resource->deallocate(closure, sizeof(Closure), alignof(Closure));
      },
  };

  void Reset() {
    if (closure_ != nullptr) ops_->destroy(std::exchange(closure_, nullptr), resource_);
  }

  std::pmr::memory_resource* resource_;
  const Ops* ops_;
  void* closure_ = nullptr;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_RESOURCE_CALLBACK_H_
