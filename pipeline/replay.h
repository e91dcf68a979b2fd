// The replay runtime, wired. Threaded topology: feed threads -> per-symbol SPSC lanes
// -> engine threads (books, simulated exchange, strategies) -> one MPSC queue -> the
// gateway thread. Compact topology: one feed thread -> lanes -> engine threads that
// put their own orders on the wire (two busy threads: both can spin on two cores).
//
//   t0      scheduled publish time (the publish time itself at max speed)
//   t_pub   published by the feed           publish_lag     = t_pub - t0 (paced only)
//   t1      the engine starts the event     queue_wait      = t1 - t_pub
//   t_done  the engine finished it          engine_service  = t_done - t1 (every event)
//   t2      order emitted by the engine     tick_to_order   = t2 - t0
//   t3      order encoded on the wire       order_to_wire   = t3 - t2
//                                           gateway_service = encode + write, per order
// In time order t0 <= t_pub <= t1 <= t2 <= t_done, and t2 <= t3.
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
