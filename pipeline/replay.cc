#include "pipeline/replay.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <limits>
#include <thread>
#include <vector>

#include "alloc/allocation_counter.h"
#include "base/host_info.h"
#include "feed/input_error.h"
#include "pipeline/cpu_affinity.h"
#include "pipeline/engine_loop.h"
#include "pipeline/feed_loop.h"
#include "pipeline/feed_source.h"
#include "pipeline/gateway_loop.h"
#include "pipeline/reader_loop.h"
#include "pipeline/replay_state.h"
#include "pipeline/sampler.h"
#include "pipeline/wire_writer.h"

namespace hftbot::pipeline {
namespace {

uint64_t CurrentThreadId() { return static_cast<uint64_t>(syscall(SYS_gettid)); }

struct Topology {
  int feed_threads = 1;
  int engine_threads = 1;
  int busy_threads = 3;
  int cores = 1;
  WaitStrategy wait = WaitStrategy::kBlock;
};

Topology ResolveTopology(const PipelineOptions& options, size_t symbol_count) {
  Topology t;
  int symbols = static_cast<int>(symbol_count);
  t.feed_threads = options.feed_threads == 0 ? symbols : std::min(options.feed_threads, symbols);
  t.feed_threads = std::max(t.feed_threads, 1);
  t.engine_threads = std::max(1, std::min(options.engine_threads, std::max(symbols, 1)));
  t.busy_threads = t.feed_threads + t.engine_threads + 1;
  t.cores = UsableCpuCount();
  t.wait = ResolveWaitStrategy(options.wait, t.busy_threads, t.cores);
  return t;
}

int64_t FirstTimestamp(const feed::LoadedTicks& ticks, const StreamSource& stream) {
  if (!stream.path.empty()) return stream.first_ts_ns;
  int64_t first = std::numeric_limits<int64_t>::max();
  for (const auto& symbol : ticks.symbols) {
    if (!symbol.events.empty()) first = std::min(first, symbol.events.front().ts_ns);
  }
  return first;
}

// Hands out CPUs from options.pin_cpus in turn: feeds, engines, then the gateway.
class CpuDealer {
 public:
  explicit CpuDealer(const std::vector<int>& cpus) : cpus_(cpus) {
    for (int cpu : cpus_) {
      if (!CpuUsable(cpu)) {
        throw feed::InputError("--pin " + std::to_string(cpu),
                               "CPU " + std::to_string(cpu) + " is not usable by this process (it may use " +
                                   std::to_string(UsableCpuCount()) + " CPUs)");
      }
    }
  }
  int Next(const std::string& thread, std::vector<ThreadPlacement>& placement) {
    int cpu = cpus_.empty() ? -1 : cpus_[next_++ % cpus_.size()];
    placement.push_back({thread, cpu});
    return cpu;
  }

 private:
  const std::vector<int>& cpus_;
  size_t next_ = 0;
};

void PinOrDie(int cpu) {
  // The CPU was checked before the replay; failing now means the mask changed under us.
  if (cpu >= 0 && !PinCurrentThread(cpu)) {
    std::fprintf(stderr, "hftbot: error: could not pin a thread to CPU %d\n", cpu);
    std::abort();
  }
}

template <Profile kProfile>
RunResult Replay(const feed::LoadedTicks& ticks, const PipelineOptions& options, const StrategyFactory& make_strategy,
                 const metrics::Clock& clock, const std::atomic<bool>& stop, const StreamSource& stream,
                 BboTrace* bbo_trace, const Topology& topology) {
  const bool streamed = !stream.path.empty();
  const size_t symbol_count = ticks.symbols.size();
  std::vector<uint64_t> events_per_symbol;
  std::vector<std::string> symbol_names;
  for (size_t s = 0; s < symbol_count; ++s) {
    events_per_symbol.push_back(streamed ? stream.events_per_symbol[s] : ticks.symbols[s].events.size());
    symbol_names.push_back(ticks.symbols[s].name);
  }

  ReplayState<kProfile> state(options, clock, topology.wait, topology.engine_threads, symbol_count,
                              streamed ? stream.staging_capacity : 0, stop,
                              Schedule(options.speed, options.rate, FirstTimestamp(ticks, stream)));
  RunResult result;
  CpuDealer cpus(options.pin_cpus);
  WireWriter<kProfile> wire(symbol_names, options.order_log);

  engine::EngineConfig engine_config = options.engine;
  engine_config.profile = kProfile;
  std::vector<std::unique_ptr<EngineLoop<kProfile>>> engines;
  for (int e = 0; e < topology.engine_threads; ++e) {
    engines.push_back(std::make_unique<EngineLoop<kProfile>>(state, e, bbo_trace));
  }
  for (size_t s = 0; s < symbol_count; ++s) {
    EngineLoop<kProfile>& loop = *engines[state.EngineOf(s)];
    loop.AddSymbol(s, std::make_unique<engine::SymbolEngine>(static_cast<feed::SymbolId>(s), symbol_names[s],
                                                             engine_config, make_strategy(symbol_names[s]),
                                                             loop.sink()));
  }
  std::vector<std::unique_ptr<FeedLoop<kProfile>>> feeds;
  for (int f = 0; f < topology.feed_threads; ++f) {
    std::vector<size_t> mine;
    uint64_t total = 0;
    for (size_t s = static_cast<size_t>(f); s < symbol_count; s += static_cast<size_t>(topology.feed_threads)) {
      mine.push_back(s);
      total += events_per_symbol[s];
    }
    if (streamed) {
      std::vector<StagingQueue*> staging;
      for (size_t s : mine) staging.push_back(state.lanes[s]->staging.get());
      feeds.push_back(std::make_unique<FeedLoop<kProfile>>(
          state, FeedSource(mine, staging, state.reader_position, state.reader_done), total));
    } else {
      feeds.push_back(std::make_unique<FeedLoop<kProfile>>(state, FeedSource(ticks, mine), total));
    }
  }
  GatewayLoop<kProfile> gateway(state, wire);

  alloc::AllocationTotals before = alloc::AllocationCounterTotals();
  state.engines_running.store(topology.engine_threads, std::memory_order_relaxed);
  // Start a little in the future so every feed thread is up before the first schedule.
  state.start_ns = clock.NowNs() + 2'000'000;
  std::vector<std::thread> threads;
  std::unique_ptr<ReaderLoop> reader;
  if (streamed) {
    std::vector<StagingQueue*> staging;
    for (auto& lane : state.lanes) staging.push_back(lane->staging.get());
    reader = std::make_unique<ReaderLoop>(stream.path, stream.options, staging, state.reader_position,
                                          state.reader_done, stop);
    threads.emplace_back([&reader] { reader->Run(); });
  }
  // Each hot thread writes its own slot before it starts work; read after join.
  std::vector<uint64_t> hot_ids(static_cast<size_t>(topology.feed_threads + topology.engine_threads + 1));
  size_t slot = 0;
  for (int f = 0; f < topology.feed_threads; ++f) {
    int cpu = cpus.Next("feed " + std::to_string(f), result.placement);
    threads.emplace_back([&, f, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      feeds[static_cast<size_t>(f)]->Run();
    });
  }
  for (int e = 0; e < topology.engine_threads; ++e) {
    int cpu = cpus.Next("engine " + std::to_string(e), result.placement);
    threads.emplace_back([&, e, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      engines[static_cast<size_t>(e)]->Run();
    });
  }
  {
    int cpu = cpus.Next("gateway", result.placement);
    threads.emplace_back([&, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      gateway.Run();
    });
  }

  uint64_t total_events = 0;
  for (uint64_t n : events_per_symbol) total_events += n;
  Sampler sampler(clock, state.start_ns, options.memory_sample_interval_s, options.progress, total_events, [&] {
    uint64_t sum = 0;
    for (const auto& engine : engines) sum += engine->processed();
    return sum;
  });
  sampler.RunUntil([&] { return gateway.done(); });
  for (auto& thread : threads) thread.join();
  alloc::AllocationTotals after = alloc::AllocationCounterTotals();

  result.wait = topology.wait;
  result.feed_threads = topology.feed_threads;
  result.engine_threads = topology.engine_threads;
  result.busy_threads = topology.busy_threads;
  result.cores = topology.cores;
  result.hot_thread_ids = hot_ids;
  result.memory = std::move(sampler.timeline());
  result.allocations = {after.allocations - before.allocations, after.deallocations - before.deallocations,
                        after.bytes_allocated - before.bytes_allocated};
  result.duration_s = static_cast<double>(gateway.done_ns() - state.start_ns) / 1e9;
  result.symbol_stats.resize(symbol_count);
  metrics::Histogram feed_to_engine(1, options.histogram_highest_ns, options.significant_figures);
  metrics::Histogram tick_to_order(1, options.histogram_highest_ns, options.significant_figures);
  for (auto& engine : engines) {
    result.processed += engine->processed();
    feed_to_engine.Add(engine->feed_to_engine());
    tick_to_order.Add(engine->tick_to_order());
    for (size_t k = 0; k < engine->symbols().size(); ++k) {
      result.symbol_stats[engine->symbols()[k]] = engine->symbol_engine(k).stats();
    }
  }
  for (const auto& lane : state.lanes) result.dropped.push_back(lane->dropped.load(std::memory_order_relaxed));
  result.wire_problems = wire.Finish();
  result.orders_on_wire = wire.orders_on_wire();
  result.wire_bytes = wire.wire_bytes();
  result.unreplayed = state.unreplayed.load(std::memory_order_relaxed);
  result.partial = stop.load(std::memory_order_relaxed);
  result.stages.push_back({"feed_to_engine", std::move(feed_to_engine)});
  result.stages.push_back({"tick_to_order", std::move(tick_to_order)});
  result.stages.push_back({"order_to_wire", std::move(gateway.order_to_wire())});
  return result;
}

}  // namespace

RunResult RunPipeline(const feed::LoadedTicks& ticks, const PipelineOptions& options,
                      const StrategyFactory& make_strategy, const metrics::Clock& clock,
                      const std::atomic<bool>& stop, const StreamSource& stream, BboTrace* bbo_trace) {
  Topology topology = ResolveTopology(options, ticks.symbols.size());
  if (options.profile == Profile::kNaive) {
    return Replay<Profile::kNaive>(ticks, options, make_strategy, clock, stop, stream, bbo_trace, topology);
  }
  return Replay<Profile::kPooled>(ticks, options, make_strategy, clock, stop, stream, bbo_trace, topology);
}

}  // namespace hftbot::pipeline
