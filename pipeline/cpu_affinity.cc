#include "pipeline/cpu_affinity.h"

#include <pthread.h>
#include <sched.h>

namespace hftbot::pipeline {
namespace {

// The mask the process started with, read once before any thread pins itself.
const cpu_set_t& ProcessMask() {
  static const cpu_set_t mask = [] {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) {
      for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) CPU_SET(cpu, &set);
    }
    return set;
  }();
  return mask;
}

}  // namespace

bool PinCurrentThread(int cpu) {
  (void)ProcessMask();
  if (cpu < 0 || cpu >= CPU_SETSIZE) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

void UnpinCurrentThread() { pthread_setaffinity_np(pthread_self(), sizeof(cpu_set_t), &ProcessMask()); }

int CurrentCpu() { return sched_getcpu(); }

}  // namespace hftbot::pipeline
