// mimalloc's version and options (MIMALLOC_* environment), shared by the mimalloc and
// hybrid allocator reports.
//
// Thread safety: every function may be called from any thread.

#ifndef HFTBOT_ALLOC_MIMALLOC_OPTIONS_H_
#define HFTBOT_ALLOC_MIMALLOC_OPTIONS_H_

#include <string>
#include <vector>

#include "alloc/allocator.h"

namespace hftbot::alloc {

std::string MimallocVersion();  // "2.0.9", from mi_version()

// Every mi_option_t of the installed mimalloc with the value it runs with.
std::vector<Option> MimallocEffectiveOptions();

// Appends a sentence to `problems` when the MIMALLOC_* variable `env` names no option,
// a deprecated one, or a value mimalloc did not take.
void CheckMimallocEnvironment(const Option& env, std::vector<std::string>& problems);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_MIMALLOC_OPTIONS_H_
