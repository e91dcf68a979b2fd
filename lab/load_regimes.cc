#include "lab/load_regimes.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

// The stage whose count is the number of events processed in an interval.
constexpr const char* kEveryEventStage = "engine_service";

struct Regime {
  int intervals = 0;
  int64_t events = 0;
  double seconds = 0;
  std::map<std::string, std::optional<metrics::Histogram>> stages;  // merged intervals
  int samples = 0;
  double rss_sum = 0, rss_max = 0;
};

json SummaryJson(const metrics::Summary& s) {
  return {{"count", s.count}, {"min", s.min},     {"p50", s.p50},       {"p90", s.p90},   {"p99", s.p99},
          {"p99_9", s.p99_9}, {"p99_99", s.p99_99}, {"max", s.max},     {"mean", s.mean}};
}

json RegimeJson(const Regime& regime) {
  json out = {{"intervals", regime.intervals}, {"events", regime.events}, {"seconds", regime.seconds},
              {"samples", regime.samples}};
  json latency = json::object();
  for (const auto& [stage, histogram] : regime.stages) {
    if (histogram && histogram->Count() > 0) latency[stage] = SummaryJson(histogram->Summarize());
  }
  if (!latency.empty()) out["latency_ns"] = latency;
  if (regime.samples > 0) {
    out["rss_bytes_mean"] = regime.rss_sum / regime.samples;
    out["rss_bytes_max"] = regime.rss_max;
  }
  return out;
}

}  // namespace

json SplitByLoad(const std::string& hlog_path, const json& report, double threshold_events_per_s) {
  // An interval's lines (one per stage) are written together and share its start:
  // judge each interval when its last line has been read, so only one interval's
  // histograms are held at a time, however long the run.
  Regime burst, calm;
  auto add_interval = [&](std::vector<metrics::HlogEntry>& entries) {
    auto every_event = std::find_if(entries.begin(), entries.end(),
                                    [](const metrics::HlogEntry& e) { return e.tag == kEveryEventStage; });
    if (every_event == entries.end() || every_event->length_s <= 0) return;
    const int64_t events = every_event->histogram.Count();
    Regime& regime = static_cast<double>(events) / every_event->length_s >= threshold_events_per_s ? burst : calm;
    regime.intervals += 1;
    regime.events += events;
    regime.seconds += every_event->length_s;
    for (metrics::HlogEntry& entry : entries) {
      std::optional<metrics::Histogram>& merged = regime.stages[entry.tag];
      if (!merged) {
        merged = std::move(entry.histogram);
      } else {
        merged->Add(entry.histogram);
      }
    }
  };
  std::vector<metrics::HlogEntry> interval;
  metrics::HlogReader reader(hlog_path);
  while (std::optional<metrics::HlogEntry> entry = reader.Next()) {
    if (!interval.empty() && entry->start_s != interval.front().start_s) {
      add_interval(interval);
      interval.clear();
    }
    interval.push_back(std::move(*entry));
  }
  if (!interval.empty()) add_interval(interval);

  const json& timeline = report.value("memory_timeline", json::array());
  std::optional<std::pair<double, double>> previous;  // (t_s, processed)
  for (const json& sample : timeline) {
    if (!sample.is_object() || !sample.value("t_s", json()).is_number() ||
        !sample.value("processed", json()).is_number() || !sample.value("rss_bytes", json()).is_number()) {
      continue;
    }
    const double t = sample["t_s"].get<double>(), processed = sample["processed"].get<double>();
    if (previous && t > previous->first) {
      const double rate = (processed - previous->second) / (t - previous->first);
      Regime& regime = rate >= threshold_events_per_s ? burst : calm;
      const double rss = sample["rss_bytes"].get<double>();
      regime.samples += 1;
      regime.rss_sum += rss;
      regime.rss_max = std::max(regime.rss_max, rss);
    }
    previous = {t, processed};
  }
  return {{"threshold_events_per_s", threshold_events_per_s}, {"burst", RegimeJson(burst)}, {"calm", RegimeJson(calm)}};
}

}  // namespace hftbot::lab
