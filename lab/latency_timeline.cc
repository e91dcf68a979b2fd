#include "lab/latency_timeline.h"

#include "metrics/hlog_reader.h"

namespace hftbot::lab {

std::map<std::string, std::vector<IntervalLatency>> ReadLatencyTimeline(const std::string& hlog_path) {
  std::map<std::string, std::vector<IntervalLatency>> timeline;
  metrics::HlogReader reader(hlog_path);
  while (std::optional<metrics::HlogEntry> entry = reader.Next()) {
    const metrics::Histogram& h = entry->histogram;
    IntervalLatency interval;
    interval.t_s = entry->start_s + entry->length_s;
    interval.length_s = entry->length_s;
    interval.count = h.Count();
    if (interval.count > 0) {
      const metrics::Summary summary = h.Summarize();
      interval.p50_us = static_cast<double>(summary.p50) / 1e3;
      interval.p99_us = static_cast<double>(summary.p99) / 1e3;
      interval.p99_9_us = static_cast<double>(summary.p99_9) / 1e3;
      interval.max_us = static_cast<double>(summary.max) / 1e3;
    }
    timeline[entry->tag].push_back(interval);
  }
  return timeline;
}

}  // namespace hftbot::lab
