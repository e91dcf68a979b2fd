// The figures the lab tools read out of a bot report (--report-json) and compare:
// throughput, a latency statistic of one stage ("engine_service.p99"), and memory.
// Names are validated before anything runs, so a typo costs no measurement.
//
//   throughput              throughput_ticks_per_s (higher is better)
//   <stage>.<stat>          latency_ns.<stage>.<stat>, shown in µs; stage one of
//                           publish_lag, queue_wait, engine_service, tick_to_order,
//                           order_to_wire, gateway_service; stat one of min, p50, p90,
//                           p99, p99_9, p99_99, max, mean
//   peak_rss                memory.peak_rss_bytes (MiB)
//   resident, allocated     the allocator's peak over memory_timeline (MiB; not every
//                           allocator reports both)
//   fragmentation           the last memory_timeline fragmentation_pct
//   allocs_per_event        memory.allocs_per_tick
//   burst.<stage>.<stat>,   the same statistic over the run's bursts or calm periods,
//   calm.<stage>.<stat>     and the mean RSS in each (burst.rss, calm.rss): read from
//   burst.rss, calm.rss     the "load_regimes" object lab/load_regimes.h adds to a
//                           report (compare --burst-rate)
//
// Thread safety: pure functions over immutable tables.

#ifndef HFTBOT_LAB_METRIC_H_
#define HFTBOT_LAB_METRIC_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lab/verdict.h"

namespace hftbot::lab {

struct Metric {
  std::string name;   // as typed: "throughput", "tick_to_order.p99"
  std::string label;  // table header: "tick_to_order p99 (µs)"
  Direction direction = Direction::kLowerIsBetter;
  double scale = 1;   // shown = raw / scale
  int digits = 2;     // decimals shown
  bool latency = false;  // a latency figure: plotted on a logarithmic axis
  bool by_load = false;  // burst.* or calm.*: needs the run's load_regimes (lab/load_regimes.h)
};

// The metric called `name`, or nothing.
std::optional<Metric> FindMetric(const std::string& name);

// Every accepted name, for error messages and --help.
std::string MetricNamesHelp();

// Each of `names` as a Metric; on an unknown name, nothing and `error` says which and
// lists the accepted ones.
std::optional<std::vector<Metric>> ParseMetrics(const std::vector<std::string>& names, std::string* error);

// The figure in `report`, or nothing when the report does not have it (an allocator
// that does not report allocated bytes, a stage this bot does not measure).
std::optional<double> MetricValue(const nlohmann::json& report, const Metric& metric);

// `raw` in the metric's display unit, e.g. "1.56 M" for throughput, "12.34" for µs.
std::string FormatValue(const Metric& metric, double raw);

// The latency stages of the report contract, in pipeline order.
const std::vector<std::string>& LatencyStages();

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_METRIC_H_
