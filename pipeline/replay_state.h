// The state one replay's threads share: the per-symbol lanes, the order queue to the
// gateway, the doorbells, the reader's progress and the end-of-run counters. Built by
// the orchestrator (replay.cc) before any thread starts; afterwards only the atomics
// change, each written by the thread its comment names.
//
// Thread safety: as described per member.

#ifndef HFTBOT_PIPELINE_REPLAY_STATE_H_
#define HFTBOT_PIPELINE_REPLAY_STATE_H_

#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "metrics/clock.h"
#include "pipeline/doorbell.h"
#include "pipeline/lanes.h"
#include "pipeline/options.h"
#include "pipeline/pacing.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

template <Profile kProfile>
struct ReplayState {
  ReplayState(const PipelineOptions& options_in, const metrics::Clock& clock_in, WaitStrategy wait_in,
              int engine_threads_in, size_t symbols, size_t staging_capacity, const std::atomic<bool>& stop_in,
              Schedule schedule_in)
      : options(options_in),
        clock(clock_in),
        wait(wait_in),
        engine_threads(engine_threads_in),
        stop(stop_in),
        schedule(schedule_in),
        orders(options_in.order_queue_capacity, static_cast<size_t>(engine_threads_in) + 1, 0),
        engine_bells(static_cast<size_t>(engine_threads_in)) {
    for (size_t s = 0; s < symbols; ++s) {
      lanes.push_back(std::make_unique<SymbolLane<kProfile>>(options_in.feed_queue_capacity, staging_capacity));
    }
  }

  // The engine thread that owns `symbol` (symbols are dealt round-robin).
  size_t EngineOf(size_t symbol) const { return symbol % static_cast<size_t>(engine_threads); }
  Doorbell& EngineBellOf(size_t symbol) { return engine_bells[EngineOf(symbol)]; }

  const PipelineOptions& options;
  const metrics::Clock& clock;
  const WaitStrategy wait;  // resolved: never kAuto
  const int engine_threads;
  // Set by a signal handler; relaxed reads (a stop seen one event late is harmless).
  const std::atomic<bool>& stop;
  const Schedule schedule;
  int64_t start_ns = 0;  // set before the threads start: when the first event is due

  std::vector<std::unique_ptr<SymbolLane<kProfile>>> lanes;  // index == SymbolId
  moodycamel::ConcurrentQueue<OrderMessage<kProfile>> orders;
  std::vector<Doorbell> engine_bells;
  Doorbell gateway_bell;

  // Streamed mode, written by the reader thread. release: a feed thread that reads a
  // position (acquire) sees every event staged before it.
  alignas(64) std::atomic<uint64_t> reader_position{0};  // one past the last staged position
  alignas(64) std::atomic<bool> reader_done{false};
  // Events loaded but never published because a stop came first (feed threads add).
  alignas(64) std::atomic<uint64_t> unreplayed{0};
  // release by each finishing engine: the gateway that sees 0 sees all their orders.
  alignas(64) std::atomic<int> engines_running{0};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_REPLAY_STATE_H_
