#include "lab/replay_mode.h"

#include <fmt/format.h>

#include "lab/significance.h"

namespace hftbot::lab {

using nlohmann::json;

ReplayMode ModeOf(const json& report) {
  ReplayMode mode;
  const json& run = report.value("run", json::object());
  const json& speed = run.value("speed", json("max"));
  const json& rate = run.value("rate", json());
  mode.rate = rate.is_number() ? rate.get<double>() : 0;
  const bool speed_factor = speed.is_number() && speed.get<double>() > 0;
  const json& paced = run.value("paced", json());
  mode.paced = paced.is_boolean() ? paced.get<bool>() : (mode.rate > 0 || speed_factor);
  if (!mode.paced) {
    mode.description = "max speed";
  } else if (mode.rate > 0) {
    mode.description = fmt::format("paced at {:.0f} events/s", mode.rate);
  } else {
    mode.description = fmt::format("paced at speed {}", speed.is_number() ? speed.get<double>() : 0.0);
  }
  return mode;
}

std::vector<std::string> DefaultTestedMetrics(bool paced) {
  if (paced) return {"tick_to_order.p50", "tick_to_order.p99", "engine_service.p99", "peak_rss"};
  return {"throughput", "engine_service.p50", "engine_service.p99", "peak_rss"};
}

std::string DefaultLatencyMetric(bool paced) { return paced ? "tick_to_order.p99" : "engine_service.p99"; }

std::string QueueingNote(const ReplayMode& mode) {
  if (!mode.paced) {
    return "Replayed at max speed: the feed publishes as fast as it can, so end-to-end latency (tick_to_order) is "
           "the depth of the queue in front of a saturated engine — queueing, not the hot path. Throughput and "
           "engine_service (the work an allocator changes directly) are judged instead; pace with --rate N below "
           "saturation (see //lab:sweep) to read tick_to_order.";
  }
  return fmt::format(
      "Replayed {}: below saturation tick_to_order is the latency a trading bot sees; where a run could not keep "
      "up with the pace, its tick_to_order is queueing and it is named below.",
      mode.description);
}

std::optional<std::string> OverCapacity(const std::vector<json>& reports) {
  if (reports.empty()) return std::nullopt;
  const ReplayMode mode = ModeOf(reports.front());
  if (!mode.paced) return std::nullopt;
  std::vector<double> throughput, lag;
  for (const json& report : reports) {
    throughput.push_back(report.value("throughput_ticks_per_s", 0.0));
    const json& publish_lag = report.value("latency_ns", json::object()).value("publish_lag", json::object());
    if (publish_lag.value("p50", json()).is_number()) lag.push_back(publish_lag["p50"].get<double>());
  }
  const double achieved = SpreadOf(throughput).median;
  if (mode.rate > 0 && achieved < 0.95 * mode.rate) {
    return fmt::format("achieved {:.0f} events/s of the {:.0f} asked (median): over capacity, tick_to_order is "
                       "queueing",
                       achieved, mode.rate);
  }
  if (!lag.empty() && SpreadOf(lag).median > 100e3) {
    return fmt::format("the feed ran {:.0f} µs behind its schedule for half the events (publish_lag p50): over "
                       "capacity, tick_to_order is queueing",
                       SpreadOf(lag).median / 1e3);
  }
  return std::nullopt;
}

}  // namespace hftbot::lab
