// How a bot run was replayed (paced, or at max speed) and what that means for which
// figures mean something. At --speed max the feed publishes as fast as it can, so the
// end-to-end tick_to_order latency is the depth of the queue in front of a saturated
// engine: the lab tools then judge throughput and engine_service (the work an
// allocator changes directly). Paced below saturation, tick_to_order is the latency a
// trading bot sees, and is the headline.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_REPLAY_MODE_H_
#define HFTBOT_LAB_REPLAY_MODE_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

struct ReplayMode {
  bool paced = false;
  double rate = 0;  // events/s when paced at a fixed rate, else 0
  std::string description;  // "max speed", "paced at 100000 events/s", "paced at speed 1"
};

// From the report's run{paced, speed, rate}.
ReplayMode ModeOf(const nlohmann::json& report);

// The metrics compare tests by default: at max speed throughput, engine_service p50
// and p99 and peak RSS; paced, tick_to_order p50 and p99, engine_service p99 and peak RSS.
std::vector<std::string> DefaultTestedMetrics(bool paced);

// The one latency figure that means something in the mode: engine_service.p99 at max
// speed, tick_to_order.p99 paced.
std::string DefaultLatencyMetric(bool paced);

// A plain sentence on whether end-to-end latency is queueing, for the reports.
std::string QueueingNote(const ReplayMode& mode);

// Paced runs that could not keep up: the label and why (throughput below 95% of the
// asked rate, or the feed more than 100 µs behind its schedule for half the events).
// Empty when `reports` kept up (or are not paced).
std::optional<std::string> OverCapacity(const std::vector<nlohmann::json>& reports);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_REPLAY_MODE_H_
