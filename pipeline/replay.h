// The replay runtime, wired: feed threads -> per-symbol SPSC lanes -> engine threads
// (books, simulated exchange, strategies) -> one MPSC queue -> the gateway thread.
//
//   t0  scheduled publish time (or the publish time at max speed)
//   t1  dequeued by the engine          feed_to_engine = t1 - t0
//   t2  order emitted by the engine     tick_to_order  = t2 - t0
//   t3  order encoded on the wire       order_to_wire  = t3 - t2
//
// Each thread owns its histograms; they are merged once, after the threads joined.
// The only blocking calls on hot threads are the ones the wait strategy asks for.
// Each thread body is its own class: FeedLoop, ReaderLoop, EngineLoop, GatewayLoop.
//
// Thread safety: RunPipeline is called from one thread (main), which it uses for the
// progress line and the memory sampler while the replay runs.

#ifndef HFTBOT_PIPELINE_REPLAY_H_
#define HFTBOT_PIPELINE_REPLAY_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "engine/strategy.h"
#include "feed/tick_file.h"
#include "metrics/clock.h"
#include "pipeline/bbo_trace.h"
#include "pipeline/options.h"
#include "pipeline/replay_source.h"
#include "pipeline/run_result.h"

namespace hftbot::pipeline {

// Creates the strategy for one symbol; throws feed::InputError for a bad configuration.
using StrategyFactory = std::function<std::unique_ptr<engine::Strategy>(const std::string& symbol)>;

// Replays `ticks` (already loaded, off the clock; with `stream.path` set, only their
// symbols and counts, and the events are read again during the replay).
// With `bbo_trace`, each engine thread writes its symbols' top of book after every
// event (slower: runs with a trace are not latency measurements).
// When `stop` turns true the feeds stop publishing, the rest drains, and the result
// is marked partial with the unpublished events counted.
// Throws feed::InputError before any thread starts when an output cannot be opened
// or a pinned CPU is not usable.
RunResult RunPipeline(const feed::LoadedTicks& ticks, const PipelineOptions& options,
                      const StrategyFactory& make_strategy, const metrics::Clock& clock,
                      const std::atomic<bool>& stop, const StreamSource& stream = {}, BboTrace* bbo_trace = nullptr);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_REPLAY_H_
