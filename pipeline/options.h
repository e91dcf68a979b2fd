// Everything the replay runtime needs to know, as plain values. //bot fills it from
// config/default.toml and the command line; tests fill it directly. The pipeline
// never reads a file or a flag itself.
//
// Thread safety: a plain value; build it on one thread, then share it const.

#ifndef HFTBOT_PIPELINE_OPTIONS_H_
#define HFTBOT_PIPELINE_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alloc/adaptive_resource.h"
#include "engine/allocation_profile.h"
#include "engine/symbol_engine.h"
#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

// What a feed thread does when its symbol's queue is full.
enum class OnFull {
  kBlock,  // wait for space; the wait shows as latency because t0 is already fixed
  kDrop,   // drop the event and count it per symbol
};
std::string OnFullName(OnFull on_full);
std::optional<OnFull> ParseOnFull(std::string_view name);

// Which threads run the replay.
enum class Topology {
  kAuto,      // threaded when its busy threads fit the usable cores, or when more than one
              // feed thread or a gateway thread is asked for; else compact
  kThreaded,  // feed threads, engine threads and a gateway thread
  kCompact,   // one feed thread and the engine threads, which send their own orders:
              // two busy threads, so both can spin on a two-core machine
};
std::string TopologyName(Topology topology);
std::optional<Topology> ParseTopology(std::string_view name);

// Who puts orders on the wire.
enum class GatewayMode {
  kAuto,    // a gateway thread in the threaded topology, inline in the compact one
  kThread,  // a gateway thread behind an MPSC queue
  kInline,  // each engine thread encodes and writes its own orders, as production
            // strategy threads usually send directly
};
std::string GatewayModeName(GatewayMode mode);
std::optional<GatewayMode> ParseGatewayMode(std::string_view name);

struct PipelineOptions {
  // Which code the events run through; results are identical, allocations are not.
  engine::AllocationProfile profile = engine::AllocationProfile::kNaive;
  // Per-symbol engine settings; `engine.profile` is overridden by `profile`.
  engine::EngineConfig engine;

  // Pacing: a factor on the recorded timestamps, or a fixed rate in events/s, or
  // neither (0, 0) for max speed. Never both.
  double speed = 0;
  double rate = 0;
  OnFull on_full = OnFull::kBlock;

  Topology topology = Topology::kAuto;
  GatewayMode gateway = GatewayMode::kAuto;
  // Threaded topology: 0 = one per symbol; symbols are sharded over the threads.
  // Compact: 0 or 1 (one feed thread for every symbol).
  int feed_threads = 0;
  int engine_threads = 1;
  WaitStrategy wait = WaitStrategy::kAuto;
  // CPUs handed out in turn to the feed threads, the engine threads, then the gateway.
  // Empty: no pinning. REQUIRES: every CPU usable by this process.
  std::vector<int> pin_cpus;

  size_t feed_queue_capacity = 4096;    // per symbol, events
  size_t order_queue_capacity = 65536;  // engines -> gateway, orders

  // Latency histograms: 1 ns to highest, with this many significant figures.
  int64_t histogram_highest_ns = 60'000'000'000;
  int significant_figures = 3;
  // queue_wait and engine_service time 1 event in this many (1: every event); the
  // order stages time every order. REQUIRES: >= 1.
  uint32_t time_every = 1;

  std::string order_log;  // every wire message, one per line; empty: none
  // HdrHistogram interval log of every stage, one interval per hlog_interval_s of wall
  // time, written by the sampling thread; empty: none.
  std::string hlog_path;
  double hlog_interval_s = 1.0;
  double memory_sample_interval_s = 0.1;
  bool progress = true;  // a progress line on stderr when it is a terminal

  // The "adaptive" component resource, if a component uses one: the sampling thread
  // feeds it the event rate (events/s over the last load_period_s) as its load.
  alloc::AdaptiveResource* adaptive = nullptr;
  double load_period_s = 0.01;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_OPTIONS_H_
