// hftbot: replays recorded ticks through a simulated trading pipeline and reports
// latency and allocator behaviour. Start-up errors (feed::InputError) are caught
// here, once, and printed as one line.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <cmath>
#include <set>
#include <thread>

#include "alloc/allocation_profile_report.h"
#include "alloc/allocation_recorder.h"
#include "alloc/resource_registry.h"
#include "alloc/sanitizer.h"
#include "base/command_line.h"
#include "base/paths.h"
#include "base/version.h"
#include "bot/allocator_report.h"
#include "bot/config.h"
#include "bot/report.h"
#include "feed/input_error.h"
#include "feed/tick_file.h"
#include "metrics/clock.h"
#include "pipeline/clock_time_source.h"
#include "pipeline/core_floor.h"
#include "pipeline/replay.h"
#include "pipeline/replay_source.h"
#include "pipeline/shutdown.h"
#include "strategies/registry.h"

namespace hftbot::bot {
namespace {

using pipeline::BboTrace;
using pipeline::CoreFloor;
using pipeline::PreparedTicks;
using pipeline::RunResult;
using pipeline::StrategyFactory;

constexpr const char* kBundledSample = "data/sample.bin.gz";
constexpr const char* kDefaultConfig = "config/default.toml";

struct CommandLine {
  bool alloc_info = false;
  std::string config_path;
  std::optional<std::string> ticks, format, speed, rate, profile, wait, topology, gateway, on_full, on_bad_tick,
      strategy;
  std::optional<double> memory_budget_mb;
  std::optional<int> feed_threads, engine_threads;
  std::optional<std::vector<int>> pin_cpus;
  std::optional<std::string> report_json, hgrm_dir, order_log, bbo_out, hlog, alloc_profile;
  std::optional<double> hlog_interval_s;
  std::optional<int64_t> time_every;
  std::vector<std::string> components;  // --component NAME=SPEC, in order
  bool no_progress = false;
};

// A number given as a flag's text; the error names the flag and says what it wants.
double ParseNumberFlag(const std::string& flag, const std::string& text, const std::string& wanted) {
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw feed::InputError(flag + " " + text, "expected " + wanted);
}

void ApplyOverrides(const CommandLine& cli, Config& config) {
  auto set = [&config](const std::string& key, const std::string& flag, const std::string& value) {
    config.from_flag[key] = flag + " " + value;
  };
  if (cli.ticks) {
    config.ticks = *cli.ticks;
    set("replay.ticks", "--ticks", *cli.ticks);
  }
  if (cli.format) {
    config.format = *cli.format;
    set("replay.format", "--format", *cli.format);
  }
  if (cli.speed) {
    if (*cli.speed == "max") {
      config.speed = 0;
    } else {
      config.speed = ParseNumberFlag("--speed", *cli.speed, "\"max\" or a positive factor on recorded time");
      if (!(config.speed > 0)) throw feed::InputError("--speed " + *cli.speed, "expected \"max\" or a positive factor");
    }
    set("replay.speed", "--speed", *cli.speed);
    if (!cli.rate) config.rate = 0;  // a speed on the command line replaces the file's pacing
  }
  if (cli.rate) {
    config.rate = ParseNumberFlag("--rate", *cli.rate, "events per second (a number; 0 = off)");
    if (config.rate < 0 || config.rate > 1e9) {
      throw feed::InputError("--rate " + *cli.rate, "expected events per second between 0 (off) and 1e9");
    }
    set("replay.rate", "--rate", *cli.rate);
    if (!cli.speed) config.speed = 0;
  }
  if (cli.memory_budget_mb) config.memory_budget_mb = *cli.memory_budget_mb;
  if (cli.profile) {
    config.profile = *cli.profile;
    set("engine.profile", "--profile", *cli.profile);
  }
  if (cli.wait) config.wait = *pipeline::ParseWaitStrategy(*cli.wait);
  if (cli.topology) {
    config.topology = *pipeline::ParseTopology(*cli.topology);
    set("threads.topology", "--topology", *cli.topology);
  }
  if (cli.gateway) {
    config.gateway = *pipeline::ParseGatewayMode(*cli.gateway);
    set("threads.gateway", "--gateway", *cli.gateway);
  }
  if (cli.on_full) config.on_full = *pipeline::ParseOnFull(*cli.on_full);
  if (cli.on_bad_tick) config.on_bad_tick = *cli.on_bad_tick;
  if (cli.strategy) {
    config.strategy = {*cli.strategy, {}};
    set("strategy", "--strategy", *cli.strategy);
  }
  if (cli.feed_threads) {
    config.feed_threads = *cli.feed_threads;
    set("threads.feed_threads", "--feed-threads", std::to_string(*cli.feed_threads));
  }
  if (cli.engine_threads) config.engine_threads = *cli.engine_threads;
  if (cli.pin_cpus) config.pin_cpus = *cli.pin_cpus;
  if (cli.report_json) config.report_json = *cli.report_json;
  if (cli.hgrm_dir) config.hgrm_dir = *cli.hgrm_dir;
  if (cli.order_log) config.order_log = *cli.order_log;
  if (cli.bbo_out) config.bbo_out = *cli.bbo_out;
  if (cli.hlog) config.hlog = *cli.hlog;
  if (cli.alloc_profile) config.alloc_profile = *cli.alloc_profile;
  if (cli.hlog_interval_s) config.hlog_interval_s = *cli.hlog_interval_s;
  if (cli.time_every) config.time_every = *cli.time_every;
  if (cli.no_progress) config.progress = false;
  for (const std::string& assignment : cli.components) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == assignment.size()) {
      throw feed::InputError("--component " + assignment, "expected NAME=SPEC, e.g. book=mimalloc-heap");
    }
    const std::string component = assignment.substr(0, equals), spec = assignment.substr(equals + 1);
    const std::string problem = ComponentResourceProblem(component);
    if (!problem.empty()) throw feed::InputError("--component " + assignment, problem);
    // A flag replaces what the file gave the same component; the others keep the file's.
    std::erase_if(config.alloc_components, [&](const auto& entry) { return entry.first == component; });
    config.alloc_components.emplace_back(component, spec);
    set("alloc.components", "--component", assignment);
  }
  ValidateConfig(config);
}

// A [symbols.NAME] section for a symbol the file does not have is a typo until shown
// otherwise: the strategy it sets would silently never run.
void CheckSymbolSections(const Config& config, const feed::LoadedTicks& ticks) {
  std::set<std::string> present;
  for (const auto& symbol : ticks.symbols) present.insert(symbol.name);
  for (const auto& [name, choice] : config.symbol_strategies) {
    if (present.count(name)) continue;
    std::string list;
    for (const std::string& symbol : present) list += (list.empty() ? "" : ", ") + symbol;
    throw feed::InputError(config.source + ": symbols." + name,
                           "the tick file has no symbol " + name + " (it has: " + list + ")");
  }
}

StrategyFactory MakeStrategyFactory(const Config& config) {
  return [&config](const std::string& symbol) {
    auto override = config.symbol_strategies.find(symbol);
    const StrategyChoice& choice = override != config.symbol_strategies.end() ? override->second : config.strategy;
    std::string where = override != config.symbol_strategies.end() ? config.source + ": symbols." + symbol + ".strategy"
                                                                     : Origin(config, "strategy");
    try {
      return strategies::CreateStrategy(choice.name, choice.params);
    } catch (const std::invalid_argument& error) {
      throw feed::InputError(where, error.what());
    }
  };
}

int Run(int argc, char** argv) {
  CLI::App app{"hftbot: replay recorded ticks through a simulated HFT pipeline and measure the allocator"};
  CommandLine cli;
  app.add_flag("--alloc-info", cli.alloc_info,
               "print the allocator block (name, version, proof it is active, options, statistics) and exit");
  app.add_option("--config", cli.config_path, "TOML configuration (default: the bundled config/default.toml)");
  app.add_option("--ticks", cli.ticks, "tick file to replay (default: the bundled sample)");
  app.add_option("--format", cli.format,
                 "tick format: auto, csv, binary, binance-ws, binance-csv, lobster, tardis, truefx, histdata")
      ->default_str("auto");
  app.add_option("--speed", cli.speed, "\"max\" or a factor on the recorded timestamps (1 = real time)")
      ->default_str("max");
  app.add_option("--rate", cli.rate, "fixed publish rate in events/s, 0 = off (exclusive with a speed factor)")
      ->default_str("0");
  app.add_option("--memory-budget-mb", cli.memory_budget_mb,
                 "stream files whose events would need more memory than this")
      ->default_str("1024")
      ->check(CLI::Range(0.01, 1048576.0));
  app.add_option("--profile", cli.profile, "allocation profile: naive (a first bot's heap habits) or pooled")
      ->default_str("naive")
      ->check(CLI::IsMember({"naive", "pooled"}));
  app.add_option("--topology", cli.topology,
                 "threads: threaded (feeds, engines, a gateway), compact (one feed, engines sending inline), or "
                 "auto (threaded when it fits the cores)")
      ->default_str("auto")
      ->check(CLI::IsMember({"auto", "threaded", "compact"}));
  app.add_option("--gateway", cli.gateway, "who sends orders: thread, inline (the engine thread), auto")
      ->default_str("auto")
      ->check(CLI::IsMember({"auto", "thread", "inline"}));
  app.add_option("--wait", cli.wait, "wait strategy: spin, yield, block, auto (spin while busy threads <= cores)")
      ->default_str("auto")
      ->check(CLI::IsMember({"spin", "yield", "block", "auto"}));
  app.add_option("--on-full", cli.on_full, "when a feed queue is full: block (wait) or drop (count)")
      ->default_str("block")
      ->check(CLI::IsMember({"block", "drop"}));
  app.add_option("--on-bad-tick", cli.on_bad_tick, "bad tick: fail (stop at file:line) or skip (count)")
      ->default_str("fail")
      ->check(CLI::IsMember({"fail", "skip"}));
  app.add_option("--strategy", cli.strategy,
                 "strategy for every symbol: " + fmt::format("{}", fmt::join(strategies::StrategyNames(), ", ")) +
                     " (parameters from the config)")
      ->default_str("market_maker");
  app.add_option("--feed-threads", cli.feed_threads, "feed threads (0 = one per symbol; compact: 1)")
      ->default_str("0")
      ->check(CLI::Range(0, 256));
  app.add_option("--engine-threads", cli.engine_threads, "engine threads")->default_str("1")->check(CLI::Range(1, 64));
  app.add_option("--pin", cli.pin_cpus, "CPUs for the feed, engine and gateway threads, in turn (e.g. --pin 0,1)")
      ->delimiter(',');
  app.add_option("--report-json", cli.report_json, "write the JSON report to this file");
  app.add_option("--hgrm-dir", cli.hgrm_dir, "write one .hgrm percentile distribution per stage here");
  app.add_option("--order-log", cli.order_log, "write every wire message to this file");
  app.add_option("--bbo-out", cli.bbo_out,
                 "write the top of book after every event to this CSV (engine threads do the writing: "
                 "not for latency runs)");
  app.add_option("--hlog", cli.hlog,
                 "write every stage's latency over time to this HdrHistogram interval log (.hlog)");
  app.add_option("--hlog-interval", cli.hlog_interval_s, "seconds of wall time per .hlog interval")
      ->default_str("1")
      ->check(CLI::Range(0.001, 3600.0));
  app.add_option("--time-every", cli.time_every,
                 "time queue_wait and engine_service for 1 event in N, at seeded random gaps of 1..2N-1 (default 1: "
                 "every event; a clock read costs about 20 ns on a VM, which caps the max-speed rate); the order "
                 "stages time every order")
      ->default_str("1")
      ->check(CLI::Range(int64_t{1}, int64_t{1'000'000}));
  app.add_option("--alloc-profile", cli.alloc_profile,
                 "profile allocations by component during the replay and write the table, JSON, folded stacks and "
                 "a flame graph into this folder (slows allocation several-fold: not for latency runs)");
  app.add_option("--component", cli.components,
                 "NAME=SPEC: the memory resource of an engine component (book, exchange, strategy, risk), "
                 "replacing [alloc.components] for it; repeatable, e.g. --component book=mimalloc-heap");
  app.add_flag("--no-progress", cli.no_progress, "no progress line on stderr");
  app.set_version_flag("--version", std::string("hftbot ") + kHftbotVersion);
  app.footer("Exit status: 0 done; 2 bad input or option (the message names the file, line, key or flag); 3 the "
             "tick accounting does not add up; 128+N stopped by signal N (130 Ctrl-C, 143 SIGTERM).");
  if (std::optional<int> status = ParseCommandLine(app, argc, argv, "hftbot")) return *status;

  pipeline::InstallShutdownHandlers();
  AllocatorSnapshot allocator = TakeAllocatorSnapshot();
  std::string config_path =
      cli.config_path.empty() ? ResolveBundledFile(kDefaultConfig, argv[0]) : ResolveUserPath(cli.config_path);
  Config config = LoadConfig(config_path);
  ApplyOverrides(cli, config);
  // Component resources ([alloc.components], [alloc.adaptive]) exist before anything
  // that allocates from them and outlive the replay.
  pipeline::ClockTimeSource profile_time(metrics::DefaultClock());
  alloc::ResourceRegistry resources;
  try {
    resources.ConfigureAdaptive(config.alloc_adaptive, &profile_time, config.alloc_adaptive_calm);
  } catch (const std::invalid_argument& error) {
    throw feed::InputError(Origin(config, "alloc.adaptive"), error.what());
  }
  try {
    resources.Assign(config.alloc_components);
  } catch (const std::invalid_argument& error) {
    throw feed::InputError(Origin(config, "alloc.components"), error.what());
  }
  if (cli.alloc_info) {
    WriteAllocatorBlock(std::cout, allocator);
    const std::vector<alloc::OwnershipProof> proofs = alloc::ProveOwnership(resources);
    bool all_proven = true;
    std::cout << "components ([alloc.components]; ownership asked of each resource):\n";
    for (const std::string& line : alloc::DescribeOwnership(proofs)) std::cout << "  " << line << "\n";
    for (const alloc::OwnershipProof& proof : proofs) all_proven &= proof.proven;
    return allocator.active.active && all_proven ? 0 : 1;
  }
  if (alloc::kSanitizerOwningMalloc != nullptr) {
    // A sanitizer build: the sanitizer's runtime serves malloc, whatever --//alloc says.
    spdlog::warn("{} serves malloc in this build, not {}", alloc::kSanitizerOwningMalloc, allocator.info.name);
  } else if (!allocator.active.active) {
    spdlog::error("allocator {} is not serving malloc; run with --alloc-info for the evidence", allocator.info.name);
    return 1;
  }

  std::string ticks_path = config.ticks.empty() ? ResolveBundledFile(kBundledSample, argv[0]) : ResolveUserPath(config.ticks);
  config.report_json = ResolveUserPath(config.report_json);
  config.hgrm_dir = ResolveUserPath(config.hgrm_dir);
  config.order_log = ResolveUserPath(config.order_log);
  config.bbo_out = ResolveUserPath(config.bbo_out);
  config.hlog = ResolveUserPath(config.hlog);
  config.alloc_profile = ResolveUserPath(config.alloc_profile);
  CheckOutputsWritable(config);

  auto format = feed::ParseFormatName(config.format);
  if (!format) {
    throw feed::InputError(Origin(config, "replay.format"),
                           "unknown format '" + config.format +
                               "' (auto, csv, binary, binance-ws, binance-csv, lobster, tardis, truefx, histdata)");
  }
  feed::LoadOptions load_options;
  load_options.format = *format;
  load_options.on_bad_tick = config.on_bad_tick == "skip" ? feed::OnBadTick::kSkip : feed::OnBadTick::kFail;
  PreparedTicks prepared = pipeline::PrepareTicks(
      ticks_path, load_options, static_cast<uint64_t>(config.memory_budget_mb * 1048576.0), pipeline::StopRequested());
  const feed::LoadedTicks& ticks = prepared.ticks;
  CheckSymbolSections(config, ticks);

  const metrics::Clock& clock = metrics::DefaultClock();
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  CoreFloor floor = pipeline::MeasureCoreFloor(0, cores > 1 ? 1 : 0);

  std::unique_ptr<BboTrace> bbo_trace;
  if (!config.bbo_out.empty()) {
    std::vector<std::string> names;
    for (const auto& symbol : ticks.symbols) names.push_back(symbol.name);
    bbo_trace = std::make_unique<BboTrace>(config.bbo_out, names);
  }
  if (!config.alloc_profile.empty() && !alloc::StartProfiling({}, &profile_time)) {
    throw feed::InputError(config.alloc_profile, "--alloc-profile: profiling is already running");
  }
  pipeline::PipelineOptions pipeline_options = ToPipelineOptions(config);
  pipeline_options.engine.resources = {&resources.For(alloc::Component::kBook),
                                       &resources.For(alloc::Component::kExchange),
                                       &resources.For(alloc::Component::kStrategy),
                                       &resources.For(alloc::Component::kRisk)};
  pipeline_options.adaptive = resources.adaptive();
  RunResult result = pipeline::RunPipeline(ticks, pipeline_options, MakeStrategyFactory(config), clock,
                                           pipeline::StopRequested(), prepared.stream, bbo_trace.get());
  std::optional<alloc::AllocationProfile> profile;
  if (!config.alloc_profile.empty()) {
    alloc::StopProfiling();
    profile = alloc::ProfileSnapshot();
    try {
      alloc::WriteAllocationProfile(*profile, result.processed, config.alloc_profile);
    } catch (const std::runtime_error& error) {
      throw feed::InputError(config.alloc_profile, std::string("--alloc-profile: ") + error.what());
    }
  }
  if (bbo_trace) bbo_trace->Finish();
  result.streamed = !prepared.stream.path.empty();
  AllocatorSnapshot after = TakeAllocatorSnapshot();

  ReportInputs inputs{config, ticks, result, allocator, after, floor, clock, profile ? &*profile : nullptr, &resources};
  WriteConsoleReport(std::cout, inputs);
  WriteOutputFiles(inputs);
  std::string violation = ConservationViolation(inputs);
  if (!violation.empty()) {
    spdlog::error("tick accounting does not add up: {}", violation);
    return 3;
  }
  if (!result.wire_problems.empty() || !result.output_problems.empty()) {
    if (!result.wire_problems.empty()) spdlog::error("{}", result.wire_problems);
    if (!result.output_problems.empty()) spdlog::error("{}", result.output_problems);
    return 2;
  }
  return result.partial ? 128 + pipeline::StopSignal() : 0;
}

}  // namespace
}  // namespace hftbot::bot

int main(int argc, char** argv) {
  try {
    return hftbot::bot::Run(argc, argv);
  } catch (const hftbot::feed::InputError& error) {
    std::fprintf(stderr, "hftbot: error: %s\n", error.what());
    return 2;
  } catch (const hftbot::pipeline::LoadStopped& stopped) {
    std::fprintf(stderr, "hftbot: %s\n", stopped.what());
    return 128 + hftbot::pipeline::StopSignal();
  }
}
