// What a replay produced: counts for the conservation check, the engines' trading
// results, one merged latency histogram per stage, allocations and the memory
// timeline. Filled by RunPipeline after every thread joined.
//
// Thread safety: a plain value.

#ifndef HFTBOT_PIPELINE_RUN_RESULT_H_
#define HFTBOT_PIPELINE_RUN_RESULT_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "alloc/allocation_counter.h"
#include "alloc/component.h"
#include "engine/symbol_engine.h"
#include "metrics/histogram.h"
#include "pipeline/memory_timeline.h"
#include "pipeline/options.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

// One latency stage: its name, what it contains (one line, for reports), and the
// histogram merged over the threads that recorded it.
struct StageLatency {
  std::string name;
  std::string meaning;
  metrics::Histogram histogram;
};

// Which CPU a thread was pinned to.
struct ThreadPlacement {
  std::string thread;  // "feed 0", "engine 0", "gateway"
  int cpu = -1;        // -1: not pinned
};

struct RunResult {
  WaitStrategy wait = WaitStrategy::kAuto;  // the strategy in effect (auto resolved)
  Topology topology = Topology::kAuto;      // resolved: threaded or compact
  GatewayMode gateway = GatewayMode::kAuto; // resolved: thread or inline
  bool paced = false;                       // a speed factor or a rate, not max speed
  int feed_threads = 0;
  int engine_threads = 0;
  int busy_threads = 0;  // feed + engine (+ gateway thread)
  int cores = 0;         // usable by this process
  double duration_s = 0;  // replay start to the last order on the wire
  uint32_t time_every = 1;  // queue_wait and engine_service timed 1 event in this many

  uint64_t processed = 0;
  std::vector<uint64_t> dropped;  // per symbol
  uint64_t unreplayed = 0;        // loaded but never published because a stop was requested
  bool partial = false;           // stopped early by a signal
  bool streamed = false;          // the file was streamed, not held in memory
  uint64_t orders_on_wire = 0;
  // Pooled orders that waited too long for room in the order queue and took a heap
  // block (OrderHandoff): a queue too small for the engines sharing it.
  uint64_t order_queue_grown = 0;
  uint64_t wire_bytes = 0;
  std::string wire_problems;    // empty, or what went wrong putting orders on the wire
  std::string output_problems;  // empty, or what went wrong writing other outputs (--hlog)

  std::vector<engine::EngineStats> symbol_stats;  // index == SymbolId
  // publish_lag, queue_wait, engine_service, tick_to_order, order_to_wire,
  // gateway_service, in that order (see StageNames()).
  std::vector<StageLatency> stages;
  alloc::AllocationTotals allocations;            // during the replay only
  // The same by component (alloc/component.h): which part of the bot allocated.
  std::array<alloc::AllocationTotals, alloc::kComponentCount> component_allocations{};
  MemoryTimeline memory;
  std::vector<uint64_t> hot_thread_ids;  // OS ids of the feed, engine and gateway threads
  std::vector<ThreadPlacement> placement;
};

// The stage of `result` named `name`; null when absent.
const StageLatency* FindStage(const RunResult& result, const std::string& name);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_RUN_RESULT_H_
