// Counts heap allocations made through the global operator new, for tests that
// prove a code path allocates nothing. Linking this library replaces the global
// operator new/delete of the whole test binary (they forward to malloc/free, so
// the --//alloc allocator still serves them); link it into alloc tests only.
//
// Thread safety: the counter is atomic (relaxed: tests read it from the thread that
// allocates, and only need a total).

#ifndef HFTBOT_ENGINE_ALLOC_COUNTER_H_
#define HFTBOT_ENGINE_ALLOC_COUNTER_H_

#include <cstdint>

namespace hftbot::engine::testing {

// Calls to any global operator new since the program started.
uint64_t AllocationCount();

// False when another replacement (a sanitizer runtime's) wins over ours, so counts
// mean nothing; tests skip then.
bool AllocationCounterActive();

}  // namespace hftbot::engine::testing

#endif  // HFTBOT_ENGINE_ALLOC_COUNTER_H_
