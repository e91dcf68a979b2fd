// An engine thread: drains its symbols' lanes in bounded batches (so one busy symbol
// cannot starve the others of its shard), stamps t1, runs each event through the
// symbol's SymbolEngine (book, simulated exchange, strategy, risk; orders leave
// through the OrderHandoff), and idles by the wait strategy when every lane is empty.
// It ends once every lane is finished and drained.
//
// Thread safety: Run() on one engine thread, the consumer of its symbols' lanes.
// processed() may be read by any thread (a progress figure; exact after join).

#ifndef HFTBOT_PIPELINE_ENGINE_LOOP_H_
#define HFTBOT_PIPELINE_ENGINE_LOOP_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "engine/symbol_engine.h"
#include "metrics/histogram.h"
#include "pipeline/bbo_trace.h"
#include "pipeline/order_handoff.h"
#include "pipeline/replay_state.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class EngineLoop {
 public:
  // `bbo_trace` (may be null) gets every symbol's top of book after every event.
  EngineLoop(ReplayState<kProfile>& state, int index, BboTrace* bbo_trace);

  // REQUIRES: before Run(). The loop owns the engine; its sink must be sink().
  void AddSymbol(size_t symbol, std::unique_ptr<engine::SymbolEngine> symbol_engine);
  engine::OrderSink& sink() { return sink_; }

  void Run();

  const std::vector<size_t>& symbols() const { return symbols_; }
  const engine::SymbolEngine& symbol_engine(size_t k) const { return *engines_[k]; }
  uint64_t processed() const { return processed_.load(std::memory_order_relaxed); }
  metrics::Histogram& feed_to_engine() { return feed_to_engine_; }
  metrics::Histogram& tick_to_order() { return sink_.tick_to_order(); }

 private:
  bool HasWork() const;

  ReplayState<kProfile>& state_;
  const int index_;
  BboTrace* const bbo_trace_;
  std::vector<size_t> symbols_;
  std::vector<std::unique_ptr<engine::SymbolEngine>> engines_;
  OrderHandoff<kProfile> sink_;
  metrics::Histogram feed_to_engine_;
  // Written by this loop only; relaxed: a progress figure for the sampler thread.
  alignas(64) std::atomic<uint64_t> processed_{0};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_ENGINE_LOOP_H_
