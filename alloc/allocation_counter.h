// Counts C++ heap allocations (operator new / delete) made by this process, the
// same way under every allocator: allocation_counter.cc replaces the global
// operator new and delete, records each call with //alloc:allocation_recorder
// (alloc/allocation_recorder.h: per thread, per component, and the optional
// profile), and forwards to the definitions they replace (the allocator library's
// own operator new if it has one, else libstdc++'s, which calls malloc). Link
// //alloc:allocation_counter into a binary to enable it.
//
// Counting is per thread (one cache line per thread and component, written only by
// its owner), so it adds no contention; the cost is a few thread-local loads and
// stores and an indirect call per allocation (measured in bench/seed, stated in the
// README). C malloc calls are not counted: hftbot's own code allocates only through
// new and the component memory resources, which record themselves.
//
// Thread safety: as alloc/allocation_recorder.h.

#ifndef HFTBOT_ALLOC_ALLOCATION_COUNTER_H_
#define HFTBOT_ALLOC_ALLOCATION_COUNTER_H_

#include "alloc/allocation_recorder.h"  // IWYU pragma: export

namespace hftbot::alloc {

// An address inside the object (executable or, in dynamically linked tests, shared
// library) that defines the counting operator new: proof that it is the definition
// the dynamic linker binds is ObjectContaining(this) == ProviderOf("_Znwm").
const void* CountingOperatorNewObject();

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATION_COUNTER_H_
