// The bot's configuration: config/default.toml (or --config FILE), then command-line
// overrides. Loading is start-up code: any unknown key, wrong type or out-of-range
// value throws feed::InputError naming "<file>: <key.path>" and the reason.
//
// Thread safety: a plain value; build it once on the main thread, then share it const.

#ifndef HFTBOT_BOT_CONFIG_H_
#define HFTBOT_BOT_CONFIG_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alloc/adaptive_resource.h"
#include "engine/symbol_engine.h"
#include "pipeline/options.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::bot {

using pipeline::GatewayMode;
using pipeline::OnFull;
using pipeline::Topology;
using pipeline::WaitStrategy;

struct StrategyChoice {
  std::string name;
  std::map<std::string, double> params;
};

struct Config {
  std::string source = "<built-in defaults>";  // the file the values came from
  // Keys whose value came from a command-line flag, e.g. "replay.rate" -> "--rate 1000",
  // so that an error about them names the flag, not the file.
  std::map<std::string, std::string> from_flag;

  // [replay]
  std::string ticks;                 // empty: the bundled sample
  std::string format = "auto";       // auto|csv|binary|...: the feed's format names
  std::string on_bad_tick = "fail";  // fail|skip
  double speed = 0;                  // replay speed factor on recorded timestamps; 0 = max
  double rate = 0;                   // fixed rate in events/s; 0 = off. Exclusive with speed.
  OnFull on_full = OnFull::kBlock;
  double memory_budget_mb = 1024;   // files whose events would not fit are streamed

  // [threads]
  Topology topology = Topology::kAuto;  // auto: threaded when it fits the cores, else compact
  GatewayMode gateway = GatewayMode::kAuto;  // auto: a thread (threaded), inline (compact)
  int feed_threads = 0;    // 0 = one per symbol (threaded), one (compact)
  int engine_threads = 1;
  WaitStrategy wait = WaitStrategy::kAuto;
  std::vector<int> pin_cpus;  // empty = no pinning; else CPUs handed out to threads in order

  // [queues]
  int64_t feed_queue_capacity = 4096;   // per symbol, events
  int64_t order_queue_capacity = 65536; // engine -> gateway, orders

  // [engine]
  std::string profile = "naive";  // naive|pooled
  int64_t order_latency_ns = engine::kDefaultOrderLatencyNs;

  // [risk] in instrument / quote units (converted to fixed point by the engine wiring)
  double max_position = 5.0;
  double max_order_rate = 200.0;  // orders per second of data time, per symbol
  double max_notional = 1'000'000.0;

  // [strategy] for every symbol, and [symbols.<NAME>.strategy] overrides
  StrategyChoice strategy{"market_maker", {}};
  std::map<std::string, StrategyChoice> symbol_strategies;

  // [alloc.components]: component name (book, exchange, strategy, risk) -> resource
  // spec (alloc/resource_registry.h), in file order; those not named use "default".
  std::vector<std::pair<std::string, std::string>> alloc_components;
  // [alloc.adaptive]: the "adaptive" resource's switching, and its calm backing.
  alloc::AdaptiveOptions alloc_adaptive;
  std::string alloc_adaptive_calm = "default";
  // [histogram]
  int64_t histogram_highest_ns = 60'000'000'000;  // 60 s
  int significant_figures = 3;
  int64_t time_every = 1;  // queue_wait and engine_service time 1 event in this many

  // [output]
  std::string report_json;  // empty = none
  std::string hgrm_dir;     // empty = none
  std::string order_log;    // empty = none
  std::string bbo_out;      // empty = none: top-of-book CSV after every event
  std::string hlog;         // empty = none: HdrHistogram interval log of every stage
  std::string alloc_profile;  // empty = none: allocation profile by component into this folder
  double hlog_interval_s = 1.0;
  bool progress = true;     // progress line on stderr when it is a terminal
  double memory_sample_interval_s = 0.1;
  // Report warnings: RSS growth after the warm-up (the first 10% of the replay), and
  // allocator fragmentation at the end, in percent.
  double rss_growth_warn_pct = 25;
  double fragmentation_warn_pct = 50;
};

// Reads `path` (TOML). Keys absent from the file keep the defaults above.
Config LoadConfig(const std::string& path);

// Cross-field checks (e.g. speed and rate both set). Throws feed::InputError.
void ValidateConfig(const Config& config);

// Where the value of `key` (e.g. "replay.rate") came from, for error messages: the
// flag that set it ("--rate 1000"), else "<config file>: <key>".
std::string Origin(const Config& config, const std::string& key);

// Why `component` cannot take a resource in [alloc.components] or --component, or ""
// when it can (book, exchange, strategy, risk).
std::string ComponentResourceProblem(const std::string& component);

// The replay runtime's view of the configuration: fixed-point risk limits, the
// engine's settings, threads, queues and outputs. REQUIRES: a validated config.
pipeline::PipelineOptions ToPipelineOptions(const Config& config);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_CONFIG_H_
