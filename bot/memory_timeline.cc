#include "bot/memory_timeline.h"

namespace hftbot::bot {

MemorySample MakeMemorySample(double t_s, uint64_t processed, const alloc::MemoryStats& stats) {
  MemorySample sample;
  sample.t_s = t_s;
  sample.allocated = stats.allocated;
  sample.resident = stats.resident;
  sample.process_rss = stats.process_rss;
  sample.fragmentation_pct = stats.fragmentation_pct;
  sample.processed = processed;
  return sample;
}

}  // namespace hftbot::bot
