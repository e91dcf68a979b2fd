// Latency and memory split by load: which parts of a run were bursts and which calm.
// An adaptive allocator is meant to win in bursts and give memory back when calm, so
// a whole-run p99 or peak RSS hides exactly what it trades; this splits them.
//
// A run's time is cut where its own figures say the load changed:
//   latency — each interval of its .hlog (--hlog) is a burst when its event rate
//             (engine_service values per second: that stage counts every processed
//             event) is at or above the threshold; the intervals of each regime are
//             merged into one histogram per stage, and its summary taken;
//   memory  — each memory_timeline sample of its report is a burst when the events
//             processed since the previous sample, per second, reach the threshold;
//             the regime's RSS is the mean and max of its samples' rss_bytes.
// The result is a JSON object the lab puts into the run's report as "load_regimes",
// where lab/metric.h's burst.* and calm.* metrics read it:
//   {"threshold_events_per_s": N,
//    "burst": {"intervals": n, "events": n, "seconds": s, "latency_ns": {stage: summary},
//              "samples": n, "rss_bytes_mean": b, "rss_bytes_max": b},
//    "calm": {...}}
// A regime no interval or sample fell into has no latency_ns / rss figures (never 0).
//
// Errors: throws metrics::HlogParseError naming the .hlog file and line.
// Thread safety: tool code; plain functions.

#ifndef HFTBOT_LAB_LOAD_REGIMES_H_
#define HFTBOT_LAB_LOAD_REGIMES_H_

#include <nlohmann/json.hpp>
#include <string>

namespace hftbot::lab {

// REQUIRES: threshold_events_per_s > 0.
nlohmann::json SplitByLoad(const std::string& hlog_path, const nlohmann::json& report, double threshold_events_per_s);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_LOAD_REGIMES_H_
