// Facts about the machine a run happened on, for reports that must say where their
// figures came from.
//
// Thread safety: reads /proc and uname; call from any thread, not from a hot path.

#ifndef HFTBOT_BASE_HOST_INFO_H_
#define HFTBOT_BASE_HOST_INFO_H_

#include <string>

namespace hftbot {

// The CPU's model name from /proc/cpuinfo, or "unknown".
std::string CpuModel();

// "Linux 6.1.0-...", or "unknown".
std::string KernelRelease();

// CPUs this process may run on (its affinity mask), at least 1.
int UsableCpuCount();

// True when `cpu` is in this process's affinity mask.
bool CpuUsable(int cpu);

}  // namespace hftbot

#endif  // HFTBOT_BASE_HOST_INFO_H_
