// Allocator memory over time, sampled by the main thread while the replay runs
// (never by a hot-path thread), and its trend after the warm-up.
//
// Thread safety: plain values and pure functions.

#ifndef HFTBOT_PIPELINE_MEMORY_TIMELINE_H_
#define HFTBOT_PIPELINE_MEMORY_TIMELINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alloc/allocator.h"

namespace hftbot::pipeline {

struct MemorySample {
  double t_s = 0;  // since the replay started
  std::optional<uint64_t> allocated;
  std::optional<uint64_t> resident;
  uint64_t process_rss = 0;
  std::optional<double> fragmentation_pct;
  uint64_t processed = 0;  // events processed so far
};

struct MemoryTimeline {
  std::vector<MemorySample> samples;
  uint64_t sampler_thread_id = 0;  // the OS thread that took the samples (tests check it)
  double interval_s = 0;           // the sampling interval at the end (Sampler thins early samples)
};

MemorySample MakeMemorySample(double t_s, uint64_t processed, const alloc::MemoryStats& stats);

struct MemoryTrend {
  uint64_t rss_after_warmup = 0;  // first sample at or after 10% of the replay's events
  uint64_t rss_at_end = 0;
  double rss_growth_pct = 0;      // (end - after warm-up) / after warm-up
  std::optional<double> fragmentation_at_end_pct;
  std::optional<uint64_t> resident_at_end;
};
MemoryTrend TrendOf(const MemoryTimeline& timeline);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_MEMORY_TIMELINE_H_
