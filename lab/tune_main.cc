// //lab:tune — rank allocator settings for one tick file.
//
// Each grid entry (lab/tuning_grid.h) is an environment; allocators read it once at
// start-up, so every run is a fresh bot process: one warm-up round, then R rounds
// interleaved with a rotating start, through the chosen executor, resumable. The
// options each run really had are read back from its report: an entry the allocator
// ignored or rejected is reported invalid, never ranked (lab/tune_report.h). Exit
// status: 0; 1 when a run failed, digests differ or an output could not be written; 2
// for bad options or a grid for another allocator.

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "base/version.h"
#include "lab/bar_chart.h"
#include "lab/bot_binaries.h"
#include "lab/campaign.h"
#include "lab/lab_document.h"
#include "lab/metric.h"
#include "lab/noise_file.h"
#include "lab/replay_mode.h"
#include "lab/run_plan.h"
#include "lab/tool_session.h"
#include "lab/tune_report.h"
#include "lab/tuning_grid.h"

extern char** environ;

namespace hftbot::lab {
namespace {

using nlohmann::json;

struct TuneOptions {
  SharedOptions shared;
  std::string grid_path;
  std::string metric;  // empty: the mode's default
  int runs = 6;
  std::string noise_file;
  std::string bot;
  TuningGrid grid;
  json noise;
};

std::unique_ptr<CLI::App> MakeApp(TuneOptions& o) {
  auto app = std::make_unique<CLI::App>(
      "hftbot tune: rank allocator settings (MALLOC_CONF, MIMALLOC_*, TCMALLOC_*, GLIBC_TUNABLES)");
  app->add_option("--grid", o.grid_path, "grid file (config/tuning/<allocator>.toml)")->required();
  app->add_option("--runs", o.runs, "measured rounds per entry (default 6: the fewest with which up to 23 entries can "
                                    "reach a verdict after Holm)")
      ->check(CLI::Range(1, 1000));
  app->add_option("--metric", o.metric,
                  "what to rank by. Default: engine_service.p99 when the bot runs at max speed (its end-to-end "
                  "latency is then queueing), tick_to_order.p99 when it is paced (--rate N or --speed F). Any of: " +
                      MetricNamesHelp());
  AddNoiseOption(*app, &o.noise_file);
  app->add_option("--bot", o.bot, "run this bot binary instead of the one built with tune");
  AddSharedOptions(*app, o.shared);
  app->footer("Any other option is passed to every bot run, e.g. --rate 100000.");
  return app;
}

std::string Validate(TuneOptions& o, const char* argv0) {
  std::string error;
  if (!o.metric.empty() && !ParseMetrics({o.metric}, &error)) return error;
  std::string path = ResolveUserPath(o.grid_path);
  if (!std::filesystem::exists(path)) path = ResolveBundledFile(o.grid_path, argv0);
  std::optional<TuningGrid> grid = LoadGrid(path, &error);
  if (!grid) return error;
  o.grid = *grid;
  const std::string reserved = ReservedBotOption(o.shared.bot_options, {"--report-json"});
  if (!reserved.empty()) return reserved + " is set by tune for every run";
  if (!o.noise_file.empty()) {
    std::optional<json> noise = LoadNoiseFile(o.noise_file, o.shared.ticks, o.shared.bot_options, &error);
    if (!noise) return error;
    o.noise = *noise;
  }
  return "";
}

int TuneMain(int argc, char** argv) {
  TuneOptions o;
  Session session;
  SessionSetup setup{"tune", [&] { return MakeApp(o); }, [&] { return Validate(o, argv[0]); }};
  if (std::optional<int> status = StartSession(setup, argc, argv, o.shared, &session)) return *status;
  std::string error;
  std::optional<BotBinaries> binaries = FindBot(o.bot, argv[0], &error);
  if (!binaries) {
    std::cerr << "tune: error: " << error << "\n";
    return 2;
  }

  // The user's own tuning variables would leak into every entry: clear them.
  std::vector<std::string> unset = {"BUILD_WORKING_DIRECTORY"};
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string name = std::string(*e).substr(0, std::string(*e).find('='));
    if (IsTuningVariable(name)) unset.push_back(name);
  }
  std::vector<Arm> arms;
  std::map<std::string, size_t> entry_of;  // arm id -> entry index
  for (size_t i = 0; i < o.grid.entries.size(); ++i) {
    const GridEntry& entry = o.grid.entries[i];
    Arm arm{EntryId(entry, i), entry.name, {binaries->bots["bot"], "--no-progress"}, {}};
    if (!o.shared.ticks.empty()) arm.argv.insert(arm.argv.end(), {"--ticks", o.shared.ticks});
    arm.argv.insert(arm.argv.end(), o.shared.bot_options.begin(), o.shared.bot_options.end());
    for (const auto& [name, value] : entry.env) arm.env.push_back(name + "=" + value);
    entry_of[arm.id] = i;
    arms.push_back(arm);
  }
  // The warm-up tells which allocator the bot runs, the mode, and so the default metric.
  std::optional<Metric> metric;
  json first_report;
  bool usage_error = false;  // the grid or the metric does not fit this bot: exit 2
  auto check_warm_up = [&](const std::vector<RunRecord>& warm_up) -> std::string {
    for (const RunRecord& record : warm_up) {
      if (record.ok() && first_report.is_null()) first_report = record.report;
    }
    const std::string reported = first_report["allocator"]["name"];
    usage_error = true;
    if (reported != o.grid.allocator) {
      return fmt::format("the grid is for {} but this bot runs {}; run with --//alloc={}", o.grid.allocator, reported,
                         o.grid.allocator);
    }
    const ReplayMode mode = ModeOf(first_report);
    metric = *FindMetric(o.metric.empty() ? DefaultLatencyMetric(mode.paced) : o.metric);
    if (!MetricValue(first_report, *metric)) {
      return fmt::format("this bot's reports have no {} ({}); choose another with --metric: {}", metric->name,
                         mode.description, MetricNamesHelp());
    }
    usage_error = false;
    return "";
  };
  RoundsSetup setup_rounds{{session.out_dir, 0, 0, 0, {"RUNFILES_DIR=" + binaries->runfiles_dir}, unset},
                           o.runs, o.shared.timeout, nullptr, check_warm_up};
  Rounds rounds = RunRounds(*session.executor, arms, setup_rounds, "tune", std::cerr);
  if (!rounds.stopped.empty()) {
    std::cerr << "tune: " << rounds.stopped << "\n";
    return usage_error ? 2 : 1;
  }
  RequireAllocator(rounds.measured, [&](const RunSpec&) { return o.grid.allocator; });
  const std::vector<RunRecord>& measured = rounds.measured;

  TuneInput input{o.grid.allocator, *metric, {}, o.shared.rules,
                  NoiseOf(o.noise, first_report["run"].value("profile", "naive"), metric->name)};
  for (const GridEntry& entry : o.grid.entries) input.entries.push_back({entry, {}});
  json runs_json = json::array();
  for (const RunRecord& record : measured) {
    if (!record.ok()) continue;
    TunedEntry& entry = input.entries[entry_of[ArmIdOf(record.spec)]];
    entry.runs.push_back({record.report, record.spec.out_dir, record.spec.round});
    runs_json.push_back({{"entry", entry.entry.name}, {"round", record.spec.round}, {"report", record.report}});
  }
  const json analysis = AnalyseTune(input);

  const std::vector<std::string> failures = FailureLines(rounds.All());
  const CampaignCounts counts = CountsOf(rounds.All());

  BarChart chart;
  chart.title = fmt::format("tune {}: {} per entry (median, min-max over the runs)", o.grid.allocator, metric->name);
  chart.y_label = metric->label;
  chart.log_y = metric->latency;
  BarSeries bars{metric->name, {}, {}, {}};
  for (const json& row : analysis["ranked"]) {
    chart.categories.push_back(row["entry"]);
    bars.values.push_back(row["median"].get<double>() / metric->scale);
    bars.low.push_back(row["min"].get<double>() / metric->scale);
    bars.high.push_back(row["max"].get<double>() / metric->scale);
  }
  chart.series.push_back(bars);
  const std::string chart_problem = PlotBarChart(session.out_dir + "/tune.png", chart);

  std::string md = fmt::format("# hftbot tune: {} on {}\n\nrounds: {} (+1 warm-up); grid `{}`; bot options: `{}`; "
                               "executor: {}\n\n{}\n\n",
                               o.grid.allocator, o.shared.ticks.empty() ? "the bundled sample" : o.shared.ticks, o.runs,
                               o.grid_path, fmt::join(o.shared.bot_options, " "), o.shared.executor.name, RunsLine(counts));
  md += TuneMarkdown(analysis);
  md += chart_problem.empty() ? "\n![tune](tune.png)\n" : "\n- chart left out: " + chart_problem + "\n";
  md += "\n" + FailedRunsSection(failures) + VerdictRulesSection(o.shared.rules);
  json out = {{"hftbot_version", kHftbotVersion}, {"allocator", o.grid.allocator}, {"metric", metric->name},
              {"rounds", o.runs}, {"grid", o.grid_path}, {"bot_options", o.shared.bot_options},
              {"ranked", analysis["ranked"]}, {"invalid", analysis["invalid"]},
              {"winner", analysis["recommendation"]["text"]}, {"analysis", analysis},
              {"digests_agree", analysis["digests_agree"]}, {"failures", failures}, {"runs", runs_json}};
  return FinishSession("tune", session,
                       {{{"tune.json", out.dump(2) + "\n"}, {"tune.md", md}}, md,
                        chart_problem.empty() ? std::vector<std::string>{"tune.png"} : std::vector<std::string>{},
                        analysis["digests_agree"].get<bool>(), failures.size()});
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) {
  return hftbot::lab::RunTool("tune", [&] { return hftbot::lab::TuneMain(argc, argv); });
}
