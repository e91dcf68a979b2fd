#include "pipeline/memory_timeline.h"

namespace hftbot::pipeline {

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

MemoryTrend TrendOf(const MemoryTimeline& timeline) {
  MemoryTrend trend;
  if (timeline.samples.empty()) return trend;
  const MemorySample& last = timeline.samples.back();
  uint64_t warm = last.processed / 10;
  const MemorySample* after_warmup = &timeline.samples.front();
  for (const MemorySample& sample : timeline.samples) {
    after_warmup = &sample;
    if (sample.processed >= warm && sample.processed > 0) break;
  }
  trend.rss_after_warmup = after_warmup->process_rss;
  trend.rss_at_end = last.process_rss;
  if (trend.rss_after_warmup > 0) {
    trend.rss_growth_pct = (static_cast<double>(trend.rss_at_end) - static_cast<double>(trend.rss_after_warmup)) /
                           static_cast<double>(trend.rss_after_warmup) * 100.0;
  }
  trend.fragmentation_at_end_pct = last.fragmentation_pct;
  trend.resident_at_end = last.resident;
  return trend;
}

}  // namespace hftbot::pipeline
