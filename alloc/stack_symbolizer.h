// Names for the return addresses the profiler sampled: each address is mapped to its
// object (dladdr), then resolved in one addr2line run per object (function names of
// static functions too, which dladdr alone cannot see), falling back to the dynamic
// symbol, then to object+offset.
//
// Thread safety: call from one thread at a time (cold; runs subprocesses).

#ifndef HFTBOT_ALLOC_STACK_SYMBOLIZER_H_
#define HFTBOT_ALLOC_STACK_SYMBOLIZER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hftbot::alloc {

// address -> function name (demangled); every address in `addresses` gets an entry.
std::map<uintptr_t, std::string> Symbolize(const std::vector<uintptr_t>& addresses);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_STACK_SYMBOLIZER_H_
