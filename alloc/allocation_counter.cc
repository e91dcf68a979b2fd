#include "alloc/allocation_counter.h"

#include <dlfcn.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string_view>

namespace hftbot::alloc {
namespace {

struct alignas(64) ThreadCounters {
  std::atomic<uint64_t> allocations{0};
  std::atomic<uint64_t> deallocations{0};
  std::atomic<uint64_t> bytes{0};
};

// Static slots, never freed, so a finished thread's counts stay in the totals and no
// reader can see a dangling pointer. Threads beyond kSlots share the last slot.
constexpr int kSlots = 512;
ThreadCounters g_slots[kSlots];
std::atomic<int> g_next_slot{0};

ThreadCounters& Mine() {
  // thread_local int: initial-exec TLS in the executable, no guard, no allocation.
  thread_local int slot = -1;
  if (slot < 0) {
    // relaxed: slots only need to be distinct, nothing is published through them.
    int claimed = g_next_slot.fetch_add(1, std::memory_order_relaxed);
    slot = claimed < kSlots ? claimed : kSlots - 1;
  }
  return g_slots[slot];
}

// Owner-only increment: a plain load and store, no locked instruction. The shared last
// slot (only past kSlots threads) may lose counts; 512 threads is far beyond hftbot.
inline void Bump(std::atomic<uint64_t>& counter, uint64_t by) {
  counter.store(counter.load(std::memory_order_relaxed) + by, std::memory_order_relaxed);
}

inline void CountAllocation(std::size_t size) {
  ThreadCounters& c = Mine();
  Bump(c.allocations, 1);
  Bump(c.bytes, size);
}

inline void CountDeallocation(void* p) {
  if (p != nullptr) Bump(Mine().deallocations, 1);
}

// The allocator library's own definition of `mangled`, looked up once, else the
// malloc-based fallback. libstdc++'s definitions are skipped on purpose: its array,
// sized and nothrow forms call the plain operator new/delete again, which is ours,
// and would count twice. dlsym may call malloc, never new.
template <typename Fn>
Fn Next(const char* mangled, Fn fallback) {
  void* symbol = dlsym(RTLD_NEXT, mangled);
  Dl_info info{};
  if (symbol == nullptr || dladdr(symbol, &info) == 0 || info.dli_fname == nullptr) return fallback;
  std::string_view object(info.dli_fname);
  if (object.find("libstdc++") != std::string_view::npos) return fallback;
  return reinterpret_cast<Fn>(symbol);
}

using NewFn = void* (*)(std::size_t);
using NewAlignedFn = void* (*)(std::size_t, std::align_val_t);
using DeleteFn = void (*)(void*);
using DeleteAlignedFn = void (*)(void*, std::align_val_t);
using DeleteSizedFn = void (*)(void*, std::size_t);

void* MallocOrThrow(std::size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}
void* AlignedOrThrow(std::size_t size, std::align_val_t align) {
  void* p = nullptr;
  if (posix_memalign(&p, static_cast<std::size_t>(align), size == 0 ? 1 : size) != 0) {
    throw std::bad_alloc();
  }
  return p;
}
void Free(void* p) { std::free(p); }
void FreeAligned(void* p, std::align_val_t) { std::free(p); }
void FreeSized(void* p, std::size_t) { std::free(p); }

NewFn NextNew() {
  static const NewFn fn = Next<NewFn>("_Znwm", &MallocOrThrow);
  return fn;
}
NewFn NextNewArray() {
  static const NewFn fn = Next<NewFn>("_Znam", &MallocOrThrow);
  return fn;
}
NewAlignedFn NextNewAligned() {
  static const NewAlignedFn fn = Next<NewAlignedFn>("_ZnwmSt11align_val_t", &AlignedOrThrow);
  return fn;
}
NewAlignedFn NextNewArrayAligned() {
  static const NewAlignedFn fn = Next<NewAlignedFn>("_ZnamSt11align_val_t", &AlignedOrThrow);
  return fn;
}
DeleteFn NextDelete() {
  static const DeleteFn fn = Next<DeleteFn>("_ZdlPv", &Free);
  return fn;
}
DeleteFn NextDeleteArray() {
  static const DeleteFn fn = Next<DeleteFn>("_ZdaPv", &Free);
  return fn;
}
DeleteSizedFn NextDeleteSized() {
  static const DeleteSizedFn fn = Next<DeleteSizedFn>("_ZdlPvm", &FreeSized);
  return fn;
}
DeleteSizedFn NextDeleteArraySized() {
  static const DeleteSizedFn fn = Next<DeleteSizedFn>("_ZdaPvm", &FreeSized);
  return fn;
}
DeleteAlignedFn NextDeleteAligned() {
  static const DeleteAlignedFn fn = Next<DeleteAlignedFn>("_ZdlPvSt11align_val_t", &FreeAligned);
  return fn;
}
DeleteAlignedFn NextDeleteArrayAligned() {
  static const DeleteAlignedFn fn = Next<DeleteAlignedFn>("_ZdaPvSt11align_val_t", &FreeAligned);
  return fn;
}

}  // namespace

AllocationTotals AllocationCounterTotals() {
  AllocationTotals totals;
  int used = g_next_slot.load(std::memory_order_relaxed);
  if (used > kSlots) used = kSlots;
  for (int i = 0; i < used; ++i) {
    totals.allocations += g_slots[i].allocations.load(std::memory_order_relaxed);
    totals.deallocations += g_slots[i].deallocations.load(std::memory_order_relaxed);
    totals.bytes_allocated += g_slots[i].bytes.load(std::memory_order_relaxed);
  }
  return totals;
}

bool AllocationCounterLinked() { return true; }

}  // namespace hftbot::alloc

using hftbot::alloc::CountAllocation;
using hftbot::alloc::CountDeallocation;

void* operator new(std::size_t size) {
  CountAllocation(size);
  return hftbot::alloc::NextNew()(size);
}
void* operator new[](std::size_t size) {
  CountAllocation(size);
  return hftbot::alloc::NextNewArray()(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return operator new[](size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new(std::size_t size, std::align_val_t align) {
  CountAllocation(size);
  return hftbot::alloc::NextNewAligned()(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  CountAllocation(size);
  return hftbot::alloc::NextNewArrayAligned()(size, align);
}
void* operator new(std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  try {
    return operator new(size, align);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  try {
    return operator new[](size, align);
  } catch (...) {
    return nullptr;
  }
}

void operator delete(void* p) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDelete()(p);
}
void operator delete[](void* p) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDeleteArray()(p);
}
void operator delete(void* p, std::size_t size) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDeleteSized()(p, size);
}
void operator delete[](void* p, std::size_t size) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDeleteArraySized()(p, size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { operator delete[](p); }
void operator delete(void* p, std::align_val_t align) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDeleteAligned()(p, align);
}
void operator delete[](void* p, std::align_val_t align) noexcept {
  CountDeallocation(p);
  hftbot::alloc::NextDeleteArrayAligned()(p, align);
}
void operator delete(void* p, std::size_t, std::align_val_t align) noexcept {
  operator delete(p, align);
}
void operator delete[](void* p, std::size_t, std::align_val_t align) noexcept {
  operator delete[](p, align);
}
void operator delete(void* p, std::align_val_t align, const std::nothrow_t&) noexcept {
  operator delete(p, align);
}
void operator delete[](void* p, std::align_val_t align, const std::nothrow_t&) noexcept {
  operator delete[](p, align);
}
