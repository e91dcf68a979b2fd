#include "lab/compare_plots.h"

#include <fmt/format.h>

#include "lab/plot.h"
#include "lab/replay_mode.h"
#include "lab/run_report.h"
#include "metrics/hgrm.h"
#include "metrics/hlog_reader.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

// (interval start in s, p99 in µs) of every interval of `stage` in an .hlog file.
std::vector<std::pair<double, double>> IntervalP99(const std::string& hlog_path, const std::string& stage) {
  std::vector<std::pair<double, double>> points;
  metrics::HlogReader reader(hlog_path);
  while (std::optional<metrics::HlogEntry> entry = reader.Next()) {
    if (entry->tag == stage && entry->histogram.Count() > 0) {
      points.emplace_back(entry->start_s, static_cast<double>(entry->histogram.ValueAtPercentile(99)) / 1000.0);
    }
  }
  return points;
}

// Adds `png`'s name to `written`, or why it was not made to `problems`.
void Note(const std::string& png, const std::string& problem, std::vector<std::string>* written,
          std::vector<std::string>* problems) {
  if (problem.empty()) {
    written->push_back(png);
  } else {
    problems->push_back(png + ": " + problem);
  }
}

}  // namespace

std::vector<std::string> WriteComparePlots(const std::string& out_dir, const json& analysis,
                                           const std::vector<std::string>& profiles,
                                           const std::vector<std::string>& arms, std::vector<std::string>* problems) {
  std::vector<std::string> written;
  for (const std::string& profile : profiles) {
    const json& p = analysis.value(profile, json::object());
    if (!p.contains("arms")) continue;
    const std::string headline = DefaultLatencyMetric(p["paced"].get<bool>());
    const std::string stage = headline.substr(0, headline.find('.'));
    std::vector<PlotSeries> latency, over_time, memory;
    for (const std::string& arm : arms) {
      const json& dir = p["arms"][arm].value("median_run_dir", json());
      if (!dir.is_string()) continue;
      const std::string hgrm_path = dir.get<std::string>() + "/" + stage + ".hgrm";
      try {
        PlotSeries line{arm, {}, 0, 1};
        for (const metrics::HgrmRow& row : metrics::ParseHgrmFile(hgrm_path).rows) {
          const double pct = row.percentile * 100.0;
          if (pct >= 50.0 && pct <= 99.99 && row.value > 0) line.points.emplace_back(pct, row.value);
        }
        latency.push_back(line);
      } catch (const std::exception& error) {
        problems->push_back(fmt::format("{} {}: no {} percentiles ({})", profile, arm, stage, error.what()));
      }
      try {
        over_time.push_back({arm + " p99", IntervalP99(dir.get<std::string>() + "/latency.hlog", stage), 0, 1});
      } catch (const std::exception& error) {
        problems->push_back(fmt::format("{} {}: no {} intervals ({})", profile, arm, stage, error.what()));
      }
      json report;
      if (LoadJsonFile(dir.get<std::string>() + "/report.json", &report).empty()) {
        PlotSeries line{arm + " RSS", {}, 0, 1};
        for (const json& sample : report.value("memory_timeline", json::array())) {
          if (sample.value("t_s", json()).is_number() && sample.value("rss_bytes", json()).is_number()) {
            line.points.emplace_back(sample["t_s"].get<double>(), sample["rss_bytes"].get<double>() / 1048576.0);
          }
        }
        memory.push_back(line);
      }
    }
    const std::string latency_png = fmt::format("latency-{}.png", profile);
    const std::string over_time_png = fmt::format("latency-over-time-{}.png", profile);
    const std::string memory_png = fmt::format("memory-{}.png", profile);
    const std::string mode = p["mode"].get<std::string>();
    Note(latency_png,
         PlotLatencyPercentiles(out_dir + "/" + latency_png,
                                fmt::format("{} latency by percentile, median run of each allocator ({}, {})", stage,
                                            profile, mode),
                                latency),
         &written, problems);
    Note(over_time_png,
         PlotLatencyOverTime(out_dir + "/" + over_time_png,
                             fmt::format("{} p99 per interval, median run of each allocator ({}, {})", stage, profile,
                                         mode),
                             over_time),
         &written, problems);
    Note(memory_png,
         PlotMemoryOverTime(out_dir + "/" + memory_png,
                            fmt::format("process RSS during the replay, median run ({})", profile), memory),
         &written, problems);
  }
  return written;
}

}  // namespace hftbot::lab
