// //bench/seed:report — the seed suite under every allocator, in one command.
//
//   bazel run //bench/seed:report                     # full run: 10 repetitions per case
//   bazel run //bench/seed:report -- --quick          # CI smoke: 3 repetitions of 1 iteration
//   bazel run //bench/seed:report -- --baseline bench/seed/baseline.json
//
// The suite (//bench/seed:seed_bench, and seed_bench_counted for allocation counts)
// is built once per allocator by a split transition (//bench/seed:seed_variants).
// Each workload runs in a fresh process per allocator (its own peak RSS, a clean
// heap), allocators in rotating order so a drift on a shared machine hits all alike;
// Google Benchmark's repetitions give the spread. Writes seed.json, seed.md and
// seed.png into --out and prints the summary table. Exit status: 0, or 1 when a
// benchmark process failed (crashed, or did not write its JSON), or 3 with
// --fail-on-regression when the guard found a regression. Timing alone never fails it.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "bench/seed/regression_guard.h"
#include "bench/seed/seed_report.h"
#include "lab/bar_chart.h"
#include "base/command_line.h"
#include "base/host_info.h"
#include "base/paths.h"
#include "lab/output_dir.h"
#include "lab/subprocess.h"
#include "base/version.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;

const std::vector<std::string> kAllocators = {"system", "jemalloc", "mimalloc", "tcmalloc"};

// UTC now, ISO 8601 ("2026-11-22T03:00:00Z").
std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Host() {
  return fmt::format("{}, {} cores, {}", CpuModel(), std::thread::hardware_concurrency(), KernelRelease());
}

std::string GitCommit() {
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (workspace == nullptr) return "unknown";
  lab::ProcessResult git =
      lab::RunProcess({"/usr/bin/git", "-C", workspace, "rev-parse", "--short", "HEAD"});
  if (git.exit_code != 0) return "unknown";
  std::string commit = git.stdout_text.substr(0, git.stdout_text.find('\n'));
  lab::ProcessResult dirty =
      lab::RunProcess({"/usr/bin/git", "-C", workspace, "status", "--porcelain", "--", "bench"});
  return commit + (dirty.exit_code == 0 && !dirty.stdout_text.empty() ? "+dirty(bench)" : "");
}

struct Job {
  std::string label;   // e.g. "order_book_ops"
  std::string binary;  // the variant to run
  std::string filter;  // --benchmark_filter
  std::string allocator;
  bool counted = false;
};

int ReportMain(int argc, char** argv) {
  CLI::App app{"hftbot seed suite: the lesson's workloads under every allocator, one table"};
  bool quick = false, fail_on_regression = false;
  int repetitions = 0;
  double frag_warn_pct = 30;
  std::string out_dir, baseline_path, history_path = "hftbot-out/seed-history.jsonl";
  std::vector<std::string> only;
  app.add_flag("--quick", quick,
               "smoke run: 3 repetitions of 1 iteration per case, fewer sweep points");
  app.add_option("--repetitions", repetitions,
                 "Google Benchmark repetitions per case (default 10; quick 3)")
      ->check(CLI::Range(1, 100));
  app.add_option("--workloads", only, "run only these workloads (comma separated)")->delimiter(',');
  app.add_option("--frag-warn-pct", frag_warn_pct,
                 "memory_monitor fragmentation warning threshold (default 30)");
  app.add_option("--out", out_dir,
                 "output folder (default: hftbot-out/seed-<UTC time> where you ran the command)");
  app.add_option("--baseline", baseline_path,
                 "compare against this seed.json and append to --history");
  app.add_option("--history", history_path,
                 "history file the guard appends to (default hftbot-out/seed-history.jsonl)");
  app.add_flag("--fail-on-regression", fail_on_regression,
               "exit 3 when the guard finds a regression");
  app.set_version_flag("--version", std::string("seed report (hftbot) ") + kHftbotVersion);
  if (std::optional<int> status = ParseCommandLine(app, argc, argv, "seed report")) return *status;
  if (repetitions == 0) repetitions = quick ? 3 : 10;
  std::vector<std::string> workloads;
  for (const std::string& w : Workloads()) {
    if (only.empty() || std::find(only.begin(), only.end(), w) != only.end())
      workloads.push_back(w);
  }
  for (const std::string& w : only) {
    if (std::find(Workloads().begin(), Workloads().end(), w) == Workloads().end()) {
      std::cerr << "report: unknown workload '" << w << "'\n";
      return 2;
    }
  }
  out_dir = out_dir.empty() ? lab::DefaultOutputDir("seed") : ResolveUserPath(out_dir);
  std::filesystem::create_directories(out_dir + "/raw");

  const std::filesystem::path timed_dir =
      std::filesystem::absolute(ResolveBundledFile("bench/seed/seed_variants", argv[0]));
  const std::filesystem::path counted_dir = std::filesystem::absolute(
      ResolveBundledFile("bench/seed/seed_counted_variants", argv[0]));
  std::vector<Job> jobs;
  for (size_t w = 0; w < workloads.size(); ++w) {
    for (size_t k = 0; k < kAllocators.size(); ++k) {
      // Rotate the start per workload so no allocator always runs first.
      const std::string& allocator = kAllocators[(k + w) % kAllocators.size()];
      jobs.push_back({workloads[w], (timed_dir / allocator / "seed_bench").string(),
                      "^" + workloads[w] + "/", allocator, false});
    }
  }
  for (const std::string& allocator : kAllocators) {
    jobs.push_back({"counter_overhead", (timed_dir / allocator / "seed_bench").string(),
                    "^(counter_overhead|control)/", allocator, false});
    jobs.push_back({"counted", (counted_dir / allocator / "seed_bench_counted").string(),
                    "^(trading_engine_sim|counter_overhead)/", allocator, true});
  }

  std::map<std::string, AllocatorRuns> runs;
  for (const std::string& allocator : kAllocators) runs[allocator].name = allocator;
  int failures = 0;
  const auto suite_start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < jobs.size(); ++i) {
    const Job& job = jobs[i];
    if (!std::filesystem::exists(job.binary)) {
      std::cerr << "report: benchmark variant not found at " << job.binary << "\n";
      return 2;
    }
    const std::string raw = fmt::format("{}/raw/{}-{}.json", out_dir, job.label, job.allocator);
    std::vector<std::string> args = {job.binary, "--benchmark_filter=" + job.filter,
                                     fmt::format("--benchmark_repetitions={}", repetitions),
                                     "--benchmark_out=" + raw, "--benchmark_out_format=json"};
    if (quick) args.push_back("--quick");
    const auto start = std::chrono::steady_clock::now();
    std::filesystem::remove(raw);
    lab::ProcessResult process =
        lab::RunProcess(args, {{fmt::format("HFTBOT_SEED_FRAG_WARN_PCT={}", frag_warn_pct)}, {}, {}, 0});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << fmt::format("seed: [{:>2}/{}] {:<22} {:<9} {:5.1f} s{}\n", i + 1, jobs.size(),
                             job.label, job.allocator, seconds,
                             process.exit_code == 0 ? "" : " FAILED");
    std::ofstream(fmt::format("{}/raw/{}-{}.log", out_dir, job.label, job.allocator))
        << process.stdout_text << process.stderr_text;
    std::istringstream stderr_lines(process.stderr_text);
    std::set<std::string> warned;  // the first warning per benchmark, not one per repetition
    for (std::string line; std::getline(stderr_lines, line);) {
      if (line.rfind("WARNING: memory_monitor", 0) == 0 &&
          warned.insert(line.substr(0, line.find(':', 9))).second)
        std::cerr << "      " << job.allocator << ": " << line << "\n";
    }
    if (process.exit_code != 0 || !std::filesystem::exists(raw)) {
      std::cerr << fmt::format("report: {} under {} failed (exit {}):\n{}\n", job.label,
                               job.allocator, process.exit_code, process.stderr_text);
      ++failures;
      continue;
    }
    try {
      const std::string text = Slurp(raw);
      json context;
      std::vector<CaseRuns> cases = ParseBenchmarkJson(text, &context);
      if (context.value("allocator", "") != job.allocator ||
          context.value("allocator_active", "") != "yes") {
        std::cerr << fmt::format("report: {} variant reports allocator '{}' (active: {})\n",
                                 job.allocator, context.value("allocator", "?"),
                                 context.value("allocator_active", "?"));
        ++failures;
        continue;
      }
      AllocatorRuns& target = runs[job.allocator];
      target.version = context.value("allocator_version", "");
      auto& list = job.counted ? target.counted : target.timed;
      list.insert(list.end(), cases.begin(), cases.end());
    } catch (const std::exception& error) {
      std::cerr << "report: cannot read " << raw << ": " << error.what() << "\n";
      ++failures;
    }
  }
  const double suite_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - suite_start).count();

  std::vector<AllocatorRuns> ordered;
  for (const std::string& allocator : kAllocators) ordered.push_back(runs[allocator]);
  std::string command = "bazel run //bench/seed:report --";
  for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
  json meta = {{"created_utc", UtcNow()},
               {"git_commit", GitCommit()},
               {"host", Host()},
               {"repetitions", repetitions},
               {"quick", quick},
               {"hftbot_version", kHftbotVersion},
               {"command", command},
               {"workloads", workloads},
               {"suite_seconds", suite_seconds},
               {"failed_processes", failures}};
  ReportOptions options;
  options.fragmentation_warn_pct = frag_warn_pct;
  const json report = BuildReport(ordered, meta, options);
  const std::string markdown = RenderMarkdown(report);
  const std::string write_problem =
      lab::WriteOutputFiles(out_dir, {{"seed.json", report.dump(2) + "\n"}, {"seed.md", markdown}});
  if (!write_problem.empty()) {
    std::cerr << "report: error: " << write_problem << "\n";
    return 1;
  }

  lab::BarChart chart;
  chart.title = fmt::format(
      "hftbot seed suite: time relative to system (median, min-max over {} repetitions)",
      repetitions);
  chart.y_label = "time / system time (lower is better)";
  chart.reference_line = 1.0;
  for (const json& w : report["workloads"]) chart.categories.push_back(w["workload"]);
  chart.categories.push_back("overall");
  for (const std::string& allocator : kAllocators) {
    lab::BarSeries series{allocator, {}, {}, {}};
    auto add = [&series](const json& cell) {
      auto get = [&cell](const char* key) -> std::optional<double> {
        return cell.is_object() && cell.value(key, json()).is_number()
                   ? std::optional<double>(cell[key].get<double>())
                   : std::nullopt;
      };
      series.values.push_back(get("ratio"));
      series.low.push_back(get("ratio_min"));
      series.high.push_back(get("ratio_max"));
    };
    for (const json& w : report["workloads"]) add(w["allocators"][allocator]);
    add(report["overall"]["allocators"][allocator]);
    chart.series.push_back(series);
  }
  const std::string chart_error = lab::PlotBarChart(out_dir + "/seed.png", chart);

  std::cout << markdown.substr(0, markdown.find("\n## Recommendations")) << "\n";
  std::cout << markdown.substr(markdown.find("## Recommendations"),
                               markdown.find("\n## ", markdown.find("## Recommendations") + 3) -
                                   markdown.find("## Recommendations"))
            << "\n";
  std::cout << fmt::format(
      "suite: {:.0f} s, {} process(es) failed\nwrote {}/seed.md, seed.json{}\n", suite_seconds,
      failures, out_dir, chart_error.empty() ? ", seed.png" : "");
  if (!chart_error.empty()) std::cerr << "report: no chart: " << chart_error << "\n";

  int status = failures > 0 ? 1 : 0;
  if (!baseline_path.empty()) {
    try {
      const json baseline = json::parse(Slurp(ResolveUserPath(baseline_path)));
      const GuardResult guard = CompareToBaseline(baseline, report);
      std::cout << "\n" << FormatGuard(guard);
      const std::string history = ResolveUserPath(history_path);
      if (std::filesystem::path(history).has_parent_path()) {
        std::filesystem::create_directories(std::filesystem::path(history).parent_path());
      }
      std::ofstream(history, std::ios::app) << HistoryEntry(report, guard).dump() << "\n";
      std::cout << "appended to " << history << "\n";
      if (fail_on_regression && !guard.informational && !guard.regressions.empty() && status == 0) status = 3;
    } catch (const std::exception& error) {
      std::cerr << "report: guard skipped: " << error.what() << "\n";
    }
  }
  return status;
}

}  // namespace
}  // namespace hftbot::seed

int main(int argc, char** argv) { return hftbot::seed::ReportMain(argc, argv); }
