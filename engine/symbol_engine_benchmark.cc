// Per-event cost of SymbolEngine (book, exchange simulation, risk, PnL, a quoting
// test strategy) in each allocation profile, over a seeded synthetic stream.
//   bazel run //engine:symbol_engine_benchmark --//alloc=jemalloc

#include <benchmark/benchmark.h>

#include <memory>
#include <vector>

#include "engine/symbol_engine.h"
#include "engine/testing.h"
#include "feed/event.h"

namespace hftbot::engine {
namespace {

const std::vector<feed::Event>& Events() {
  static const std::vector<feed::Event> events = [] {
    testing::StreamOptions options;
    options.seed = 9;
    options.events = 200'000;
    return testing::MakeSyntheticStream(options);
  }();
  return events;
}

// Out of line, so that callgrind can count exactly the per-event work:
//   valgrind --tool=callgrind --toggle-collect='*ReplayEvents*' <benchmark binary>
// (bench/engine_perf_guard.sh does, and holds it to bench/engine_budget.json).
template <class Engine>
[[gnu::noinline]] void ReplayEvents(Engine& engine, const std::vector<feed::Event>& events) {
  for (const feed::Event& e : events) engine.OnEvent(e);
}

template <AllocationProfile kProfile>
void BM_SymbolEngine(benchmark::State& state) {
  const std::vector<feed::Event>& events = Events();
  EngineConfig config;
  config.profile = kProfile;
  config.risk.max_orders_per_second = 10'000;
  uint64_t processed = 0;
  for (auto _ : state) {
    state.PauseTiming();
    testing::CountingSink sink;
    auto engine = std::make_unique<BasicSymbolEngine<kProfile>>(
        0, "BENCH", config, std::make_unique<testing::QuotingTestStrategy>(), sink);
    state.ResumeTiming();
    ReplayEvents(*engine, events);
    benchmark::DoNotOptimize(engine->stats().digest);
    processed += events.size();
    state.PauseTiming();
    engine.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(static_cast<int64_t>(processed));
  // For instructions per event under callgrind (bench/engine_perf_guard.sh).
  state.counters["events_per_iteration"] = static_cast<double>(events.size());
  state.SetLabel(std::string(AllocationProfileName(kProfile)));
}
BENCHMARK_TEMPLATE(BM_SymbolEngine, AllocationProfile::kNaive)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_SymbolEngine, AllocationProfile::kPooled)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hftbot::engine

BENCHMARK_MAIN();
