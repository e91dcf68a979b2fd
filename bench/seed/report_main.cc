// //bench/seed:report — the seed suite under every allocator, in one command.
//
//   bazel run //bench/seed:report                     # full run: 10 repetitions per case
//   bazel run //bench/seed:report -- --quick          # CI smoke: 3 repetitions of 1 iteration
//   bazel run //bench/seed:report -- --baseline bench/seed/baseline.json
//   bazel run //bench/seed:report -- --quick --executor slurm --slurm-partition bench
//
// The suite (//bench/seed:seed_bench, and seed_bench_counted for allocation counts)
// is built once per allocator by a split transition (//bench/seed:seed_variants).
// Each workload runs in a fresh process per allocator (its own peak RSS, a clean
// heap), allocators in rotating order so a drift on a shared machine hits all alike;
// Google Benchmark's repetitions give the spread. The processes are a lab plan
// (seed_runs.h) run by the chosen executor, locally or on a Slurm cluster, and
// resumable with --resume. Writes seed.json, seed.md and seed.png into --out and
// prints the summary table. Exit status: 0, or 1 when a benchmark process failed
// (crashed, timed out, or did not write its JSON), or 2 for bad options, or 3 with
// --fail-on-regression when the guard found a regression. Timing alone never fails it.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "base/command_line.h"
#include "base/host_info.h"
#include "base/paths.h"
#include "base/version.h"
#include "bench/seed/regression_guard.h"
#include "bench/seed/seed_report.h"
#include "bench/seed/seed_runs.h"
#include "lab/bar_chart.h"
#include "lab/campaign.h"
#include "lab/executor_choice.h"
#include "lab/invocation.h"
#include "lab/output_dir.h"
#include "lab/slurm_executor.h"
#include "lab/subprocess.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;

const std::vector<std::string> kAllocators = {"system", "jemalloc", "mimalloc", "tcmalloc"};

// The name the output folder's invocation record gives this tool.
constexpr const char* kTool = "seed";

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

struct Options {
  bool quick = false, fail_on_regression = false;
  int repetitions = 0;
  double frag_warn_pct = 30, run_timeout_s = 0;
  std::string out_dir, resume_dir, baseline_path, history_path = "hftbot-out/seed-history.jsonl";
  std::vector<std::string> only, allocators;
  lab::ExecutorChoice executor;
};

std::unique_ptr<CLI::App> MakeApp(Options& o) {
  auto app = std::make_unique<CLI::App>("hftbot seed suite: the lesson's workloads under every allocator, one table");
  app->add_flag("--quick", o.quick, "smoke run: 3 repetitions of 1 iteration per case, fewer sweep points");
  app->add_option("--repetitions", o.repetitions, "Google Benchmark repetitions per case (default 10; quick 3)")
      ->check(CLI::Range(1, 100));
  app->add_option("--workloads", o.only, "run only these workloads (comma separated)")->delimiter(',');
  o.allocators = kAllocators;
  app->add_option("--allocators", o.allocators,
                  "run only these allocators, comma separated, system (the baseline) first (default: all four)")
      ->delimiter(',')
      ->check(CLI::IsMember(kAllocators));
  app->add_option("--frag-warn-pct", o.frag_warn_pct, "memory_monitor fragmentation warning threshold (default 30)");
  app->add_option("--out", o.out_dir,
                  "output folder (default: hftbot-out/seed-<UTC time> where you ran the command); an earlier "
                  "report's runs there are replaced (--resume keeps them)");
  app->add_option("--resume", o.resume_dir,
                  "finish the interrupted report in this output folder with its stored options (runs that "
                  "completed are reused)");
  app->add_option("--run-timeout", o.run_timeout_s,
                  "seconds before one benchmark process is killed and marked timed out (default 0: no limit)")
      ->check(CLI::NonNegativeNumber);
  lab::AddExecutorOptions(*app, &o.executor);
  app->add_option("--baseline", o.baseline_path, "compare against this seed.json and append to --history");
  app->add_option("--history", o.history_path,
                  "history file the guard appends to (default hftbot-out/seed-history.jsonl)");
  app->add_flag("--fail-on-regression", o.fail_on_regression, "exit 3 when the guard finds a regression");
  app->set_version_flag("--version", std::string("seed report (hftbot) ") + kHftbotVersion);
  return app;
}

// Parses `args` (without the program name) into `o`; a status when the report stops here.
std::optional<int> Parse(const std::vector<std::string>& args, const char* program, Options& o) {
  o = Options{};
  std::unique_ptr<CLI::App> app = MakeApp(o);
  std::vector<std::string> words = {program};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& word : words) argv.push_back(word.data());
  if (std::optional<int> status = ParseCommandLine(*app, static_cast<int>(argv.size()), argv.data(), "report")) {
    return status;
  }
  std::string problem = lab::ExecutorOptionsProblem(*app, o.executor);
  if (problem.empty() && (o.allocators.empty() || o.allocators.front() != kAllocators.front())) {
    problem = "--allocators: system (the baseline) must come first";
  }
  for (const std::string& w : o.only) {
    if (problem.empty() && std::find(Workloads().begin(), Workloads().end(), w) == Workloads().end()) {
      problem = "unknown workload '" + w + "'";
    }
  }
  if (problem.empty()) return std::nullopt;
  std::cerr << "report: error: " << problem << "\n";
  return kExitBadInput;
}

std::string WorkingDir() {
  const char* dir = std::getenv("BUILD_WORKING_DIRECTORY");
  return dir != nullptr && *dir != '\0' ? dir : std::filesystem::current_path().string();
}

// Parses the command line, following --resume to the command stored in its folder,
// and claims the output folder. `args` ends as the arguments the report runs with.
std::optional<int> Start(int argc, char** argv, Options& o, std::vector<std::string>* args, bool* resumed) {
  *args = std::vector<std::string>(argv + 1, argv + argc);
  if (std::optional<int> status = Parse(*args, argv[0], o)) return status;
  std::string error;
  const bool resuming = !o.resume_dir.empty();
  if (resuming) {
    if (!lab::MeasurementArguments(*args).empty() || !o.out_dir.empty()) {
      std::cerr << "report: error: --resume DIR continues the report stored in DIR: give it alone, or with "
                   "--executor, --slurm-* or --run-timeout\n";
      return kExitBadInput;
    }
    const std::string dir = std::filesystem::absolute(ResolveUserPath(o.resume_dir)).string();
    std::optional<lab::Invocation> stored = lab::LoadInvocation(dir, &error);
    if (stored && stored->tool != kTool) error = fmt::format("{} holds a {} run, not a seed report", dir, stored->tool);
    if (!error.empty()) {
      std::cerr << "report: error: cannot resume: " << error << "\n";
      return kExitBadInput;
    }
    setenv("BUILD_WORKING_DIRECTORY", stored->working_dir.c_str(), 1);
    std::vector<std::string> resumed_args = stored->arguments;
    for (const std::string& arg : lab::SessionArguments(*args)) resumed_args.push_back(arg);
    resumed_args.insert(resumed_args.end(), {"--out", dir});
    *args = resumed_args;
    if (std::optional<int> status = Parse(*args, argv[0], o)) return status;
  }
  o.out_dir = std::filesystem::absolute(o.out_dir.empty() ? lab::DefaultOutputDir(kTool) : ResolveUserPath(o.out_dir))
                  .string();
  // Without --resume the report starts over: an earlier report's record in the folder
  // goes (another tool's stays, and ClaimOutputDir refuses the folder).
  std::optional<lab::Invocation> earlier = lab::LoadInvocation(o.out_dir, &error);
  if (!resuming && earlier && earlier->tool == kTool) {
    std::filesystem::remove(o.out_dir + "/invocation.json");
  }
  const std::string problem = lab::ClaimOutputDir(
      o.out_dir, lab::Invocation{kTool, lab::MeasurementArguments(*args), WorkingDir()}, resumed);
  if (!problem.empty()) {
    std::cerr << "report: error: " << problem << "\n";
    return kExitBadInput;
  }
  return std::nullopt;
}

int ReportMain(int argc, char** argv) {
  Options o;
  std::vector<std::string> args;
  bool resumed = false;
  if (std::optional<int> status = Start(argc, argv, o, &args, &resumed)) return *status;
  const int repetitions = o.repetitions == 0 ? (o.quick ? 3 : 10) : o.repetitions;
  std::vector<std::string> workloads;
  for (const std::string& w : Workloads()) {
    if (o.only.empty() || std::find(o.only.begin(), o.only.end(), w) != o.only.end()) workloads.push_back(w);
  }
  const std::string& out_dir = o.out_dir;

  SeedPlanOptions plan;
  plan.out_dir = out_dir;
  plan.workloads = workloads;
  plan.allocators = o.allocators;
  plan.timed_dir = std::filesystem::absolute(ResolveBundledFile("bench/seed/seed_variants", argv[0])).string();
  plan.counted_dir =
      std::filesystem::absolute(ResolveBundledFile("bench/seed/seed_counted_variants", argv[0])).string();
  plan.repetitions = repetitions;
  plan.quick = o.quick;
  plan.frag_warn_pct = o.frag_warn_pct;
  std::vector<SeedJob> jobs = SeedPlan(plan);
  for (SeedJob& job : jobs) {
    if (!std::filesystem::exists(job.spec.argv[0])) {
      std::cerr << "report: benchmark variant not found at " << job.spec.argv[0] << "\n";
      return 2;
    }
    job.spec.timeout_s = o.run_timeout_s;
    // A new report measures everything again; only --resume keeps completed runs.
    if (!resumed) std::filesystem::remove_all(job.spec.out_dir);
  }
  std::unique_ptr<lab::Executor> executor;
  try {
    executor = lab::MakeExecutor(o.executor, out_dir, resumed);
  } catch (const lab::SlurmError& error) {
    std::cerr << "report: error: " << error.what() << "\n";
    return 2;
  }
  if (resumed) std::cerr << "report: resuming in " << out_dir << "\n";

  const auto suite_start = std::chrono::steady_clock::now();
  const std::vector<lab::RunRecord> records =
      lab::RunCampaign(*executor, SpecsOf(jobs), "seed", std::cerr, LoadBenchmarkReport);
  const double suite_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - suite_start).count();
  const SeedResults results = CollectSeedRuns(jobs, records, o.allocators);
  for (const std::string& warning : results.warnings) std::cerr << "      " << warning << "\n";
  for (const std::string& failure : results.failures) std::cerr << "report: " << failure << "\n";
  const int failures = static_cast<int>(results.failures.size());

  std::string command = "bazel run //bench/seed:report --";
  for (const std::string& arg : args) command += " " + arg;
  json meta = {{"created_utc", UtcNow()},
               {"git_commit", GitCommit()},
               {"host", Host()},
               {"repetitions", repetitions},
               {"quick", o.quick},
               {"hftbot_version", kHftbotVersion},
               {"command", command},
               {"workloads", workloads},
               {"suite_seconds", suite_seconds},
               {"failed_processes", failures},
               {"failures", results.failures},
               {"executor", executor->name()},
               {"nodes", results.nodes},
               {"runs", results.runs}};
  ReportOptions options;
  options.fragmentation_warn_pct = o.frag_warn_pct;
  const json report = BuildReport(results.allocators, meta, options);
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
  for (const std::string& allocator : o.allocators) {
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
  if (!o.baseline_path.empty()) {
    try {
      const json baseline = json::parse(Slurp(ResolveUserPath(o.baseline_path)));
      const GuardResult guard = CompareToBaseline(baseline, report);
      std::cout << "\n" << FormatGuard(guard);
      const std::string history = ResolveUserPath(o.history_path);
      if (std::filesystem::path(history).has_parent_path()) {
        std::filesystem::create_directories(std::filesystem::path(history).parent_path());
      }
      std::ofstream(history, std::ios::app) << HistoryEntry(report, guard).dump() << "\n";
      std::cout << "appended to " << history << "\n";
      if (o.fail_on_regression && !guard.informational && !guard.regressions.empty() && status == 0) status = 3;
    } catch (const std::exception& error) {
      std::cerr << "report: guard skipped: " << error.what() << "\n";
    }
  }
  return status;
}

}  // namespace
}  // namespace hftbot::seed

int main(int argc, char** argv) { return hftbot::seed::ReportMain(argc, argv); }
