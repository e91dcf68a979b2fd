// Pinning threads to CPUs, so a measurement does not depend on where the scheduler
// happened to put a thread.
//
// Thread safety: each call affects only the calling thread.

#ifndef HFTBOT_PIPELINE_CPU_AFFINITY_H_
#define HFTBOT_PIPELINE_CPU_AFFINITY_H_

namespace hftbot::pipeline {

// Pins the calling thread to `cpu`; false (and no change) when not possible.
[[nodiscard]] bool PinCurrentThread(int cpu);

// Lets the calling thread run on every CPU of the process's original affinity mask.
void UnpinCurrentThread();

// The CPU the calling thread runs on now (may change unless pinned).
int CurrentCpu();

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_CPU_AFFINITY_H_
