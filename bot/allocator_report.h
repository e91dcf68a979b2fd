// The allocator block of the console report: name, version, proof that it is
// active, its effective options and its memory statistics.

#ifndef HFTBOT_BOT_ALLOCATOR_REPORT_H_
#define HFTBOT_BOT_ALLOCATOR_REPORT_H_

#include <ostream>

#include "alloc/allocator.h"

namespace hftbot::bot {

struct AllocatorSnapshot {
  alloc::AllocatorInfo info;
  alloc::ActiveCheck active;
  alloc::AllocatorOptions options;
  alloc::MemoryStats stats;
};

// Reads everything //alloc:allocator knows. Not for a hot path (spawns ld.so for glibc).
AllocatorSnapshot TakeAllocatorSnapshot();

// Writes the block; the first two lines are "allocator: <name> <version>" and
// "active: yes|no", which scripts may rely on.
void WriteAllocatorBlock(std::ostream& out, const AllocatorSnapshot& snapshot);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_ALLOCATOR_REPORT_H_
