#include "bench/pipeline_passes.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "engine/order.h"
#include "engine/strategy.h"
#include "engine/symbol_engine.h"
#include "metrics/clock.h"
#include "pipeline/options.h"
#include "pipeline/replay.h"
#include "pipeline/run_result.h"
#include "strategies/registry.h"

namespace hftbot::bench {

engine::EngineConfig DefaultEngineConfig(engine::AllocationProfile profile) {
  engine::EngineConfig config;
  config.profile = profile;
  config.risk.max_position = 5 * feed::kFixedPointScale;
  config.risk.max_orders_per_second = 200;
  config.risk.max_notional = 1'000'000 * feed::kFixedPointScale;
  return config;
}

std::map<std::string, double> DefaultStrategyParams() { return {{"half_spread_bps", 1.0}}; }

namespace {

std::unique_ptr<engine::Strategy> MakeStrategy() {
  return strategies::CreateStrategy(kDefaultStrategy, DefaultStrategyParams());
}

// Orders go nowhere: the engine-alone pass measures the engine, not a gateway.
class DiscardSink : public engine::OrderSink {
 public:
  void OnOrder(const engine::Order&) override {}
};

template <class Engine>
Pass TimeEngines(engine::AllocationProfile profile, const feed::LoadedTicks& ticks,
                 const std::vector<feed::Event>& events) {
  const engine::EngineConfig config = DefaultEngineConfig(profile);
  DiscardSink sink;
  std::vector<std::unique_ptr<Engine>> engines;
  for (size_t i = 0; i < ticks.symbols.size(); ++i) {
    engines.push_back(
        std::make_unique<Engine>(static_cast<feed::SymbolId>(i), ticks.symbols[i].name, config, MakeStrategy(), sink));
  }
  const auto start = std::chrono::steady_clock::now();
  for (const feed::Event& e : events) engines[e.symbol]->OnEvent(e);
  const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  Pass pass;
  pass.events = events.size();
  pass.seconds = elapsed.count();
  pass.events_per_s = static_cast<double>(events.size()) / elapsed.count();
  for (auto& engine : engines) {
    engine->Finish();
    pass.digests.push_back(engine->stats().digest);
  }
  return pass;
}

}  // namespace

std::vector<feed::Event> FeedOrder(const feed::LoadedTicks& ticks) {
  std::vector<feed::Event> events;
  events.reserve(ticks.loaded());
  for (const feed::SymbolStream& stream : ticks.symbols) {
    events.insert(events.end(), stream.events.begin(), stream.events.end());
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const feed::Event& a, const feed::Event& b) { return a.ts_ns < b.ts_ns; });
  return events;
}

Pass RunEngines(engine::AllocationProfile profile, const feed::LoadedTicks& ticks,
                const std::vector<feed::Event>& events) {
  return profile == engine::AllocationProfile::kPooled ? TimeEngines<engine::PooledSymbolEngine>(profile, ticks, events)
                                                       : TimeEngines<engine::NaiveSymbolEngine>(profile, ticks, events);
}

Pass RunCompactPipeline(const feed::LoadedTicks& ticks, uint32_t time_every) {
  pipeline::PipelineOptions options;
  options.profile = engine::AllocationProfile::kPooled;
  options.engine = DefaultEngineConfig(engine::AllocationProfile::kPooled);
  options.topology = pipeline::Topology::kCompact;
  options.gateway = pipeline::GatewayMode::kInline;
  options.feed_threads = 1;
  options.engine_threads = 1;
  options.progress = false;
  options.time_every = time_every;
  const std::atomic<bool> stop{false};
  const pipeline::RunResult result = pipeline::RunPipeline(
      ticks, options, [](const std::string&) { return MakeStrategy(); }, metrics::DefaultClock(), stop);
  Pass pass;
  pass.events = result.processed;
  pass.seconds = result.duration_s;
  pass.events_per_s = static_cast<double>(result.processed) / result.duration_s;
  for (const engine::EngineStats& stats : result.symbol_stats) pass.digests.push_back(stats.digest);
  return pass;
}

}  // namespace hftbot::bench
