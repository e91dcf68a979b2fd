#include "bot/report.h"

#include <fmt/format.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "alloc/allocation_profile_report.h"
#include "alloc/component.h"
#include "base/atomic_file.h"
#include "base/host_info.h"
#include "engine/digest.h"
#include "engine/order.h"
#include "feed/input_error.h"
#include "feed/source_records.h"
#include "metrics/hgrm.h"

namespace hftbot::bot {
namespace {

using pipeline::MemorySample;
using pipeline::MemoryTrend;
using pipeline::RunResult;
using pipeline::StageLatency;

double ToUnits(int64_t fixed) { return static_cast<double>(fixed) / static_cast<double>(feed::kFixedPointScale); }

std::string Micros(int64_t ns) { return fmt::format("{:.2f}", static_cast<double>(ns) / 1000.0); }

uint64_t RejectedTicks(const feed::LoadedTicks& ticks) {
  uint64_t sum = 0;
  for (const auto& [reason, count] : ticks.rejected) sum += count;
  return sum;
}

uint64_t Dropped(const RunResult& run) {
  uint64_t sum = 0;
  for (uint64_t d : run.dropped) sum += d;
  return sum;
}

nlohmann::json OptionalBytes(const std::optional<uint64_t>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::string SpeedText(const Config& config) {
  if (config.rate > 0) return fmt::format("rate {:.0f} events/s", config.rate);
  if (config.speed > 0) return fmt::format("{}x recorded time", config.speed);
  return "max";
}

std::string StrategyText(const Config& config) {
  std::string text = config.strategy.name;
  for (const auto& [symbol, choice] : config.symbol_strategies) text += fmt::format("; {}: {}", symbol, choice.name);
  return text;
}

nlohmann::json StrategyBySymbol(const Config& config, const feed::LoadedTicks& ticks) {
  nlohmann::json by_symbol = nlohmann::json::object();
  for (const auto& symbol : ticks.symbols) {
    auto override = config.symbol_strategies.find(symbol.name);
    by_symbol[symbol.name] = override != config.symbol_strategies.end() ? override->second.name : config.strategy.name;
  }
  return by_symbol;
}

int64_t StageP50(const RunResult& run, const std::string& name) {
  const StageLatency* stage = pipeline::FindStage(run, name);
  return stage == nullptr || stage->histogram.Count() == 0 ? 0 : stage->histogram.ValueAtPercentile(50.0);
}

void WriteAtomically(const std::string& path, const std::string& content) {
  std::string error = WriteFileAtomically(path, content);
  if (!error.empty()) throw feed::InputError(path, error);
}

// The components each resource serves, e.g. "book, strategy".
std::string ComponentsOf(const alloc::ResourceRegistry& registry, const alloc::ComponentResource* resource) {
  std::string names;
  for (alloc::Component component : {alloc::Component::kBook, alloc::Component::kExchange,
                                     alloc::Component::kStrategy, alloc::Component::kRisk}) {
    if (&registry.For(component) == resource) {
      names += (names.empty() ? "" : ", ") + std::string(alloc::ComponentName(component));
    }
  }
  return names;
}

void WriteResources(std::ostream& out, const alloc::ResourceRegistry& registry) {
  out << "  component resources ([alloc.components]):\n";
  for (const alloc::ComponentResource* resource : registry.Resources()) {
    const std::string components = ComponentsOf(registry, resource);
    if (components.empty()) continue;
    const alloc::ResourceStats stats = resource->Stats();
    out << fmt::format("    {:<20} {:<28} allocations = {}, frees = {}, live = {:.1f} KiB{}\n", resource->Spec(),
                       components, stats.allocations, stats.deallocations,
                       static_cast<double>(stats.live_bytes()) / 1024.0,
                       stats.backend_resident ? fmt::format(", resident {:.1f} MiB",
                                                            static_cast<double>(*stats.backend_resident) / 1048576.0)
                                              : "");
  }
  if (const alloc::AdaptiveResource* adaptive = registry.adaptive()) {
    const alloc::AdaptiveStats a = adaptive->AdaptiveStatistics();
    out << fmt::format("    adaptive: {} bursts ({} back to calm), {:.2f} s burst / {:.2f} s calm; region hits = {}, "
                       "misses = {}, calm allocations = {}; returned to the OS = {:.1f} MiB\n",
                       a.switches_to_burst, a.switches_to_calm, static_cast<double>(a.burst_ns) / 1e9,
                       static_cast<double>(a.calm_ns) / 1e9, a.hits, a.misses, a.calm_allocations,
                       static_cast<double>(a.bytes_returned) / 1048576.0);
  }
}

nlohmann::json ResourcesJson(const alloc::ResourceRegistry& registry) {
  using nlohmann::json;
  json resources = json::array();
  for (const alloc::ComponentResource* resource : registry.Resources()) {
    const alloc::ResourceStats stats = resource->Stats();
    json entry = {{"spec", resource->Spec()},
                  {"backend", resource->Backend()},
                  {"components", ComponentsOf(registry, resource)},
                  {"allocations", stats.allocations},
                  {"deallocations", stats.deallocations},
                  {"bytes_allocated", stats.bytes_allocated},
                  {"live_bytes", stats.live_bytes()},
                  {"bytes_returned", stats.bytes_returned}};
    if (stats.backend_resident) entry["backend_resident_bytes"] = *stats.backend_resident;
    if (resource == registry.adaptive()) {
      const alloc::AdaptiveStats a = registry.adaptive()->AdaptiveStatistics();
      entry["adaptive"] = {{"switches_to_burst", a.switches_to_burst}, {"switches_to_calm", a.switches_to_calm},
                           {"burst_s", static_cast<double>(a.burst_ns) / 1e9},
                           {"calm_s", static_cast<double>(a.calm_ns) / 1e9},
                           {"hits", a.hits},
                           {"misses", a.misses},
                           {"calm_allocations", a.calm_allocations},
                           {"bytes_returned", a.bytes_returned}};
    }
    resources.push_back(entry);
  }
  return resources;
}

}  // namespace

TradingTotals SumTrading(const RunResult& run) {
  TradingTotals totals;
  std::vector<engine::SymbolDigest> digests;
  for (size_t s = 0; s < run.symbol_stats.size(); ++s) {
    const engine::EngineStats& stats = run.symbol_stats[s];
    totals.orders_sent += stats.orders_sent;
    totals.cancels_sent += stats.cancels_sent;
    totals.acks += stats.orders_acked;
    totals.filled += stats.orders_filled;
    totals.fills += stats.fills;
    totals.cancelled += stats.orders_cancelled;
    for (int r = 0; r < engine::kRejectReasonCount; ++r) {
      uint64_t n = stats.rejects[static_cast<size_t>(r)];
      totals.rejects += n;
      if (n > 0) totals.reject_reasons[std::string(engine::RejectReasonName(static_cast<engine::RejectReason>(r)))] += n;
    }
    totals.realized_pnl += ToUnits(stats.realized_pnl);
    totals.unrealized_pnl += ToUnits(stats.unrealized_pnl);
    digests.push_back({static_cast<feed::SymbolId>(s), stats.digest});
  }
  totals.digest = engine::FormatDigest(engine::CombineDigests(digests));
  return totals;
}

std::vector<std::string> MemoryWarnings(const MemoryTrend& trend, double rss_growth_warn_pct,
                                        double fragmentation_warn_pct) {
  std::vector<std::string> warnings;
  if (trend.rss_growth_pct > rss_growth_warn_pct) {
    warnings.push_back("RSS grew " + std::to_string(static_cast<int>(trend.rss_growth_pct)) +
                       "% after the warm-up (" + std::to_string(trend.rss_after_warmup >> 20) + " -> " +
                       std::to_string(trend.rss_at_end >> 20) + " MiB): a leak, a growing history, or the allocator "
                       "not returning memory");
  }
  // Fragmentation of a heap of a few MiB is the allocator's fixed start-up footprint, not a finding.
  constexpr uint64_t kMinHeapForFragmentation = 64ull << 20;
  if (trend.fragmentation_at_end_pct && *trend.fragmentation_at_end_pct > fragmentation_warn_pct &&
      trend.resident_at_end.value_or(0) >= kMinHeapForFragmentation) {
    warnings.push_back("allocator fragmentation is " + std::to_string(static_cast<int>(*trend.fragmentation_at_end_pct)) +
                       "% of resident memory at the end: memory held but not used by live allocations");
  }
  return warnings;
}

LatencyReading ReadLatency(const ReportInputs& in) {
  const RunResult& run = in.run;
  LatencyReading reading;
  if (!run.paced) {
    reading.headline_stage = "engine_service";
    reading.end_to_end_is_queueing = true;
    reading.queueing_reason =
        "at max speed the feed runs ahead of the engine, so tick_to_order is the time events wait in the queues "
        "(queue depth), not the hot path: read engine_service and throughput; pace with --rate for end-to-end latency";
  } else {
    reading.headline_stage = "tick_to_order";
    double throughput = run.duration_s > 0 ? static_cast<double>(run.processed) / run.duration_s : 0.0;
    int64_t lag_p50 = StageP50(run, "publish_lag");
    if (in.config.rate > 0 && throughput < 0.95 * in.config.rate) {
      reading.end_to_end_is_queueing = true;
      reading.queueing_reason = fmt::format(
          "the replay ran at {:.0f} events/s, below the {:.0f} offered: the engine is saturated and tick_to_order is "
          "queueing; lower --rate to measure below saturation",
          throughput, in.config.rate);
    } else if (lag_p50 > 1'000'000) {
      reading.end_to_end_is_queueing = true;
      reading.queueing_reason = fmt::format(
          "the feed published {:.1f} ms late at the median (publish_lag): the replay fell behind its schedule and "
          "tick_to_order is queueing",
          static_cast<double>(lag_p50) / 1e6);
    }
  }
  int64_t hop = StageP50(run, "queue_wait");
  if (hop > 0 && in.floor.one_way_p50_ns > 0) reading.floor_ratio = static_cast<double>(hop) / in.floor.one_way_p50_ns;
  return reading;
}

void WriteConsoleReport(std::ostream& out, const ReportInputs& in) {
  const Config& config = in.config;
  const RunResult& run = in.run;
  TradingTotals trading = SumTrading(run);
  out << (run.partial ? "== hftbot report (PARTIAL: stopped by a signal) ==\n" : "== hftbot report ==\n");
  WriteAllocatorBlock(out, in.allocator_after);
  out << "\nrun:\n";
  out << fmt::format("  ticks file = {} ({}{}){}\n", in.ticks.path, feed::FormatName(in.ticks.format),
                     in.ticks.compressed ? ", gzip" : "",
                     run.streamed ? fmt::format(" — streamed: its events exceed the {} MiB memory budget",
                                                config.memory_budget_mb)
                                  : "");
  out << fmt::format("  topology = {}{}: {} feed thread{}, {} engine thread{}, gateway {}; {} busy threads on {} "
                     "usable cores\n",
                     pipeline::TopologyName(run.topology), config.topology == Topology::kAuto ? " (auto)" : "",
                     run.feed_threads, run.feed_threads == 1 ? "" : "s", run.engine_threads,
                     run.engine_threads == 1 ? "" : "s",
                     run.gateway == GatewayMode::kInline ? "inline on the engine threads" : "thread",
                     run.busy_threads, run.cores);
  out << fmt::format("  wait = {}{}; speed = {}; profile = {}; on_full = {}\n", pipeline::WaitStrategyName(run.wait),
                     config.wait == WaitStrategy::kAuto ? " (auto)" : "", SpeedText(config), config.profile,
                     pipeline::OnFullName(config.on_full));
  out << fmt::format("  strategy = {}\n", StrategyText(config));
  if (run.busy_threads > run.cores && (run.wait == WaitStrategy::kSpin || run.wait == WaitStrategy::kYield)) {
    out << fmt::format("  WARNING: {} busy threads on {} cores with wait = {}: threads will steal each other's "
                       "time and latency will show it; use --wait block or auto\n",
                       run.busy_threads, run.cores, pipeline::WaitStrategyName(run.wait));
  }
  if (!config.pin_cpus.empty()) {
    std::vector<std::string> pins;
    for (const pipeline::ThreadPlacement& p : run.placement) pins.push_back(fmt::format("{} -> CPU {}", p.thread, p.cpu));
    out << fmt::format("  pinned: {}\n", fmt::join(pins, ", "));
  }
  out << fmt::format("  clock = {} (read cost {:.1f} ns, calibration error {:.1f} ppm)\n", in.clock.Source(),
                     in.clock.ReadCostNs(), in.clock.Calibration().error_ppm);
  out << fmt::format("  duration = {:.3f} s; throughput = {:.0f} ticks/s\n", run.duration_s,
                     run.duration_s > 0 ? static_cast<double>(run.processed) / run.duration_s : 0.0);

  uint64_t rejected = RejectedTicks(in.ticks);
  out << "\nticks:\n";
  out << fmt::format("  read = {}; processed = {}; rejected = {}; dropped = {}{}\n", in.ticks.read, run.processed,
                     rejected, Dropped(run),
                     run.partial ? fmt::format("; not replayed (stopped) = {}", run.unreplayed) : std::string());
  for (const auto& [reason, count] : in.ticks.rejected) out << fmt::format("    rejected {} = {}\n", reason, count);
  for (const auto& [note, count] : in.ticks.notes) out << fmt::format("    import: {} = {}\n", note, count);
  const feed::SourceRecords& source = in.ticks.records_in_source;
  out << fmt::format("  source records = {} (with events {}, rejected {}, held {}, skipped {}, informational {})\n",
                     source.in_source, source.with_events, source.rejected, source.held, source.skipped,
                     source.informational);
  for (size_t s = 0; s < run.dropped.size(); ++s) {
    if (run.dropped[s] > 0) out << fmt::format("    dropped {} = {}\n", in.ticks.symbols[s].name, run.dropped[s]);
  }

  out << "\norders:\n";
  out << fmt::format("  sent = {} (+ {} cancels); acked = {}; filled = {} ({} fills); cancelled = {}; "
                     "rejected = {}; on the wire = {}\n",
                     trading.orders_sent, trading.cancels_sent, trading.acks, trading.filled, trading.fills,
                     trading.cancelled, trading.rejects, run.orders_on_wire);
  for (const auto& [reason, count] : trading.reject_reasons) out << fmt::format("    rejected {} = {}\n", reason, count);
  if (run.order_queue_grown > 0) {
    out << fmt::format("  WARNING: {} orders found the order queue full and took a heap block (raise "
                       "queues.order_capacity)\n",
                       run.order_queue_grown);
  }
  out << fmt::format("  pnl = {:.2f} (realized {:.2f}, unrealized {:.2f})\n", trading.realized_pnl + trading.unrealized_pnl,
                     trading.realized_pnl, trading.unrealized_pnl);
  out << "  digest = " << trading.digest << "\n";

  LatencyReading reading = ReadLatency(in);
  out << "\nlatency (us):\n";
  out << fmt::format("  headline: {}{}\n", reading.headline_stage,
                     reading.end_to_end_is_queueing ? " — " + reading.queueing_reason : std::string());
  out << fmt::format("  {:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}\n", "stage", "count", "p50", "p90",
                     "p99", "p99.9", "p99.99", "max", "overflow");
  auto row = [&](const StageLatency& stage) {
    metrics::Summary s = stage.histogram.Summarize();
    out << fmt::format("  {:<16} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}\n", stage.name, s.count,
                       Micros(s.p50), Micros(s.p90), Micros(s.p99), Micros(s.p99_9), Micros(s.p99_99), Micros(s.max),
                       s.overflow);
  };
  if (const StageLatency* headline = pipeline::FindStage(run, reading.headline_stage)) row(*headline);
  for (const StageLatency& stage : run.stages) {
    if (stage.name != reading.headline_stage) row(stage);
  }
  for (const StageLatency& stage : run.stages) out << fmt::format("    {:<16} {}\n", stage.name, stage.meaning);
  if (run.time_every > 1) {
    // Their counts are about processed / N: say so, or a reader looks for lost events.
    out << fmt::format("  queue_wait, engine_service: 1 event in {} timed ([histogram] time_every); the order stages "
                       "time every order\n",
                       run.time_every);
  }
  for (const StageLatency& stage : run.stages) {
    const metrics::Histogram& h = stage.histogram;
    if (h.BelowRangeCount() == 0) continue;
    // Not in the count above, so say where they went: a stage whose two ends are read on
    // different cores can come out at or below zero when the cores' TSCs disagree.
    out << fmt::format("  {}: {} value(s) at or below 0 ns (lowest {} ns), not in the figures above: its two "
                       "time points disagree (clocks of different cores, or read out of order)\n",
                       stage.name, h.BelowRangeCount(), h.MinBelowRangeValue());
  }
  out << fmt::format("  floor: core-to-core one-way p50 = {:.1f} ns (min {:.1f} ns, CPUs {} and {}, {} round trips in {} "
                     "batches)\n",
                     in.floor.one_way_p50_ns, in.floor.one_way_min_ns, in.floor.cpu_a, in.floor.cpu_b,
                     in.floor.round_trips, in.floor.batches);
  if (reading.floor_ratio) {
    out << fmt::format("  feed_to_engine hop (queue_wait p50) = {:.2f}x the floor\n", *reading.floor_ratio);
  }

  MemoryTrend trend = pipeline::TrendOf(run.memory);
  out << "\nmemory:\n";
  out << fmt::format("  peak RSS = {:.1f} MiB; RSS after warm-up = {:.1f} MiB, at the end = {:.1f} MiB ({:+.1f}%); "
                     "{} samples every {} s\n",
                     static_cast<double>(in.allocator_after.stats.process_peak_rss) / 1048576.0,
                     static_cast<double>(trend.rss_after_warmup) / 1048576.0,
                     static_cast<double>(trend.rss_at_end) / 1048576.0, trend.rss_growth_pct,
                     run.memory.samples.size(), run.memory.interval_s);
  for (const std::string& warning :
       MemoryWarnings(trend, config.rss_growth_warn_pct, config.fragmentation_warn_pct)) {
    out << "  WARNING: " << warning << "\n";
  }
  double events = static_cast<double>(std::max<uint64_t>(run.processed, 1));
  out << "\nallocations during the replay (operator new, all threads):\n";
  out << fmt::format("  allocations = {} ({:.2f} per event); frees = {}; bytes = {} ({:.1f} per event)\n",
                     run.allocations.allocations, static_cast<double>(run.allocations.allocations) / events,
                     run.allocations.deallocations, run.allocations.bytes_allocated,
                     static_cast<double>(run.allocations.bytes_allocated) / events);
  if (in.resources != nullptr) WriteResources(out, *in.resources);
  if (in.allocation_profile != nullptr) {
    out << alloc::FormatProfileTable(*in.allocation_profile, run.processed);
    return;
  }
  for (alloc::Component component : alloc::kAllComponents) {
    const alloc::AllocationTotals& c = run.component_allocations[static_cast<size_t>(component)];
    if (c.allocations == 0 && c.deallocations == 0) continue;
    out << fmt::format("    {:<9} allocations = {:>10} ({:>6.2f} per event); frees = {:>10}; bytes = {:>12}\n",
                       alloc::ComponentName(component), c.allocations, static_cast<double>(c.allocations) / events,
                       c.deallocations, c.bytes_allocated);
  }
}

nlohmann::json ReportJson(const ReportInputs& in) {
  using nlohmann::json;
  const Config& config = in.config;
  const RunResult& run = in.run;
  TradingTotals trading = SumTrading(run);
  json j;
  const AllocatorSnapshot& a = in.allocator_after;
  json options = json::object();
  for (const auto& o : a.options.effective) options[o.key] = o.value;
  json env = json::object();
  for (const auto& e : a.options.environment) env[e.key] = e.value;
  j["allocator"] = {{"name", a.info.name},       {"version", a.info.version},   {"active", a.active.active},
                    {"evidence", a.active.evidence}, {"options", options},       {"env", env},
                    {"problems", a.options.problems}};
  j["host"] = {{"cpu", CpuModel()}, {"cores", std::thread::hardware_concurrency()}, {"kernel", KernelRelease()}};
  j["clock"] = {{"source", in.clock.Source()},
                {"read_cost_ns", in.clock.ReadCostNs()},
                {"calibration_error_ppm", in.clock.Calibration().error_ppm}};
  json symbols = json::array();
  for (const auto& s : in.ticks.symbols) symbols.push_back(s.name);
  j["run"] = {{"ticks_file", in.ticks.path},
              {"format", std::string(feed::FormatName(in.ticks.format))},
              {"symbols", symbols},
              {"feed_threads", run.feed_threads},
              {"engine_threads", run.engine_threads},
              {"wait", pipeline::WaitStrategyName(run.wait)},
              {"wait_requested", pipeline::WaitStrategyName(config.wait)},
              {"busy_threads", run.busy_threads},
              {"cores", run.cores},
              {"speed", config.speed > 0 ? json(config.speed) : json("max")},
              {"rate", config.rate},
              {"on_full", pipeline::OnFullName(config.on_full)},
              {"profile", config.profile},
              {"topology", pipeline::TopologyName(run.topology)},
              {"topology_requested", pipeline::TopologyName(config.topology)},
              {"gateway", run.gateway == GatewayMode::kInline ? "inline" : "thread"},
              {"paced", run.paced},
              {"time_every", run.time_every},
              {"strategy", config.strategy.name},
              {"strategy_by_symbol", StrategyBySymbol(config, in.ticks)},
              {"config", config.source},
              {"streamed", run.streamed},
              {"memory_budget_mb", config.memory_budget_mb},
              {"duration_s", run.duration_s}};
  json rejected = json::object();
  for (const auto& [reason, count] : in.ticks.rejected) rejected[reason] = count;
  json dropped_by_symbol = json::object();
  for (size_t s = 0; s < run.dropped.size(); ++s) dropped_by_symbol[in.ticks.symbols[s].name] = run.dropped[s];
  // From the engines' own counts, independent of the feeds' drop counters.
  json processed_by_symbol = json::object();
  for (size_t s = 0; s < run.symbol_stats.size(); ++s) {
    processed_by_symbol[in.ticks.symbols[s].name] = run.symbol_stats[s].events_processed;
  }
  const feed::SourceRecords& source = in.ticks.records_in_source;
  json source_records = {{"in_source", source.in_source},   {"with_events", source.with_events},
                         {"rejected", source.rejected},     {"held", source.held},
                         {"skipped", source.skipped},       {"informational", source.informational}};
  j["ticks"] = {{"read", in.ticks.read},
                {"source_records", source_records},
                {"processed", run.processed},
                {"rejected", rejected},
                {"dropped", Dropped(run)},
                {"unreplayed", run.unreplayed},
                {"import_notes", in.ticks.notes},
                {"dropped_by_symbol", dropped_by_symbol},
                {"processed_by_symbol", processed_by_symbol}};
  j["orders"] = {{"sent", trading.orders_sent},    {"cancels_sent", trading.cancels_sent},
                 {"acked", trading.acks},          {"filled", trading.filled},
                 {"fills", trading.fills},         {"cancelled", trading.cancelled},
                 {"rejected", trading.rejects},    {"reject_reasons", trading.reject_reasons},
                 {"on_wire", run.orders_on_wire},  {"wire_bytes", run.wire_bytes},
                 {"order_queue_grown", run.order_queue_grown}};
  j["partial"] = run.partial;
  j["pnl"] = trading.realized_pnl + trading.unrealized_pnl;
  j["pnl_detail"] = {{"realized", trading.realized_pnl}, {"unrealized", trading.unrealized_pnl}};
  j["digest"] = trading.digest;
  j["throughput_ticks_per_s"] = run.duration_s > 0 ? static_cast<double>(run.processed) / run.duration_s : 0.0;
  json latency = json::object();
  for (const StageLatency& stage : run.stages) {
    metrics::Summary s = stage.histogram.Summarize();
    latency[stage.name] = {{"count", s.count},   {"min", s.min},       {"p50", s.p50},   {"p90", s.p90},
                           {"p99", s.p99},       {"p99_9", s.p99_9},   {"p99_99", s.p99_99},
                           {"max", s.max},       {"mean", s.mean},     {"stddev", s.stddev},
                           {"overflow", s.overflow}, {"below_range", s.below_range},
                           {"meaning", stage.meaning}};
  }
  j["latency_ns"] = latency;
  LatencyReading reading = ReadLatency(in);
  j["latency_reading"] = {{"headline_stage", reading.headline_stage},
                          {"end_to_end_is_queueing", reading.end_to_end_is_queueing},
                          {"queueing_reason", reading.queueing_reason}};
  j["core_floor_ns"] = {{"one_way_p50", in.floor.one_way_p50_ns},
                        {"one_way_min", in.floor.one_way_min_ns},
                        {"cpus", {in.floor.cpu_a, in.floor.cpu_b}},
                        {"round_trips", in.floor.round_trips},
                        {"batches", in.floor.batches}};
  j["floor_ratio"] = reading.floor_ratio ? json({{"stage", "queue_wait"}, {"p50_over_floor", *reading.floor_ratio}})
                                         : json(nullptr);
  double events = static_cast<double>(std::max<uint64_t>(run.processed, 1));
  const alloc::MemoryStats& m = a.stats;
  j["memory"] = {{"peak_rss_bytes", m.process_peak_rss},
                 {"rss_bytes", m.process_rss},
                 {"allocated_bytes", OptionalBytes(m.allocated)},
                 {"resident_bytes", OptionalBytes(m.resident)},
                 {"mapped_bytes", OptionalBytes(m.mapped)},
                 {"fragmentation_pct", m.fragmentation_pct ? json(*m.fragmentation_pct) : json(nullptr)},
                 {"allocs_per_tick", static_cast<double>(run.allocations.allocations) / events},
                 {"bytes_per_tick", static_cast<double>(run.allocations.bytes_allocated) / events},
                 {"allocations", run.allocations.allocations},
                 {"deallocations", run.allocations.deallocations}};
  json by_component = json::object();
  for (alloc::Component component : alloc::kAllComponents) {
    const alloc::AllocationTotals& c = run.component_allocations[static_cast<size_t>(component)];
    by_component[std::string(alloc::ComponentName(component))] = {
        {"allocations", c.allocations},
        {"deallocations", c.deallocations},
        {"bytes", c.bytes_allocated},
        {"allocs_per_tick", static_cast<double>(c.allocations) / events}};
  }
  j["memory"]["allocations_by_component"] = by_component;
  if (in.resources != nullptr) j["memory"]["resources"] = ResourcesJson(*in.resources);
  if (in.allocation_profile != nullptr) j["allocation_profile"] = alloc::ProfileToJson(*in.allocation_profile, run.processed);
  json timeline = json::array();
  for (const MemorySample& sample : run.memory.samples) {
    timeline.push_back({{"t_s", sample.t_s},
                        {"allocated_bytes", OptionalBytes(sample.allocated)},
                        {"resident_bytes", OptionalBytes(sample.resident)},
                        {"rss_bytes", sample.process_rss},
                        {"fragmentation_pct", sample.fragmentation_pct ? json(*sample.fragmentation_pct) : json(nullptr)},
                        {"processed", sample.processed}});
  }
  j["memory_timeline"] = timeline;
  j["memory"]["sample_interval_s"] = run.memory.interval_s;
  MemoryTrend trend = pipeline::TrendOf(run.memory);
  j["memory"]["rss_after_warmup_bytes"] = trend.rss_after_warmup;
  j["memory"]["rss_growth_pct"] = trend.rss_growth_pct;
  j["warnings"] = MemoryWarnings(trend, config.rss_growth_warn_pct, config.fragmentation_warn_pct);
  json placement = json::array();
  for (const pipeline::ThreadPlacement& p : run.placement) {
    placement.push_back({{"thread", p.thread}, {"cpu", p.cpu >= 0 ? json(p.cpu) : json(nullptr)}});
  }
  j["threads"] = {{"memory_sampler", run.memory.sampler_thread_id},
                  {"hot", run.hot_thread_ids},
                  {"placement", placement}};
  return j;
}

void CheckOutputsWritable(const Config& config) {
  auto check_file = [](const std::string& path, const std::string& what) {
    if (path.empty()) return;
    std::string problem = CheckFileWritable(path);
    if (!problem.empty()) throw feed::InputError(path, what + ": " + problem);
  };
  check_file(config.report_json, "--report-json");
  check_file(config.order_log, "--order-log");
  check_file(config.bbo_out, "--bbo-out");
  check_file(config.hlog, "--hlog");
  if (!config.alloc_profile.empty()) {
    std::error_code error;
    std::filesystem::create_directories(config.alloc_profile, error);
    if (error || access(config.alloc_profile.c_str(), W_OK) != 0) {
      throw feed::InputError(config.alloc_profile, "--alloc-profile: cannot create or write the directory");
    }
  }
  if (!config.hgrm_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(config.hgrm_dir, error);
    if (error || access(config.hgrm_dir.c_str(), W_OK) != 0) {
      throw feed::InputError(config.hgrm_dir, "--hgrm-dir: cannot create or write the directory");
    }
  }
}

void WriteOutputFiles(const ReportInputs& in) {
  if (!in.config.report_json.empty()) WriteAtomically(in.config.report_json, ReportJson(in).dump(2) + "\n");
  if (!in.config.hgrm_dir.empty()) {
    metrics::HgrmOptions options;
    options.value_scale = 1000.0;  // recorded in ns, printed in microseconds
    // A comment line HdrHistogram's readers skip, so a partial distribution is never
    // mistaken for a whole run's.
    std::string partial =
        in.run.partial ? fmt::format("# PARTIAL: the replay was stopped by a signal; {} of {} events were not replayed\n",
                                     in.run.unreplayed, in.ticks.read)
                       : std::string();
    for (const StageLatency& stage : in.run.stages) {
      WriteAtomically((std::filesystem::path(in.config.hgrm_dir) / (stage.name + ".hgrm")).string(),
                      partial + metrics::FormatHgrm(stage.histogram, options));
    }
  }
}

std::string ConservationViolation(const ReportInputs& in) {
  std::string violations;
  // The file's records, counted where its bytes are cut into records, each with one outcome.
  std::string source = feed::CheckSourceRecords(in.ticks.records_in_source);
  if (!source.empty()) violations = in.ticks.path + ": " + source;
  uint64_t rejected = RejectedTicks(in.ticks);
  uint64_t dropped = Dropped(in.run);
  uint64_t accounted = in.run.processed + rejected + dropped + in.run.unreplayed;
  if (accounted != in.ticks.read) {
    if (!violations.empty()) violations += "; ";
    violations += fmt::format("read {} != processed {} + rejected {} + dropped {} + not replayed {}", in.ticks.read,
                              in.run.processed, rejected, dropped, in.run.unreplayed);
  }
  return violations;
}

}  // namespace hftbot::bot
