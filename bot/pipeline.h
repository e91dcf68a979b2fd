// The replay pipeline: feed threads -> per-symbol SPSC queues -> engine threads
// (books, simulated exchange, strategies) -> one MPSC queue -> gateway thread.
//
//   t0  scheduled publish time (or the publish time at --speed max)
//   t1  dequeued by the engine          feed_to_engine = t1 - t0
//   t2  order emitted by the engine     tick_to_order  = t2 - t0
//   t3  order encoded on the wire       order_to_wire  = t3 - t2
//
// Each thread owns its histograms; they are merged once, after the threads joined.
// The only blocking calls on hot threads are the ones the chosen wait strategy asks for.
//
// Thread safety: RunPipeline is called once from the main thread, which it uses for
// the progress line and the memory sampler while the replay runs.

#ifndef HFTBOT_BOT_PIPELINE_H_
#define HFTBOT_BOT_PIPELINE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alloc/allocation_counter.h"
#include "bot/bbo_trace.h"
#include "bot/config.h"
#include "bot/memory_timeline.h"
#include "engine/strategy.h"
#include "engine/symbol_engine.h"
#include "feed/tick_file.h"
#include "metrics/clock.h"
#include "metrics/histogram.h"

namespace hftbot::bot {

struct StageLatency {
  std::string name;
  metrics::Histogram histogram;
};

struct RunResult {
  WaitStrategy wait = WaitStrategy::kAuto;  // the strategy in effect (auto resolved)
  int feed_threads = 0;
  int engine_threads = 0;
  int busy_threads = 0;  // feed + engine + gateway
  int cores = 0;
  double duration_s = 0;  // first publish to last order on the wire

  uint64_t processed = 0;
  std::vector<uint64_t> dropped;  // per symbol
  uint64_t unreplayed = 0;        // loaded but never published because a stop was requested
  bool partial = false;           // stopped early by a signal
  bool streamed = false;          // the file was streamed, not held in memory
  uint64_t orders_on_wire = 0;
  uint64_t wire_bytes = 0;

  std::vector<engine::EngineStats> symbol_stats;  // index == SymbolId
  std::vector<StageLatency> stages;               // feed_to_engine, tick_to_order, order_to_wire
  alloc::AllocationTotals allocations;            // during the replay only
  MemoryTimeline memory;
  std::vector<uint64_t> hot_thread_ids;  // OS ids of the feed, engine and gateway threads
};

// A file bigger than the memory budget is not held in memory: LoadedTicks then has
// the symbols and counts only (from a first pass), and the replay reads the file again,
// in order, through bounded per-symbol staging queues.
struct StreamSource {
  std::string path;  // empty: every event is in LoadedTicks
  feed::LoadOptions options;
  std::vector<uint64_t> events_per_symbol;  // index == SymbolId
  int64_t first_ts_ns = 0;
  size_t staging_capacity = 0;  // events per symbol
};

// Creates the strategy for one symbol; throws feed::InputError for a bad configuration.
using StrategyFactory = std::function<std::unique_ptr<engine::Strategy>(const std::string& symbol)>;

// Replays `ticks` (already loaded, off the clock). REQUIRES: config validated.
// With `bbo_trace`, each engine thread writes its symbols' top of book after every
// event (slower: runs with a trace are not latency measurements).
// When `stop` turns true the feeds stop publishing, the rest drains, and the result
// is marked partial with the unpublished events counted.
RunResult RunPipeline(const feed::LoadedTicks& ticks, const Config& config,
                      const StrategyFactory& make_strategy, const metrics::Clock& clock,
                      const std::atomic<bool>& stop, const StreamSource& stream = {},
                      BboTrace* bbo_trace = nullptr);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_PIPELINE_H_
