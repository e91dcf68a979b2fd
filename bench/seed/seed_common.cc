#include "bench/seed/seed_common.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace hftbot::seed {

uint64_t PeakRssBytes() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 0;
  char line[256];
  uint64_t kib = 0;
  while (std::fgets(line, sizeof(line), status) != nullptr) {
    if (std::strncmp(line, "VmHWM:", 6) == 0) {
      kib = std::strtoull(line + 6, nullptr, 10);
      break;
    }
  }
  std::fclose(status);
  return kib * 1024;
}

void ReportPeakRss(benchmark::State& state) {
  state.counters["peak_rss_bytes"] = static_cast<double>(PeakRssBytes());
}

}  // namespace hftbot::seed
