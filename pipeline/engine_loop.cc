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
      engine_service_(state.options) {}

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
  // The events were last read by the feed thread, on the other core: ask for all of the
  // batch's lines at once rather than missing on each in turn.
  for (size_t i = 0; i < n; ++i) __builtin_prefetch(&EventOf(batch_[i]));
  engine::BasicSymbolEngine<kProfile>& symbol_engine = *engines_[k];
  int64_t t1 = state_.clock.NowNs();
  for (size_t i = 0; i < n; ++i) {
    FeedItem<kProfile>& item = batch_[i];
    queue_wait_.Record(t1 - item.t_pub);
    sink_->set_current_t0(item.t0);
    const feed::Event& event = EventOf(item);
    symbol_engine.OnEvent(event);
    int64_t t_done = state_.clock.NowNs();
    engine_service_.Record(t_done - t1);
    if (bbo_trace_ != nullptr) {
      bbo_trace_->writer(symbol_engine.symbol()).Record(event, symbol_engine.book());
      t_done = state_.clock.NowNs();  // the trace is not the next event's work
    }
    if constexpr (kProfile == Profile::kNaive) item.event.reset();  // freed here, allocated by the feed
    t1 = t_done;
  }
  return n;
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
