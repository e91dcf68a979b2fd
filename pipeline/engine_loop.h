// An engine thread: drains its symbols' lanes in bounded batches (so one busy symbol
// cannot starve the others of its shard), runs each event through the symbol's
// SymbolEngine (book, simulated exchange, strategy, risk; orders leave through the
// thread's StampedOrderSink), and idles by the wait strategy when every lane is empty.
// It ends once every lane is finished and drained.
//
// Per event it records
//   queue_wait      = t1 - t_pub      (queueing and wake-up)
//   engine_service  = t_done - t1     (the work an allocator changes directly)
// where t1 is when the engine started the event and t_done when it finished it. Within
// a batch the next event's t1 is the previous t_done: one clock read per event.
//
// With options.time_every = N > 1 it times 1 event in N instead (two clock reads for
// that event, none for the others): a clock read costs about 20 ns on a KVM guest
// (//bench:histogram_bench BM_ClockNowNs), a quarter of what the engine does with an
// event, so timing every event caps the rate the pipeline can show. Which events are
// timed is random (SampleSchedule, seeded by the thread's index), not every Nth, so a
// stream's own period cannot choose them.
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
#include "pipeline/sample_schedule.h"
#include "pipeline/stage_recorder.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class EngineLoop {
 public:
  // `sink` receives this thread's orders. `bbo_trace` (may be null) gets every
  // symbol's top of book after every event.
  EngineLoop(ReplayState<kProfile>& state, int index, std::unique_ptr<StampedOrderSink> sink, BboTrace* bbo_trace);

  // REQUIRES: before Run(). The loop owns the engine; its sink must be sink().
  void AddSymbol(size_t symbol, std::unique_ptr<engine::BasicSymbolEngine<kProfile>> symbol_engine);
  StampedOrderSink& sink() { return *sink_; }

  void Run();

  const std::vector<size_t>& symbols() const { return symbols_; }
  const engine::BasicSymbolEngine<kProfile>& symbol_engine(size_t k) const { return *engines_[k]; }
  uint64_t processed() const { return processed_.load(std::memory_order_relaxed); }
  // The clock when Run() finished its last event and Finish(); read after the join.
  int64_t done_ns() const { return done_ns_; }
  StageRecorder& queue_wait() { return queue_wait_; }
  StageRecorder& engine_service() { return engine_service_; }

 private:
  bool HasWork() const;
  // Processes up to kEngineBatch items of lane k; returns how many.
  size_t DrainBatch(size_t k);
  // The batch's n items through `symbol_engine`, timing each, or 1 in time_every.
  void TimeEveryEvent(engine::BasicSymbolEngine<kProfile>& symbol_engine, size_t n);
  void TimeSomeEvents(engine::BasicSymbolEngine<kProfile>& symbol_engine, size_t n);
  // The event itself, then what follows it untimed: the BBO trace, freeing a naive event.
  void Process(engine::BasicSymbolEngine<kProfile>& symbol_engine, const FeedItem<kProfile>& item);
  bool Release(engine::BasicSymbolEngine<kProfile>& symbol_engine, FeedItem<kProfile>& item);

  ReplayState<kProfile>& state_;
  const int index_;
  BboTrace* const bbo_trace_;
  std::vector<size_t> symbols_;
  std::vector<std::unique_ptr<engine::BasicSymbolEngine<kProfile>>> engines_;
  std::unique_ptr<StampedOrderSink> sink_;
  StageRecorder queue_wait_;
  StageRecorder engine_service_;
  FeedItem<kProfile> batch_[kEngineBatch];
  const uint32_t time_every_;
  SampleSchedule sample_schedule_;  // used when time_every_ > 1
  int64_t done_ns_ = 0;
  // Written by this loop only; relaxed: a progress figure for the sampler thread.
  alignas(64) std::atomic<uint64_t> processed_{0};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_ENGINE_LOOP_H_
