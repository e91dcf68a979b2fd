// //lab:compare — every variant (lab/variant.h: the four allocators, hybrid and
// adaptive; or those --allocators names, the baseline first), side by side, on one tick
// file.
//
// The bot is built once per allocator (//lab:bot_variants, a split transition) and
// each variant runs in a fresh process: one warm-up round, then R rounds interleaved
// with a rotating start (lab/run_plan.h), through the chosen executor, resumable
// (lab/campaign.h). The analysis (lab/compare_report.h) judges the metrics that mean
// something in the mode the bot ran, and refuses to call the comparison valid unless
// every run produced the same digest. Exit status: 0; 1 when a run failed, the digests
// differ or an output could not be written; 2 for bad options.

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "base/version.h"
#include "lab/bot_binaries.h"
#include "lab/campaign.h"
#include "lab/compare_plots.h"
#include "lab/compare_report.h"
#include "lab/lab_document.h"
#include "lab/load_regimes.h"
#include "lab/metric.h"
#include "lab/noise_file.h"
#include "lab/run_plan.h"
#include "lab/tool_session.h"
#include "lab/variant.h"
#include "metrics/hlog_reader.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

struct CompareOptions {
  SharedOptions shared;
  int runs = 8;
  std::string profile = "naive";
  bool aa = false;
  std::vector<std::string> allocators;
  std::vector<std::string> metrics;
  std::string noise_file;
  std::string bots_dir;
  double hlog_interval_s = 0.1;
  double burst_rate = 0;  // events/s; 0: runs are not split by load
  json noise;  // the A/A spreads read from noise_file
};

std::unique_ptr<CLI::App> MakeApp(CompareOptions& o) {
  auto app = std::make_unique<CLI::App>("hftbot compare: every allocator side by side on one tick file");
  app->add_option("--runs", o.runs,
                  "measured rounds per variant (default 8: the 5 challengers x 4 metrics make 20 tests, and after Holm "
                  "6 rounds reach p < 0.05 only when every run of one beats every run of the other; 8 allow up to "
                  "4 inverted pairs)")
      ->check(CLI::Range(1, 1000));
  AddProfileOption(*app, &o.profile);
  AddAllocatorsOption(*app, &o.allocators, VariantNames());
  app->add_flag("--aa", o.aa, "A/A mode: system against itself, to measure the noise floor (its compare.json is "
                              "what --noise reads)");
  app->add_option("--metrics", o.metrics, "metrics to test, comma separated (default: throughput, "
                                          "engine_service.p50, engine_service.p99, peak_rss at max speed; "
                                          "tick_to_order.p50, tick_to_order.p99, engine_service.p99, peak_rss paced). " +
                                              MetricNamesHelp())
      ->delimiter(',');
  AddNoiseOption(*app, &o.noise_file);
  app->add_option("--bots", o.bots_dir, "run <dir>/<build>/bot (system, jemalloc, mimalloc, tcmalloc, hybrid) instead of the bots built with compare");
  app->add_option("--hlog-interval", o.hlog_interval_s,
                  "seconds per interval of the latency-over-time plot (each run's latency.hlog; default 0.1)")
      ->check(CLI::Range(0.001, 3600.0));
  app->add_option("--burst-rate", o.burst_rate,
                  "events/s at which a run's intervals count as a burst: adds the burst.* and calm.* metrics (latency "
                  "in bursts, mean RSS when calm; each run's latency.hlog and memory timeline cut by load) and tests "
                  "burst.tick_to_order.p99, burst.engine_service.p99, calm.rss and peak_rss unless --metrics says");
  AddSharedOptions(*app, o.shared);
  app->footer("Any other option is passed to every bot run, e.g. --rate 100000 or --wait block.");
  return app;
}

std::string Validate(CompareOptions& o) {
  std::string error;
  const std::optional<std::vector<Metric>> metrics = ParseMetrics(o.metrics, &error);
  if (!metrics) return error;
  for (const Metric& metric : *metrics) {
    if (metric.by_load && !(o.burst_rate > 0)) return "--metrics " + metric.name + " needs --burst-rate (events/s)";
  }
  if (o.burst_rate < 0) return "--burst-rate: expected events/s above 0";
  if (o.burst_rate > 0 && o.metrics.empty()) {
    o.metrics = {"burst.tick_to_order.p99", "burst.engine_service.p99", "calm.rss", "peak_rss"};
  }
  const std::string reserved = ReservedBotOption(
      o.shared.bot_options, {"--report-json", "--hgrm-dir", "--profile", "--hlog", "--hlog-interval"});
  if (!reserved.empty()) return reserved + " is set by compare for every run; use compare's --profile for profiles";
  if (o.aa && !o.noise_file.empty()) return "--aa measures the noise; it takes no --noise";
  if (o.aa && o.allocators != VariantNames()) return "--aa runs system against itself; it takes no --allocators";
  if (o.allocators.size() < 2) return "--allocators: give at least two (the baseline first) to compare";
  if (!o.noise_file.empty()) {
    std::optional<json> noise = LoadNoiseFile(o.noise_file, o.shared.ticks, o.shared.bot_options, &error);
    if (!noise) return error;
    o.noise = *noise;
  }
  return "";
}

int CompareMain(int argc, char** argv) {
  CompareOptions o;
  Session session;
  SessionSetup setup{"compare", [&] { return MakeApp(o); }, [&] { return Validate(o); }};
  if (std::optional<int> status = StartSession(setup, argc, argv, o.shared, &session)) return *status;

  const std::vector<std::string> allocators =
      o.aa ? std::vector<std::string>{"system"} : o.allocators;
  std::string error;
  std::optional<BotBinaries> binaries = FindBotVariants(allocators, o.bots_dir, argv[0], &error);
  if (!binaries) {
    std::cerr << "compare: error: " << error << "\n";
    return 2;
  }
  const std::vector<std::string> profiles = ProfilesOf(o.profile);
  const std::vector<std::string> labels =
      o.aa ? std::vector<std::string>{"system", "system (A/A)"} : allocators;

  struct ArmInfo {
    std::string profile, label, allocator;
  };
  std::vector<Arm> arms;
  std::map<std::string, ArmInfo> info;  // by arm id
  for (const std::string& profile : profiles) {
    for (size_t i = 0; i < labels.size(); ++i) {
      const std::string allocator = o.aa ? "system" : labels[i];
      Arm arm{profile + "-" + (o.aa && i == 1 ? "system-aa" : allocator), labels[i],
              VariantCommand(*binaries, allocator), {}};
      arm.argv.insert(arm.argv.end(), {"--no-progress", "--profile", profile, "--hgrm-dir", "{dir}", "--hlog",
                                       "{dir}/latency.hlog", "--hlog-interval", fmt::format("{:g}", o.hlog_interval_s)});
      if (!o.shared.ticks.empty()) arm.argv.insert(arm.argv.end(), {"--ticks", o.shared.ticks});
      arm.argv.insert(arm.argv.end(), o.shared.bot_options.begin(), o.shared.bot_options.end());
      info[arm.id] = {profile, labels[i], allocator};
      arms.push_back(arm);
    }
  }
  RoundsSetup setup_rounds{{session.out_dir, 0, 0, 0, {"RUNFILES_DIR=" + binaries->runfiles_dir}, {"BUILD_WORKING_DIRECTORY"}},
                           o.runs, o.shared.timeout,
                           [&](const RunSpec& spec) { return VariantNamed(info[ArmIdOf(spec)].allocator).build; },
                           nullptr};
  const Rounds rounds = RunRounds(*session.executor, arms, setup_rounds, "compare", std::cerr);
  if (!rounds.stopped.empty()) {
    std::cerr << "compare: " << rounds.stopped << "\n";
    return 1;
  }

  CompareInput input;
  input.profiles = profiles;
  input.arms = labels;
  input.tested = o.metrics;
  input.rules = o.shared.rules;
  input.aa = o.aa;
  input.aa_spread_pct = o.noise;
  json runs_json = json::array();
  std::vector<std::string> split_problems;
  for (const RunRecord& record : rounds.measured) {
    if (!record.ok()) continue;
    const ArmInfo& arm = info[ArmIdOf(record.spec)];
    json report = record.report;
    if (o.burst_rate > 0) {
      try {
        report["load_regimes"] = SplitByLoad(record.spec.out_dir + "/latency.hlog", report, o.burst_rate);
      } catch (const metrics::HlogParseError& unreadable) {
        split_problems.push_back(record.spec.id + ": not split by load: " + unreadable.what());
      }
    }
    input.runs[arm.profile][arm.label].push_back({report, record.spec.out_dir, record.spec.round, record.outcome.node});
    runs_json.push_back({{"variant", arm.label}, {"profile", arm.profile}, {"round", record.spec.round},
                         {"dir", record.spec.out_dir}, {"node", record.outcome.node}, {"report", report}});
  }
  const json analysis = AnalyseCompare(input);

  std::vector<std::string> failures = FailureLines(rounds.All());
  failures.insert(failures.end(), split_problems.begin(), split_problems.end());
  const CampaignCounts counts = CountsOf(rounds.All());
  std::vector<std::string> plot_problems;
  const std::vector<std::string> plots = WriteComparePlots(session.out_dir, analysis, profiles, labels, &plot_problems);

  bool digests_agree = true;
  json recommendations = json::array(), aa_spread = json::object();
  for (const std::string& profile : profiles) {
    digests_agree &= analysis[profile].value("digests_agree", true);
    for (const json& r : analysis[profile].value("recommendations", json::array())) recommendations.push_back(r["text"]);
    if (analysis[profile].contains("aa_spread_pct")) aa_spread[profile] = analysis[profile]["aa_spread_pct"];
  }
  std::string md = "# hftbot compare\n\n";
  md += fmt::format("ticks: `{}`; rounds: {} (+1 warm-up, discarded); bot options: `{}`; executor: {}\n\n{}\n\n",
                    o.shared.ticks.empty() ? "bundled sample" : o.shared.ticks, o.runs,
                    fmt::join(o.shared.bot_options, " "), o.shared.executor.name, RunsLine(counts));
  if (o.burst_rate > 0) {
    md += fmt::format("Split by load: an interval of a run's latency.hlog ({:g} s) or memory timeline is a burst at "
                      "{:g} events/s or more, calm below; burst.* and calm.* figures are over those parts only.\n\n",
                      o.hlog_interval_s, o.burst_rate);
  }
  json variants = json::object();
  if (!o.aa) {
    for (const std::string& name : allocators) {
      const Variant& variant = VariantNamed(name);
      md += fmt::format("- `{}`: {}{}\n", name, variant.summary,
                        variant.bot_args.empty() ? "" : fmt::format(" (the {} build, `{}`)", variant.build,
                                                                    fmt::join(variant.bot_args, " ")));
      variants[name] = {{"build", variant.build}, {"bot_args", variant.bot_args}, {"summary", variant.summary}};
    }
    md += "\n";
  }
  md += CompareMarkdown(analysis, profiles, labels);
  for (const std::string& plot : plots) md += fmt::format("![{0}]({0})\n", plot);
  for (const std::string& problem : plot_problems) md += "- plot left out: " + problem + "\n";
  md += "\n" + FailedRunsSection(failures) + VerdictRulesSection(o.shared.rules);

  json out = {{"hftbot_version", kHftbotVersion},
              {"aa", o.aa},
              {"rounds", o.runs},
              {"ticks", o.shared.ticks.empty() ? "bundled sample" : o.shared.ticks},
              {"bot_options", o.shared.bot_options},
              {"variants", variants},
              {"burst_rate", o.burst_rate > 0 ? json(o.burst_rate) : json()},
              {"executor", o.shared.executor.name},
              {"rules", {{"alpha", o.shared.rules.alpha}, {"min_effect_pct", o.shared.rules.min_effect_pct}}},
              {"runs_ran", counts.ran},
              {"runs_reused", counts.reused},
              {"failures", failures},
              {"host", runs_json.empty() ? json() : runs_json.front()["report"].value("host", json())},
              {"digests_agree", digests_agree},
              {"summary", analysis},
              {"recommendations", recommendations},
              {"aa_spread_pct", aa_spread},
              {"runs", runs_json}};
  return FinishSession("compare", session,
                       {{{"compare.json", out.dump(2) + "\n"}, {"compare.md", md}}, md, plots, digests_agree, failures.size()});
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) {
  return hftbot::lab::RunTool("compare", [&] { return hftbot::lab::CompareMain(argc, argv); });
}
