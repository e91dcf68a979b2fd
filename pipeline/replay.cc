#include "pipeline/replay.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <thread>
#include <vector>

#include "alloc/allocation_counter.h"
#include "base/host_info.h"
#include "feed/input_error.h"
#include "metrics/hlog_writer.h"
#include "metrics/interval_logger.h"
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

struct Threads {
  Topology topology = Topology::kThreaded;
  GatewayMode gateway = GatewayMode::kThread;
  int feed_threads = 1;
  int engine_threads = 1;
  int busy_threads = 3;
  int cores = 1;
  WaitStrategy wait = WaitStrategy::kBlock;
};

// The topology, gateway and wait strategy in effect: auto choices resolved against
// the CPUs this process may use. Throws feed::InputError for contradictory options.
Threads ResolveThreads(const PipelineOptions& options, size_t symbol_count) {
  Threads t;
  const int symbols = std::max(static_cast<int>(symbol_count), 1);
  t.cores = UsableCpuCount();
  t.engine_threads = std::max(1, std::min(options.engine_threads, symbols));
  const int threaded_feeds = options.feed_threads == 0 ? symbols : std::min(options.feed_threads, symbols);
  const bool inline_asked = options.gateway == GatewayMode::kInline;
  const int threaded_busy = threaded_feeds + t.engine_threads + (inline_asked ? 0 : 1);
  t.topology = options.topology;
  if (t.topology == Topology::kAuto) {
    // Several feed threads or a gateway thread asked for by name mean threaded.
    const bool threaded_asked = options.feed_threads > 1 || options.gateway == GatewayMode::kThread;
    t.topology = threaded_asked || threaded_busy <= t.cores ? Topology::kThreaded : Topology::kCompact;
  }
  if (t.topology == Topology::kCompact) {
    if (options.feed_threads > 1) {
      throw feed::InputError("--feed-threads " + std::to_string(options.feed_threads),
                             "the compact topology has one feed thread; use --topology threaded for more");
    }
    if (options.gateway == GatewayMode::kThread) {
      throw feed::InputError("--gateway thread", "the compact topology sends orders inline; use --topology threaded");
    }
    t.feed_threads = 1;
    t.gateway = GatewayMode::kInline;
  } else {
    t.feed_threads = std::max(threaded_feeds, 1);
    t.gateway = inline_asked ? GatewayMode::kInline : GatewayMode::kThread;
  }
  t.busy_threads = t.feed_threads + t.engine_threads + (t.gateway == GatewayMode::kThread ? 1 : 0);
  t.wait = ResolveWaitStrategy(options.wait, t.busy_threads, t.cores);
  return t;
}

// Several engines sending inline write one part each; the parts are joined in engine
// order into the one log the user asked for.
std::string OrderLogPart(const std::string& order_log, int engine, int engines) {
  if (order_log.empty() || engines == 1) return order_log;
  return order_log + ".part" + std::to_string(engine);
}

std::string JoinOrderLogParts(const std::string& order_log, int engines) {
  std::FILE* out = std::fopen(order_log.c_str(), "w");
  if (out == nullptr) return order_log + ": --order-log: cannot open to join the engines' parts";
  std::string problem;
  std::vector<char> buffer(1 << 16);
  for (int e = 0; e < engines; ++e) {
    std::string part = OrderLogPart(order_log, e, engines);
    std::FILE* in = std::fopen(part.c_str(), "r");
    if (in == nullptr) {
      problem = part + ": cannot reopen an engine's part of the order log";
      continue;
    }
    size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) {
      if (std::fwrite(buffer.data(), 1, n, out) != n) problem = order_log + ": --order-log: a write failed";
    }
    std::fclose(in);
    std::remove(part.c_str());
  }
  if (std::fclose(out) != 0 && problem.empty()) problem = order_log + ": --order-log: a write failed";
  return problem;
}

// Opened before any thread starts, so a bad path stops the run at once. The log's
// StartTime is the wall-clock time of start_ns on `clock`.
std::unique_ptr<metrics::HlogWriter> OpenHlog(const PipelineOptions& options, const metrics::Clock& clock,
                                              int64_t start_ns) {
  using WallClock = std::chrono::system_clock;
  double wall_now_s = std::chrono::duration<double>(WallClock::now().time_since_epoch()).count();
  double start_s = wall_now_s + static_cast<double>(start_ns - clock.NowNs()) / 1e9;
  metrics::HlogWriterOptions hlog_options;
  hlog_options.comment = "hftbot " + std::string(engine::AllocationProfileName(options.profile)) +
                         " profile; values in ns; one interval per " + std::to_string(options.hlog_interval_s) + " s";
  try {
    return std::make_unique<metrics::HlogWriter>(
        options.hlog_path, std::max(start_s, 0.0),
        std::vector<std::string>{"publish_lag", "queue_wait", "engine_service", "tick_to_order", "order_to_wire",
                                 "gateway_service"},
        hlog_options);
  } catch (const metrics::HlogError& error) {
    throw feed::InputError(options.hlog_path, std::string("--hlog: ") + error.what());
  }
}

void AppendProblem(std::string& problems, const std::string& problem) {
  if (problem.empty()) return;
  if (!problems.empty()) problems += "; ";
  problems += problem;
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
                 BboTrace* bbo_trace, const Threads& threads_in_use) {
  const bool streamed = !stream.path.empty();
  const size_t symbol_count = ticks.symbols.size();
  std::vector<uint64_t> events_per_symbol;
  std::vector<std::string> symbol_names;
  for (size_t s = 0; s < symbol_count; ++s) {
    events_per_symbol.push_back(streamed ? stream.events_per_symbol[s] : ticks.symbols[s].events.size());
    symbol_names.push_back(ticks.symbols[s].name);
  }
  const int engine_count = threads_in_use.engine_threads;
  const bool inline_gateway = threads_in_use.gateway == GatewayMode::kInline;

  ReplayState<kProfile> state(options, clock, threads_in_use.wait, engine_count, symbol_count,
                              streamed ? stream.staging_capacity : 0, stop,
                              Schedule(options.speed, options.rate, FirstTimestamp(ticks, stream)));
  RunResult result;
  CpuDealer cpus(options.pin_cpus);

  // Outputs open before any thread starts, so a bad path stops the run at once.
  std::unique_ptr<WireWriter<kProfile>> gateway_wire;
  if (!inline_gateway) gateway_wire = std::make_unique<WireWriter<kProfile>>(symbol_names, options.order_log);
  engine::EngineConfig engine_config = options.engine;
  engine_config.profile = kProfile;
  std::vector<std::unique_ptr<EngineLoop<kProfile>>> engines;
  std::vector<InlineGateway<kProfile>*> inline_sinks;
  std::vector<OrderHandoff<kProfile>*> handoffs;
  for (int e = 0; e < engine_count; ++e) {
    std::unique_ptr<StampedOrderSink> sink;
    if (inline_gateway) {
      auto gateway = std::make_unique<InlineGateway<kProfile>>(state, symbol_names,
                                                               OrderLogPart(options.order_log, e, engine_count));
      inline_sinks.push_back(gateway.get());
      sink = std::move(gateway);
    } else {
      auto handoff = std::make_unique<OrderHandoff<kProfile>>(state);
      handoffs.push_back(handoff.get());
      sink = std::move(handoff);
    }
    engines.push_back(std::make_unique<EngineLoop<kProfile>>(state, e, std::move(sink), bbo_trace));
  }
  for (size_t s = 0; s < symbol_count; ++s) {
    EngineLoop<kProfile>& loop = *engines[state.EngineOf(s)];
    loop.AddSymbol(s, std::make_unique<engine::BasicSymbolEngine<kProfile>>(static_cast<feed::SymbolId>(s), symbol_names[s],
                                                             engine_config, make_strategy(symbol_names[s]),
                                                             loop.sink()));
  }
  std::vector<std::unique_ptr<FeedLoop<kProfile>>> feeds;
  for (int f = 0; f < threads_in_use.feed_threads; ++f) {
    std::vector<size_t> mine;
    uint64_t total = 0;
    for (size_t s = static_cast<size_t>(f); s < symbol_count; s += static_cast<size_t>(threads_in_use.feed_threads)) {
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
  std::unique_ptr<GatewayLoop<kProfile>> gateway;
  if (!inline_gateway) gateway = std::make_unique<GatewayLoop<kProfile>>(state, *gateway_wire);

  // The interval log, opened before any thread starts: every thread's recorder of a
  // stage is logged under the stage's tag.
  std::unique_ptr<metrics::HlogWriter> hlog;
  std::unique_ptr<metrics::IntervalLogger> interval_logger;
  int64_t hlog_start_ns = 0;
  if (!options.hlog_path.empty()) {
    hlog_start_ns = clock.NowNs();
    hlog = OpenHlog(options, clock, hlog_start_ns);
    interval_logger = std::make_unique<metrics::IntervalLogger>(hlog.get(), hlog_start_ns);
    for (auto& feed : feeds) interval_logger->AddRecorder("publish_lag", feed->publish_lag().interval());
    for (auto& engine : engines) {
      interval_logger->AddRecorder("queue_wait", engine->queue_wait().interval());
      interval_logger->AddRecorder("engine_service", engine->engine_service().interval());
      interval_logger->AddRecorder("tick_to_order", engine->sink().tick_to_order().interval());
    }
    if (gateway) {
      interval_logger->AddRecorder("order_to_wire", gateway->order_to_wire().interval());
      interval_logger->AddRecorder("gateway_service", gateway->gateway_service().interval());
    }
    for (InlineGateway<kProfile>* sink : inline_sinks) {
      interval_logger->AddRecorder("order_to_wire", sink->order_to_wire().interval());
      interval_logger->AddRecorder("gateway_service", sink->gateway_service().interval());
    }
  }

  alloc::AllocationTotals before = alloc::AllocationCounterTotals();
  auto components_before = alloc::ComponentTotals();
  state.engines_running.store(engine_count, std::memory_order_relaxed);
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
  std::vector<uint64_t> hot_ids(static_cast<size_t>(threads_in_use.busy_threads));
  size_t slot = 0;
  for (int f = 0; f < threads_in_use.feed_threads; ++f) {
    int cpu = cpus.Next("feed " + std::to_string(f), result.placement);
    threads.emplace_back([&, f, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      feeds[static_cast<size_t>(f)]->Run();
    });
  }
  for (int e = 0; e < engine_count; ++e) {
    int cpu = cpus.Next("engine " + std::to_string(e), result.placement);
    threads.emplace_back([&, e, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      engines[static_cast<size_t>(e)]->Run();
    });
  }
  if (gateway) {
    int cpu = cpus.Next("gateway", result.placement);
    threads.emplace_back([&, cpu, id = &hot_ids[slot++]] {
      *id = CurrentThreadId();
      PinOrDie(cpu);
      gateway->Run();
    });
  }

  uint64_t total_events = 0;
  for (uint64_t n : events_per_symbol) total_events += n;
  Sampler sampler(clock, state.start_ns, options.memory_sample_interval_s, options.progress, total_events, [&] {
    uint64_t sum = 0;
    for (const auto& engine : engines) sum += engine->processed();
    return sum;
  });
  // The last hot thread to finish: the gateway, or (inline) the engines.
  bool hlog_failed = false;
  if (interval_logger) {
    sampler.AddPeriodicTask(hlog_start_ns, options.hlog_interval_s, [&](int64_t now_ns) {
      if (!hlog_failed && !interval_logger->LogInterval(now_ns)) hlog_failed = true;
    });
  }
  if (options.adaptive != nullptr) {
    sampler.AddPeriodicTask(state.start_ns, options.load_period_s,
                            [&, last_ns = state.start_ns, last_processed = uint64_t{0}](int64_t due_ns) mutable {
                              uint64_t processed = 0;
                              for (const auto& engine : engines) processed += engine->processed();
                              const double seconds = static_cast<double>(due_ns - last_ns) / 1e9;
                              if (seconds > 0) {
                                options.adaptive->ObserveLoad(static_cast<double>(processed - last_processed) / seconds);
                              }
                              last_ns = due_ns;
                              last_processed = processed;
                            });
  }
  sampler.RunUntil([&] {
    return gateway ? gateway->done() : state.engines_running.load(std::memory_order_acquire) == 0;
  });
  for (auto& thread : threads) thread.join();
  // When the hot threads finished, not when this thread noticed: the sampler naps, and
  // its last sample (allocator statistics) is not the replay's work.
  int64_t end_ns = 0;
  if (gateway) {
    end_ns = gateway->done_ns();
  } else {
    for (const auto& engine : engines) end_ns = std::max(end_ns, engine->done_ns());
  }
  if (interval_logger) {
    // The last, partial interval: everything recorded since the previous one.
    if (!hlog_failed) hlog_failed = !interval_logger->LogInterval(std::max(clock.NowNs(), end_ns));
    if (!hlog->Close() || hlog_failed) AppendProblem(result.output_problems, "--hlog " + hlog->error());
  }
  alloc::AllocationTotals after = alloc::AllocationCounterTotals();
  auto components_after = alloc::ComponentTotals();

  result.wait = threads_in_use.wait;
  result.topology = threads_in_use.topology;
  result.gateway = threads_in_use.gateway;
  result.paced = state.schedule.paced();
  result.time_every = options.time_every;
  result.feed_threads = threads_in_use.feed_threads;
  result.engine_threads = engine_count;
  result.busy_threads = threads_in_use.busy_threads;
  result.cores = threads_in_use.cores;
  result.hot_thread_ids = hot_ids;
  result.memory = std::move(sampler.timeline());
  result.allocations = {after.allocations - before.allocations, after.deallocations - before.deallocations,
                        after.bytes_allocated - before.bytes_allocated};
  for (int c = 0; c < alloc::kComponentCount; ++c) {
    const alloc::AllocationTotals& a = components_after[static_cast<size_t>(c)];
    const alloc::AllocationTotals& b = components_before[static_cast<size_t>(c)];
    result.component_allocations[static_cast<size_t>(c)] = {a.allocations - b.allocations,
                                                             a.deallocations - b.deallocations,
                                                             a.bytes_allocated - b.bytes_allocated};
  }
  result.duration_s = static_cast<double>(end_ns - state.start_ns) / 1e9;
  result.symbol_stats.resize(symbol_count);

  auto histogram = [&] { return metrics::Histogram(1, options.histogram_highest_ns, options.significant_figures); };
  metrics::Histogram publish_lag = histogram(), queue_wait = histogram(), engine_service = histogram(),
                     tick_to_order = histogram(), order_to_wire = histogram(), gateway_service = histogram();
  for (auto& feed : feeds) publish_lag.Add(feed->publish_lag().total());
  for (auto& engine : engines) {
    result.processed += engine->processed();
    queue_wait.Add(engine->queue_wait().total());
    engine_service.Add(engine->engine_service().total());
    tick_to_order.Add(engine->sink().tick_to_order().total());
    for (size_t k = 0; k < engine->symbols().size(); ++k) {
      result.symbol_stats[engine->symbols()[k]] = engine->symbol_engine(k).stats();
    }
  }
  if (gateway) {
    order_to_wire.Add(gateway->order_to_wire().total());
    gateway_service.Add(gateway->gateway_service().total());
    AppendProblem(result.wire_problems, gateway_wire->Finish());
    for (const OrderHandoff<kProfile>* handoff : handoffs) result.order_queue_grown += handoff->grown();
    result.orders_on_wire = gateway_wire->orders_on_wire();
    result.wire_bytes = gateway_wire->wire_bytes();
  } else {
    for (InlineGateway<kProfile>* sink : inline_sinks) {
      order_to_wire.Add(sink->order_to_wire().total());
      gateway_service.Add(sink->gateway_service().total());
      AppendProblem(result.wire_problems, sink->wire().Finish());
      result.orders_on_wire += sink->wire().orders_on_wire();
      result.wire_bytes += sink->wire().wire_bytes();
    }
    if (!options.order_log.empty() && engine_count > 1) {
      AppendProblem(result.wire_problems, JoinOrderLogParts(options.order_log, engine_count));
    }
  }
  for (const auto& lane : state.lanes) result.dropped.push_back(lane->dropped.load(std::memory_order_relaxed));
  result.unreplayed = state.unreplayed.load(std::memory_order_relaxed);
  result.partial = stop.load(std::memory_order_relaxed);
  result.stages.push_back({"publish_lag", "t_pub - t0: the replay's own lateness against its schedule (paced only)",
                           std::move(publish_lag)});
  result.stages.push_back({"queue_wait", "t1 - t_pub: queueing and wake-up between feed and engine",
                           std::move(queue_wait)});
  result.stages.push_back({"engine_service", "t_done - t1: book, exchange, strategy, risk, order hand-off",
                           std::move(engine_service)});
  result.stages.push_back({"tick_to_order", "t2 - t0: scheduled tick to order emitted, end to end",
                           std::move(tick_to_order)});
  result.stages.push_back({"order_to_wire", "t3 - t2: order emitted to encoded on the wire",
                           std::move(order_to_wire)});
  result.stages.push_back({"gateway_service", "encode and write, per order", std::move(gateway_service)});
  return result;
}

}  // namespace

RunResult RunPipeline(const feed::LoadedTicks& ticks, const PipelineOptions& options,
                      const StrategyFactory& make_strategy, const metrics::Clock& clock,
                      const std::atomic<bool>& stop, const StreamSource& stream, BboTrace* bbo_trace) {
  Threads threads = ResolveThreads(options, ticks.symbols.size());
  if (options.profile == Profile::kNaive) {
    return Replay<Profile::kNaive>(ticks, options, make_strategy, clock, stop, stream, bbo_trace, threads);
  }
  return Replay<Profile::kPooled>(ticks, options, make_strategy, clock, stop, stream, bbo_trace, threads);
}

}  // namespace hftbot::pipeline
