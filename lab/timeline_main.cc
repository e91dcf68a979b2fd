// //lab:timeline: one image of a bot run over time, from its interval log and report.
//
//   ./bazelw run //bot -- --rate 100000 --hlog run.hlog --report-json run.json
//   ./bazelw run //lab:timeline -- --hlog run.hlog --report-json run.json -o run.png
//
// Panels: each stage's p50/p99/p99.9/max per interval (log axis), then RSS over the
// same seconds. Exit status as every project binary: 0 done, 1 gnuplot failed, 2 bad
// input or option (naming the file, line or flag).

#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/command_line.h"
#include "base/paths.h"
#include "base/version.h"
#include "lab/latency_timeline.h"
#include "lab/timeline_plot.h"
#include "metrics/hlog_reader.h"

namespace hftbot::lab {
namespace {

class InputProblem : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

std::vector<MemoryPoint> ReadMemoryTimeline(const std::string& report_path) {
  std::ifstream in(report_path);
  if (!in) throw InputProblem(report_path + ": cannot open");
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& error) {
    throw InputProblem(report_path + ": not JSON: " + error.what());
  }
  if (!report.contains("memory_timeline") || !report["memory_timeline"].is_array()) {
    throw InputProblem(report_path + ": no memory_timeline array (is it a bot's --report-json?)");
  }
  std::vector<MemoryPoint> points;
  for (const auto& sample : report["memory_timeline"]) {
    if (!sample.contains("t_s") || !sample.contains("rss_bytes")) {
      throw InputProblem(report_path + ": a memory_timeline sample without t_s or rss_bytes");
    }
    MemoryPoint point;
    point.t_s = sample["t_s"].get<double>();
    point.rss_mib = sample["rss_bytes"].get<double>() / 1048576.0;
    if (sample.contains("resident_bytes") && sample["resident_bytes"].is_number()) {
      point.resident_mib = sample["resident_bytes"].get<double>() / 1048576.0;
    }
    points.push_back(point);
  }
  return points;
}

int Run(int argc, char** argv) {
  CLI::App app{"hftbot timeline: a run's latency per interval and its memory on one time axis"};
  app.set_version_flag("--version", std::string("timeline (hftbot) ") + kHftbotVersion);
  std::string hlog;
  std::string report_json;
  std::string out = "timeline.png";
  std::string stages = "tick_to_order,engine_service";
  std::string title;
  app.add_option("--hlog", hlog, "the bot's interval log (--hlog)")->required();
  app.add_option("--report-json", report_json, "the same run's JSON report: adds the memory panel");
  app.add_option("-o,--out", out, "the PNG to write")->capture_default_str();
  app.add_option("--stages", stages, "comma-separated stages, one panel each")->capture_default_str();
  app.add_option("--title", title, "the image's title (default: the log's file name)");
  if (std::optional<int> status = ParseCommandLine(app, argc, argv, "timeline")) return *status;
  hlog = ResolveUserPath(hlog);
  out = ResolveUserPath(out);
  try {
    const auto latency = ReadLatencyTimeline(hlog);
    const std::vector<std::string> panels = SplitList(stages);
    if (panels.empty()) throw InputProblem("--stages: no stage named");
    for (const std::string& stage : panels) {
      if (latency.count(stage) == 0) {
        std::string present;
        for (const auto& [tag, intervals] : latency) present += (present.empty() ? "" : ", ") + tag;
        throw InputProblem("--stages: " + hlog + " has no stage '" + stage + "' (it has: " + present + ")");
      }
    }
    std::vector<MemoryPoint> memory;
    if (!report_json.empty()) memory = ReadMemoryTimeline(ResolveUserPath(report_json));
    const std::string problem =
        PlotLatencyTimeline(out, title.empty() ? hlog : title, latency, panels, memory);
    if (!problem.empty()) {
      std::fprintf(stderr, "timeline: %s\n", problem.c_str());
      return 1;
    }
  } catch (const metrics::HlogParseError& error) {
    std::fprintf(stderr, "timeline: error: %s\n", error.what());
    return 2;
  } catch (const InputProblem& error) {
    std::fprintf(stderr, "timeline: error: %s\n", error.what());
    return 2;
  }
  std::printf("timeline: wrote %s\n", out.c_str());
  return 0;
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) { return hftbot::lab::Run(argc, argv); }
