// Latency over time from a bot's interval log (--hlog): for each stage, each
// interval's count and p50/p99/p99.9/max, in µs, on the replay's time axis. The
// project's own tools read the logs they write (metrics/hlog_reader.h); HdrHistogram's
// tools read the same files.
//
// Errors: throws metrics::HlogParseError naming the file and line.
//
// Thread safety: tool code; plain functions.

#ifndef HFTBOT_LAB_LATENCY_TIMELINE_H_
#define HFTBOT_LAB_LATENCY_TIMELINE_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace hftbot::lab {

struct IntervalLatency {
  double t_s = 0;       // the interval's end, seconds after the log's base time
  double length_s = 0;
  int64_t count = 0;
  double p50_us = 0;
  double p99_us = 0;
  double p99_9_us = 0;
  double max_us = 0;
};

// stage tag -> its intervals in log order. Empty intervals (no value recorded) are
// kept with count 0, so a stall shows as a gap rather than vanishing. The bot records
// nanoseconds.
std::map<std::string, std::vector<IntervalLatency>> ReadLatencyTimeline(const std::string& hlog_path);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_LATENCY_TIMELINE_H_
