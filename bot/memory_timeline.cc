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

std::vector<std::string> MemoryWarnings(const MemoryTrend& trend, double rss_growth_warn_pct,
                                        double fragmentation_warn_pct) {
  std::vector<std::string> warnings;
  if (trend.rss_growth_pct > rss_growth_warn_pct) {
    warnings.push_back("RSS grew " + std::to_string(static_cast<int>(trend.rss_growth_pct)) +
                       "% after the warm-up (" + std::to_string(trend.rss_after_warmup >> 20) + " -> " +
                       std::to_string(trend.rss_at_end >> 20) + " MiB): a leak, a growing history, or the allocator "
                       "not returning memory");
  }
  // Fragmentation of a heap of a few MiB is the allocator's fixed start-up footprint, not a finding.
  constexpr uint64_t kMinHeapForFragmentation = 64ull << 20;
  if (trend.fragmentation_at_end_pct && *trend.fragmentation_at_end_pct > fragmentation_warn_pct &&
      trend.resident_at_end.value_or(0) >= kMinHeapForFragmentation) {
    warnings.push_back("allocator fragmentation is " + std::to_string(static_cast<int>(*trend.fragmentation_at_end_pct)) +
                       "% of resident memory at the end: memory held but not used by live allocations");
  }
  return warnings;
}

}  // namespace hftbot::bot
