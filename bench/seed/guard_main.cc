// //bench/seed:guard — the regression guard on two seed reports.
//
//   bazel run //bench/seed:guard -- --run hftbot-out/seed-<time>/seed.json
//   bazel run //bench/seed:guard -- --run new.json --baseline old.json --fail-on-regression
//
// Prints every case (per allocator) whose median time moved beyond its noise
// threshold, and peak RSS growth beyond --rss-pct (rules in regression_guard.h; a --quick
// run's lines are informational and never fail), then appends
// one JSON line to --history. Exit status: 0 (also with regressions, unless
// --fail-on-regression: then 3), 2 when a file is missing or is not a seed report.

#include <optional>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bench/seed/regression_guard.h"
#include "base/command_line.h"
#include "base/paths.h"
#include "base/version.h"

namespace hftbot::seed {
namespace {

nlohmann::json Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::invalid_argument("cannot open " + path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

int GuardMain(int argc, char** argv) {
  CLI::App app{"hftbot seed guard: a seed report against a baseline, regressions beyond noise"};
  std::string run_path, baseline_path, history_path = "hftbot-out/seed-history.jsonl";
  bool fail_on_regression = false, no_history = false;
  GuardOptions options;
  app.add_option("--run", run_path, "seed.json of the run to check")->required();
  app.add_option(
      "--baseline", baseline_path,
      "baseline seed.json (default: bench/seed/baseline.json, or baseline_quick.json for a "
      "--quick run)");
  app.add_option("--history", history_path,
                 "append one JSON line here (default hftbot-out/seed-history.jsonl)");
  app.add_flag("--no-history", no_history, "do not append to the history file");
  app.add_option("--floor-pct", options.floor_pct,
                 "smallest change ever flagged, percent (default 5)");
  app.add_option("--alpha", options.alpha, "Mann-Whitney significance level (default 0.05)");
  app.add_option("--rss-pct", options.rss_threshold_pct,
                 "peak RSS growth flagged, percent (default 10)");
  app.add_flag("--fail-on-regression", fail_on_regression, "exit 3 when a regression is found");
  app.set_version_flag("--version", std::string("seed guard (hftbot) ") + kHftbotVersion);
  if (std::optional<int> status = ParseCommandLine(app, argc, argv, "seed guard")) return *status;
  try {
    const nlohmann::json run = Load(ResolveUserPath(run_path));
    if (baseline_path.empty()) {
      const bool quick = run.value("meta", nlohmann::json::object()).value("quick", false);
      baseline_path = ResolveBundledFile(
          quick ? "bench/seed/baseline_quick.json" : "bench/seed/baseline.json", argv[0]);
    } else {
      baseline_path = ResolveUserPath(baseline_path);
    }
    const GuardResult result = CompareToBaseline(Load(baseline_path), run, options);
    std::cout << "baseline: " << baseline_path << "\n" << FormatGuard(result);
    if (!no_history) {
      const std::filesystem::path history = ResolveUserPath(history_path);
      if (history.has_parent_path()) std::filesystem::create_directories(history.parent_path());
      std::ofstream(history, std::ios::app) << HistoryEntry(run, result).dump() << "\n";
      std::cout << "appended to " << history.string() << "\n";
    }
    return fail_on_regression && !result.informational && !result.regressions.empty() ? 3 : 0;
  } catch (const std::exception& error) {
    std::cerr << "guard: " << error.what() << "\n";
    return 2;
  }
}

}  // namespace
}  // namespace hftbot::seed

int main(int argc, char** argv) { return hftbot::seed::GuardMain(argc, argv); }
