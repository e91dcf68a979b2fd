// The process's own memory figures from /proc, read without allocating through
// operator new, so benchmarks and allocation counters can call them mid-measurement.
//
// Thread safety: any thread.

#ifndef HFTBOT_BASE_PROCESS_MEMORY_H_
#define HFTBOT_BASE_PROCESS_MEMORY_H_

#include <cstdint>

namespace hftbot {

// Resident set size now (/proc/self/statm), bytes; 0 when unreadable.
uint64_t ProcessRssBytes();

// Peak resident set size (VmHWM in /proc/self/status), bytes; 0 when unreadable.
uint64_t ProcessPeakRssBytes();

}  // namespace hftbot

#endif  // HFTBOT_BASE_PROCESS_MEMORY_H_
