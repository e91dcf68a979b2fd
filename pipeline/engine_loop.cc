#include "pipeline/engine_loop.h"

#include "alloc/component.h"
#include "pipeline/idler.h"

namespace hftbot::pipeline {

template <Profile kProfile>
EngineLoop<kProfile>::EngineLoop(ReplayState<kProfile>& state, int index, std::unique_ptr<StampedOrderSink> sink,
                                 BboTrace* bbo_trace)
    : state_(state),
      index_(index),
      bbo_trace_(bbo_trace),
      sink_(std::move(sink)),
      queue_wait_(state.options),
      engine_service_(state.options),
      time_every_(state.options.time_every),
      sample_schedule_(state.options.time_every, static_cast<uint64_t>(index)) {}

template <Profile kProfile>
void EngineLoop<kProfile>::AddSymbol(size_t symbol, std::unique_ptr<engine::BasicSymbolEngine<kProfile>> symbol_engine) {
  symbols_.push_back(symbol);
  engines_.push_back(std::move(symbol_engine));
}

template <Profile kProfile>
bool EngineLoop<kProfile>::HasWork() const {
  for (size_t s : symbols_) {
    if (state_.lanes[s]->queue.HasItem()) return true;
  }
  return false;
}

template <Profile kProfile>
size_t EngineLoop<kProfile>::DrainBatch(size_t k) {
  SymbolLane<kProfile>& lane = *state_.lanes[symbols_[k]];
  const size_t n = lane.queue.Pop(batch_, kEngineBatch);
  if (n == 0) return 0;
  // Nothing on this core has read the batch's events yet: ask for all of their lines
  // at once rather than missing on each in turn.
  for (size_t i = 0; i < n; ++i) __builtin_prefetch(&EventOf(batch_[i]));
  engine::BasicSymbolEngine<kProfile>& symbol_engine = *engines_[k];
  if (time_every_ == 1) {
    TimeEveryEvent(symbol_engine, n);
  } else {
    TimeSomeEvents(symbol_engine, n);
  }
  return n;
}

template <Profile kProfile>
inline void EngineLoop<kProfile>::Process(engine::BasicSymbolEngine<kProfile>& symbol_engine,
                                          const FeedItem<kProfile>& item) {
  sink_->set_current_t0(item.t0);
  symbol_engine.OnEvent(EventOf(item));
}

template <Profile kProfile>
inline bool EngineLoop<kProfile>::Release(engine::BasicSymbolEngine<kProfile>& symbol_engine,
                                          FeedItem<kProfile>& item) {
  const bool traced = bbo_trace_ != nullptr;
  if (traced) bbo_trace_->writer(symbol_engine.symbol()).Record(EventOf(item), symbol_engine.book());
  if constexpr (kProfile == Profile::kNaive) item.event.reset();  // freed here, allocated by the feed
  return traced;
}

template <Profile kProfile>
void EngineLoop<kProfile>::TimeEveryEvent(engine::BasicSymbolEngine<kProfile>& symbol_engine, size_t n) {
  int64_t t1 = state_.clock.NowNs();
  for (size_t i = 0; i < n; ++i) {
    FeedItem<kProfile>& item = batch_[i];
    queue_wait_.Record(t1 - item.t_pub);
    Process(symbol_engine, item);
    int64_t t_done = state_.clock.NowNs();
    engine_service_.Record(t_done - t1);
    if (Release(symbol_engine, item)) t_done = state_.clock.NowNs();  // the trace is not the next event's work
    t1 = t_done;
  }
}

template <Profile kProfile>
void EngineLoop<kProfile>::TimeSomeEvents(engine::BasicSymbolEngine<kProfile>& symbol_engine, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    FeedItem<kProfile>& item = batch_[i];
    if (sample_schedule_.TimeThisEvent()) {
      const int64_t t1 = state_.clock.NowNs();
      queue_wait_.Record(t1 - item.t_pub);
      Process(symbol_engine, item);
      engine_service_.Record(state_.clock.NowNs() - t1);
    } else {
      Process(symbol_engine, item);
    }
    (void)Release(symbol_engine, item);
  }
}

template <Profile kProfile>
void EngineLoop<kProfile>::Run() {
  // Outside the engine's own scopes (book, exchange, strategy, risk) this thread is the
  // hand-off's consumer: popping items and freeing naive events.
  alloc::ComponentScope component(alloc::Component::kQueue);
  Idler idler(state_.wait, &state_.engine_bells[static_cast<size_t>(index_)]);
  uint64_t processed = 0;
  for (;;) {
    size_t worked = 0;
    for (size_t k = 0; k < symbols_.size(); ++k) worked += DrainBatch(k);
    if (worked > 0) {
      processed += worked;
      idler.Busy();
      processed_.store(processed, std::memory_order_relaxed);
      continue;
    }
    bool all_finished = true;
    for (size_t s : symbols_) all_finished &= state_.lanes[s]->finished.load(std::memory_order_acquire);
    if (all_finished && !HasWork()) break;
    idler.Idle([this] { return HasWork(); });
  }
  for (auto& symbol_engine : engines_) symbol_engine->Finish();
  done_ns_ = state_.clock.NowNs();
  processed_.store(processed, std::memory_order_relaxed);
  // release: the gateway that sees zero running engines sees all their orders.
  state_.engines_running.fetch_sub(1, std::memory_order_release);
  state_.gateway_bell.Ring();
}

template class EngineLoop<Profile::kNaive>;
template class EngineLoop<Profile::kPooled>;

}  // namespace hftbot::pipeline
