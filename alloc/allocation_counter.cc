#include "alloc/allocation_counter.h"

#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string_view>

namespace hftbot::alloc {
namespace {

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
  // posix_memalign rejects alignments below sizeof(void*) (EINVAL); aligned new may ask
  // for 1 (std::pmr::new_delete_resource does for char).
  std::size_t alignment = std::max(static_cast<std::size_t>(align), sizeof(void*));
  void* p = nullptr;
  if (posix_memalign(&p, alignment, size == 0 ? 1 : size) != 0) {
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

int object_marker = 0;

}  // namespace

const void* CountingOperatorNewObject() { return &object_marker; }

}  // namespace hftbot::alloc

using hftbot::alloc::RecordAllocation;
using hftbot::alloc::RecordDeallocation;

void* operator new(std::size_t size) {
  void* p = hftbot::alloc::NextNew()(size);
  RecordAllocation(p, size);
  return p;
}
void* operator new[](std::size_t size) {
  void* p = hftbot::alloc::NextNewArray()(size);
  RecordAllocation(p, size);
  return p;
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
  void* p = hftbot::alloc::NextNewAligned()(size, align);
  RecordAllocation(p, size);
  return p;
}
void* operator new[](std::size_t size, std::align_val_t align) {
  void* p = hftbot::alloc::NextNewArrayAligned()(size, align);
  RecordAllocation(p, size);
  return p;
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
  RecordDeallocation(p);
  hftbot::alloc::NextDelete()(p);
}
void operator delete[](void* p) noexcept {
  RecordDeallocation(p);
  hftbot::alloc::NextDeleteArray()(p);
}
void operator delete(void* p, std::size_t size) noexcept {
  RecordDeallocation(p);
  hftbot::alloc::NextDeleteSized()(p, size);
}
void operator delete[](void* p, std::size_t size) noexcept {
  RecordDeallocation(p);
  hftbot::alloc::NextDeleteArraySized()(p, size);
}
void operator delete(void* p, const std::nothrow_t&) noexcept { operator delete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { operator delete[](p); }
void operator delete(void* p, std::align_val_t align) noexcept {
  RecordDeallocation(p);
  hftbot::alloc::NextDeleteAligned()(p, align);
}
void operator delete[](void* p, std::align_val_t align) noexcept {
  RecordDeallocation(p);
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
