#include "lab/metric.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hftbot::lab {
namespace {

using nlohmann::json;

const std::vector<std::string>& Stats() {
  static const std::vector<std::string> stats = {"min", "p50", "p90", "p99", "p99_9", "p99_99", "max", "mean"};
  return stats;
}

// "p99_9" -> "p99.9" for headers.
std::string StatLabel(const std::string& stat) {
  std::string label = stat;
  std::replace(label.begin(), label.end(), '_', '.');
  return label;
}

constexpr double kMiB = 1048576.0;

// The peak of a memory_timeline field; nothing when no sample has it.
std::optional<double> TimelinePeak(const json& report, const char* key) {
  std::optional<double> peak;
  const json& timeline = report.value("memory_timeline", json::array());
  if (!timeline.is_array()) return peak;
  for (const json& sample : timeline) {
    if (sample.is_object() && sample.contains(key) && sample[key].is_number()) {
      peak = std::max(peak.value_or(sample[key].get<double>()), sample[key].get<double>());
    }
  }
  return peak;
}

std::optional<double> NumberAt(const json& report, const json::json_pointer& pointer) {
  if (!report.contains(pointer)) return std::nullopt;
  const json& value = report.at(pointer);
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

}  // namespace

const std::vector<std::string>& LatencyStages() {
  static const std::vector<std::string> stages = {"publish_lag",    "queue_wait",    "engine_service",
                                                  "tick_to_order", "order_to_wire", "gateway_service"};
  return stages;
}

std::optional<Metric> FindMetric(const std::string& name) {
  if (name == "throughput") return Metric{name, "throughput (ticks/s)", Direction::kHigherIsBetter, 1, 0, false};
  if (name == "peak_rss") return Metric{name, "peak RSS (MiB)", Direction::kLowerIsBetter, kMiB, 1, false};
  if (name == "resident") return Metric{name, "peak resident (MiB)", Direction::kLowerIsBetter, kMiB, 1, false};
  if (name == "allocated") return Metric{name, "peak allocated (MiB)", Direction::kLowerIsBetter, kMiB, 1, false};
  if (name == "fragmentation") return Metric{name, "fragmentation (%)", Direction::kLowerIsBetter, 1, 1, false};
  if (name == "allocs_per_event") return Metric{name, "allocs/event", Direction::kLowerIsBetter, 1, 2, false};
  std::string regime, rest = name;
  for (const char* prefix : {"burst", "calm"}) {
    if (name.rfind(std::string(prefix) + ".", 0) == 0) {
      regime = prefix;
      rest = name.substr(regime.size() + 1);
    }
  }
  const std::string when = regime.empty() ? "" : regime + " ";
  if (!regime.empty() && rest == "rss") {
    return Metric{name, fmt::format("{}RSS, mean (MiB)", when), Direction::kLowerIsBetter, kMiB, 1, false, true};
  }
  const auto dot = rest.find('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string stage = rest.substr(0, dot), stat = rest.substr(dot + 1);
  const auto& stages = LatencyStages();
  if (std::find(stages.begin(), stages.end(), stage) == stages.end()) return std::nullopt;
  if (std::find(Stats().begin(), Stats().end(), stat) == Stats().end()) return std::nullopt;
  return Metric{name, fmt::format("{}{} {} (µs)", when, stage, StatLabel(stat)), Direction::kLowerIsBetter, 1000, 2,
                true, !regime.empty()};
}

std::string MetricNamesHelp() {
  return fmt::format(
      "throughput, peak_rss, resident, allocated, fragmentation, allocs_per_event, or <stage>.<stat> with stage "
      "one of {} and stat one of {} (e.g. engine_service.p99); with --burst-rate also burst.<stage>.<stat>, "
      "calm.<stage>.<stat>, burst.rss and calm.rss",
      fmt::join(LatencyStages(), ", "), fmt::join(Stats(), ", "));
}

std::optional<std::vector<Metric>> ParseMetrics(const std::vector<std::string>& names, std::string* error) {
  std::vector<Metric> metrics;
  for (const std::string& name : names) {
    std::optional<Metric> metric = FindMetric(name);
    if (!metric) {
      *error = fmt::format("unknown metric '{}'; metrics: {}", name, MetricNamesHelp());
      return std::nullopt;
    }
    metrics.push_back(*metric);
  }
  return metrics;
}

std::optional<double> MetricValue(const json& report, const Metric& metric) {
  if (!report.is_object()) return std::nullopt;
  const std::string& name = metric.name;
  if (name == "throughput") return NumberAt(report, json::json_pointer("/throughput_ticks_per_s"));
  if (name == "peak_rss") return NumberAt(report, json::json_pointer("/memory/peak_rss_bytes"));
  if (name == "allocs_per_event") return NumberAt(report, json::json_pointer("/memory/allocs_per_tick"));
  if (name == "resident") return TimelinePeak(report, "resident_bytes");
  if (name == "allocated") return TimelinePeak(report, "allocated_bytes");
  if (name == "fragmentation") {
    std::optional<double> last;
    const json& timeline = report.value("memory_timeline", json::array());
    for (const json& sample : timeline) {
      if (sample.is_object() && sample.value("fragmentation_pct", json()).is_number()) {
        last = sample["fragmentation_pct"].get<double>();
      }
    }
    return last;
  }
  if (metric.by_load) {
    const auto dot = name.find('.');
    const std::string regime = name.substr(0, dot), rest = name.substr(dot + 1);
    if (rest == "rss") return NumberAt(report, json::json_pointer("/load_regimes/" + regime + "/rss_bytes_mean"));
    const auto stat_dot = rest.find('.');
    return NumberAt(report, json::json_pointer("/load_regimes/" + regime + "/latency_ns/" + rest.substr(0, stat_dot) +
                                               "/" + rest.substr(stat_dot + 1)));
  }
  const auto dot = name.find('.');
  return NumberAt(report, json::json_pointer("/latency_ns/" + name.substr(0, dot) + "/" + name.substr(dot + 1)));
}

std::string FormatValue(const Metric& metric, double raw) {
  if (std::isnan(raw)) return "n/a";
  const double shown = raw / metric.scale;
  if (metric.name == "throughput") {
    if (shown >= 1e6) return fmt::format("{:.3f} M", shown / 1e6);
    if (shown >= 1e3) return fmt::format("{:.1f} k", shown / 1e3);
    return fmt::format("{:.0f}", shown);
  }
  return fmt::format("{:.{}f}", shown, metric.digits);
}

}  // namespace hftbot::lab
