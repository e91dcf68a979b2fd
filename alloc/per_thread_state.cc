#include "alloc/per_thread_state.h"

#include <cstdlib>
#include <map>
#include <new>

namespace hftbot::alloc {
namespace {

// Ids are never reused, so a stale thread-local entry of a destroyed resource can
// never match a new one. relaxed: uniqueness only.
std::atomic<uint64_t> g_next_id{1};

// id -> live PerThreadStates. A thread that exits looks its resources up here, under
// the mutex, so a resource being destroyed (which unregisters under the same mutex)
// is either still whole or already gone.
std::mutex& RegistryMutex() {
  static std::mutex mutex;
  return mutex;
}
using Registry = std::map<uint64_t, PerThreadStates*, std::less<uint64_t>,
                          MallocAllocator<std::pair<const uint64_t, PerThreadStates*>>>;
Registry& Live() {
  static Registry* registry = new (std::malloc(sizeof(Registry))) Registry();
  return *registry;
}

}  // namespace

// Runs the thread's exit for its entries: its constructor is odr-used on the first
// resource use of a thread, which registers its destructor (C++ thread_local
// destructors run before pthread keys', so before mimalloc's own thread teardown).
struct ThreadExitHook {
  ThreadExitHook() = default;
  ~ThreadExitHook() {
    std::lock_guard<std::mutex> lock(RegistryMutex());
    for (PerThreadStates::Entry& e : PerThreadStates::t_entries) {
      if (e.id == 0) continue;
      auto it = Live().find(e.id);
      if (it != Live().end()) it->second->ReleaseOnThreadExit(e.state);
      e = PerThreadStates::Entry{0, nullptr};
    }
  }
};

PerThreadStates::PerThreadStates(Handles* handles)
    : id_(g_next_id.fetch_add(1, std::memory_order_relaxed)), handles_(handles) {
  std::lock_guard<std::mutex> lock(RegistryMutex());
  Live()[id_] = this;
}

PerThreadStates::~PerThreadStates() {
  Shutdown();
  for (ThreadState* state : states_) {
    state->~ThreadState();
    std::free(state);
  }
}

ThreadState* PerThreadStates::Create() {
  static thread_local ThreadExitHook hook;
  (void)hook;
  int free_entry = -1;
  for (int i = 0; i < kMaxPerThread; ++i) {
    if (t_entries[i].id == 0) {
      free_entry = i;
      break;
    }
  }
  if (free_entry < 0) return nullptr;
  void* memory = std::malloc(sizeof(ThreadState));
  if (memory == nullptr) return nullptr;
  auto* state = new (memory) ThreadState();
  state->thread = pthread_self();
  if (handles_ != nullptr) state->handle = handles_->Create();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    states_.push_back(state);
  }
  t_entries[free_entry] = Entry{id_, state};
  return state;
}

void PerThreadStates::ReleaseOnThreadExit(ThreadState* state) {
  // Called with the registry mutex held.
  std::lock_guard<std::mutex> lock(mutex_);
  if (state->handle_released) return;
  if (handles_ != nullptr && state->handle != nullptr) handles_->Release(state->handle, true);
  state->handle_released = true;
}

void PerThreadStates::Shutdown() {
  std::lock_guard<std::mutex> registry_lock(RegistryMutex());
  if (shut_down_) return;
  shut_down_ = true;
  Live().erase(id_);
  std::lock_guard<std::mutex> lock(mutex_);
  const pthread_t self = pthread_self();
  for (ThreadState* state : states_) {
    if (state->handle_released) continue;
    if (handles_ != nullptr && state->handle != nullptr) {
      handles_->Release(state->handle, pthread_equal(state->thread, self) != 0);
    }
    state->handle_released = true;
  }
  // This thread's entry would otherwise stay until it exits; other threads' entries
  // never match again (ids are not reused) and are skipped at their exit.
  for (Entry& e : t_entries) {
    if (e.id == id_) e = Entry{0, nullptr};
  }
}

ThreadStateTotals PerThreadStates::Snapshot() const {
  ThreadStateTotals totals;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const ThreadState* state : states_) {
    totals.allocations += state->allocations.load(std::memory_order_relaxed);
    totals.deallocations += state->deallocations.load(std::memory_order_relaxed);
    totals.bytes_allocated += state->bytes_allocated.load(std::memory_order_relaxed);
    totals.bytes_freed += state->bytes_freed.load(std::memory_order_relaxed);
    ++totals.threads;
    if (state->handle_released) ++totals.released_handles;
  }
  return totals;
}

std::vector<void*, MallocAllocator<void*>> PerThreadStates::LiveHandles() const {
  std::vector<void*, MallocAllocator<void*>> handles;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const ThreadState* state : states_) {
    if (!state->handle_released && state->handle != nullptr) handles.push_back(state->handle);
  }
  return handles;
}

}  // namespace hftbot::alloc
