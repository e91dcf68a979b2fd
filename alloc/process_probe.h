// Allocator-independent facts about the running process that every allocator
// implementation uses as evidence: which shared object serves a symbol, which
// allocator libraries are mapped, resident memory, and the tuning environment.
//
// Thread safety: all functions are safe to call from any thread.

#ifndef HFTBOT_ALLOC_PROCESS_PROBE_H_
#define HFTBOT_ALLOC_PROCESS_PROBE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "alloc/allocator.h"

namespace hftbot::alloc {

// Path of the shared object (or the executable) whose definition of `symbol` the
// dynamic linker binds for this process; empty when the symbol is not found.
std::string ProviderOf(const char* symbol);

// Path of the mapped object that contains `address`; empty when none does.
std::string ObjectContaining(const void* address);

// The allocator libraries (libjemalloc, libmimalloc, libtcmalloc*) mapped into this
// process, as paths.
std::vector<std::string> LoadedAllocatorLibraries();

// Adds evidence that malloc and operator new resolve into a library whose file name
// contains `library_stem`, and that no other allocator library is loaded.
// Returns false if either check fails.
bool CheckSymbolProviders(const std::string& library_stem, ActiveCheck& check);

// Tuning environment variables as this process received them.
std::vector<Option> TuningEnvironment();

// Sets fragmentation_pct and the process figures of `stats`.
void CompleteStats(MemoryStats& stats);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_PROCESS_PROBE_H_
