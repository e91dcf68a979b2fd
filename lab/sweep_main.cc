// //lab:sweep — latency against offered load, per allocator.
//
// First every allocator's bot replays at max speed (one warm-up round, then R rounds)
// to find its saturation throughput; then it is paced at a ladder of rates from 10% of
// the highest saturation to past it (--rate N), every (allocator, rate) interleaved
// with a rotating start over R rounds. The analysis (lab/sweep_analysis.h) gives
// tick_to_order and engine_service p50/p99/p99.9 against offered rate, each
// allocator's capacity at the SLO, and plots with the saturation points marked.
// Resumable like compare: the ladder is kept in <out>/ladder.json. Exit status: 0; 1
// when a run failed, digests differ or an output could not be written; 2 for bad options.

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "base/version.h"
#include "lab/bot_binaries.h"
#include "lab/campaign.h"
#include "lab/lab_document.h"
#include "lab/metric.h"
#include "lab/run_plan.h"
#include "lab/sweep_analysis.h"
#include "lab/sweep_plan.h"
#include "lab/sweep_plots.h"
#include "lab/tool_session.h"
#include "lab/variant.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

struct SweepOptions {
  SharedOptions shared;
  int rounds = 3;
  std::string profile = "naive";
  std::vector<std::string> allocators;
  std::vector<double> fractions = DefaultLadderFractions();
  std::vector<double> rates;
  std::string slo_metric = "tick_to_order.p99";
  double slo_us = 0;
  double slo_factor = 20;
  std::string bots_dir;
};

std::unique_ptr<CLI::App> MakeApp(SweepOptions& o) {
  auto app = std::make_unique<CLI::App>("hftbot sweep: latency against offered load, per allocator");
  app->add_option("--rounds", o.rounds, "rounds of the whole ladder (default 3; 5 let 3 allocators' capacities reach "
                                        "a verdict)")
      ->check(CLI::Range(1, 100));
  AddProfileOption(*app, &o.profile);
  AddAllocatorsOption(*app, &o.allocators, AllocatorVariantNames());
  app->add_option("--fractions", o.fractions, "the ladder as fractions of the highest saturation (default 0.1, 0.25, "
                                              "0.5, 0.7, 0.8, 0.9, 1, 1.1, 1.25)")
      ->delimiter(',')
      ->check(CLI::Range(0.001, 10.0));
  app->add_option("--rates", o.rates, "the ladder in events/s instead of --fractions, comma separated")
      ->delimiter(',')
      ->check(CLI::Range(1.0, 1e9));
  app->add_option("--slo-metric", o.slo_metric, "the metric held to the SLO (default tick_to_order.p99): any "
                                                "<stage>.<stat> latency metric");
  app->add_option("--slo-us", o.slo_us, "the SLO bound in µs (default: --slo-factor x (core-to-core floor p50 + "
                                        "engine_service p99) at the lowest rate)")
      ->check(CLI::NonNegativeNumber);
  app->add_option("--slo-factor", o.slo_factor, "the factor of the default SLO bound (default 20)")
      ->check(CLI::Range(1.0, 1e6));
  app->add_option("--bots", o.bots_dir, "run <dir>/<build>/bot instead of the bots built with sweep");
  AddSharedOptions(*app, o.shared);
  app->footer("Any other option is passed to every bot run, e.g. --wait block (sweep sets --speed and --rate).");
  return app;
}

std::string Validate(const SweepOptions& o) {
  std::string error;
  std::optional<std::vector<Metric>> slo = ParseMetrics({o.slo_metric}, &error);
  if (!slo) return "--slo-metric: " + error;
  if (!slo->front().latency) return "--slo-metric: " + o.slo_metric + " is not a latency metric (<stage>.<stat>)";
  const std::string reserved =
      ReservedBotOption(o.shared.bot_options, {"--speed", "--rate", "--report-json", "--hgrm-dir", "--profile"});
  if (!reserved.empty()) return reserved + " is set by sweep for every run";
  if (o.allocators.empty()) return "--allocators: none given";
  return "";
}

int SweepMain(int argc, char** argv) {
  SweepOptions o;
  Session session;
  SessionSetup setup{"sweep", [&] { return MakeApp(o); }, [&] { return Validate(o); }};
  if (std::optional<int> status = StartSession(setup, argc, argv, o.shared, &session)) return *status;
  std::string error;
  std::optional<BotBinaries> binaries = FindBotVariants(o.allocators, o.bots_dir, argv[0], &error);
  if (!binaries) {
    std::cerr << "sweep: error: " << error << "\n";
    return 2;
  }
  const std::vector<std::string> profiles = ProfilesOf(o.profile);
  std::vector<std::string> common_args;
  if (!o.shared.ticks.empty()) common_args = {"--ticks", o.shared.ticks};
  common_args.insert(common_args.end(), o.shared.bot_options.begin(), o.shared.bot_options.end());
  std::map<std::string, std::vector<std::string>> commands;
  for (const std::string& variant : o.allocators) commands[variant] = VariantCommand(*binaries, variant);
  SweepPlanner planner(commands, common_args);
  auto allocator_of = [&](const RunSpec& spec) { return VariantNamed(planner.ArmOf(spec).allocator).build; };

  // Saturation: max speed, a warm-up round and R rounds.
  RoundsSetup setup_rounds{{session.out_dir, 0, 0, 0, {"RUNFILES_DIR=" + binaries->runfiles_dir}, {"BUILD_WORKING_DIRECTORY"}},
                           o.rounds, o.shared.timeout, allocator_of, nullptr};
  const Rounds saturation =
      RunRounds(*session.executor, planner.SaturationArms(profiles, o.allocators), setup_rounds, "sweep", std::cerr);
  if (!saturation.stopped.empty()) {
    std::cerr << "sweep: " << saturation.stopped << "\n";
    return 1;
  }
  SweepInput input{profiles, o.allocators, {}, *FindMetric(o.slo_metric),
                   o.slo_us > 0 ? std::optional<double>(o.slo_us * 1000) : std::nullopt, o.slo_factor, o.shared.rules};
  json runs_json = json::array();
  auto take = [&](const std::vector<RunRecord>& records) {
    for (const RunRecord& record : records) {
      if (!record.ok()) continue;
      const SweepArm& arm = planner.ArmOf(record.spec);
      SweepSeries& series = input.series[arm.profile][arm.allocator];
      (arm.rate > 0 ? series.ladder[arm.rate] : series.saturation)
          .push_back({record.report, record.spec.out_dir, record.spec.round});
      runs_json.push_back({{"id", record.spec.id}, {"profile", arm.profile}, {"allocator", arm.allocator},
                           {"rate", arm.rate > 0 ? json(arm.rate) : json("max")}, {"round", record.spec.round},
                           {"report", record.report}});
    }
  };
  take(saturation.measured);

  // The ladder: --rates, or fractions of the highest saturation of each profile.
  std::map<std::string, std::vector<double>> ladder;
  std::map<std::string, double> saturation_of;  // "<profile>/<allocator>" -> events/s
  for (const std::string& profile : profiles) {
    double highest = 0;
    for (const auto& [allocator, series] : input.series[profile]) {
      saturation_of[profile + "/" + allocator] = SaturationOf(series.saturation);
      highest = std::max(highest, SaturationOf(series.saturation));
    }
    ladder[profile] = o.rates.empty() ? RateLadder(highest, o.fractions) : o.rates;
  }
  const std::string ladder_problem = LoadOrStoreLadder(session.out_dir, &ladder);
  if (!ladder_problem.empty()) {
    std::cerr << "sweep: error: " << ladder_problem << "\n";
    return 1;
  }
  PlanOptions plan = setup_rounds.options;
  plan.first_round = 1;
  plan.last_round = o.rounds;
  std::vector<RunSpec> ladder_plan = InterleavedPlan(planner.LadderArms(ladder, o.allocators), plan);
  ScaleLadderTimeouts(ladder_plan, planner, saturation_of, o.shared.timeout, SlowestSuccessfulRun(saturation.warm_up));
  std::vector<RunRecord> paced = RunCampaign(*session.executor, ladder_plan, "sweep", std::cerr);
  RequireAllocator(paced, allocator_of);
  take(paced);

  const json analysis = AnalyseSweep(input);
  std::vector<std::string> plot_problems;
  const std::vector<std::string> plots = WriteSweepPlots(session.out_dir, analysis, profiles, o.allocators, &plot_problems);
  std::vector<RunRecord> all = saturation.All();
  all.insert(all.end(), paced.begin(), paced.end());
  const std::vector<std::string> failures = FailureLines(all);
  bool digests_agree = true;
  for (const std::string& profile : profiles) digests_agree &= analysis[profile].value("digests_agree", true);

  std::string md = "# hftbot sweep\n\n";
  md += fmt::format("ticks: `{}`; rounds: {} (+1 warm-up at max speed); bot options: `{}`; executor: {}\n\n{}\n\n",
                    o.shared.ticks.empty() ? "bundled sample" : o.shared.ticks, o.rounds,
                    fmt::join(o.shared.bot_options, " "), o.shared.executor.name, RunsLine(CountsOf(all)));
  md += SweepMarkdown(analysis, profiles, o.allocators);
  for (const std::string& plot : plots) md += fmt::format("![{0}]({0})\n", plot);
  for (const std::string& problem : plot_problems) md += "- plot left out: " + problem + "\n";
  md += "\n" + FailedRunsSection(failures) + VerdictRulesSection(o.shared.rules);
  json out = {{"hftbot_version", kHftbotVersion},
              {"rounds", o.rounds},
              {"ticks", o.shared.ticks.empty() ? "bundled sample" : o.shared.ticks},
              {"bot_options", o.shared.bot_options},
              {"executor", o.shared.executor.name},
              {"ladder", ladder},
              {"digests_agree", digests_agree},
              {"failures", failures},
              {"summary", analysis},
              {"runs", runs_json}};
  return FinishSession("sweep", session,
                       {{{"sweep.json", out.dump(2) + "\n"}, {"sweep.md", md}}, md, plots, digests_agree, failures.size()});
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) {
  return hftbot::lab::RunTool("sweep", [&] { return hftbot::lab::SweepMain(argc, argv); });
}
