#include "bench/seed/seed_common.h"

#include "base/process_memory.h"

namespace hftbot::seed {

void ReportPeakRss(benchmark::State& state) {
  state.counters["peak_rss_bytes"] = static_cast<double>(ProcessPeakRssBytes());
}

}  // namespace hftbot::seed
