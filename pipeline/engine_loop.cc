#include "pipeline/engine_loop.h"

#include "pipeline/idler.h"

namespace hftbot::pipeline {

template <Profile kProfile>
EngineLoop<kProfile>::EngineLoop(ReplayState<kProfile>& state, int index, BboTrace* bbo_trace)
    : state_(state),
      index_(index),
      bbo_trace_(bbo_trace),
      sink_(state),
      feed_to_engine_(1, state.options.histogram_highest_ns, state.options.significant_figures) {}

template <Profile kProfile>
void EngineLoop<kProfile>::AddSymbol(size_t symbol, std::unique_ptr<engine::SymbolEngine> symbol_engine) {
  symbols_.push_back(symbol);
  engines_.push_back(std::move(symbol_engine));
}

template <Profile kProfile>
bool EngineLoop<kProfile>::HasWork() const {
  for (size_t s : symbols_) {
    if (state_.lanes[s]->queue.read_available() > 0) return true;
  }
  return false;
}

template <Profile kProfile>
void EngineLoop<kProfile>::Run() {
  constexpr int kBatch = 64;
  Idler idler(state_.wait, &state_.engine_bells[static_cast<size_t>(index_)]);
  uint64_t processed = 0;
  for (;;) {
    bool worked = false;
    for (size_t k = 0; k < symbols_.size(); ++k) {
      SymbolLane<kProfile>& lane = *state_.lanes[symbols_[k]];
      engine::SymbolEngine& symbol_engine = *engines_[k];
      for (int batch = 0; batch < kBatch; ++batch) {
        if (lane.queue.read_available() == 0) break;
        FeedItem<kProfile>& item = lane.queue.front();
        int64_t t1 = state_.clock.NowNs();
        (void)feed_to_engine_.Record(t1 - item.t0);
        sink_.set_current_t0(item.t0);
        const feed::Event& event = EventOf(item);
        symbol_engine.OnEvent(event);
        if (bbo_trace_ != nullptr) bbo_trace_->writer(symbol_engine.symbol()).Record(event, symbol_engine.book());
        lane.queue.pop();  // naive: the last reference, so the event is freed here
        ++processed;
        worked = true;
      }
    }
    if (worked) {
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
  processed_.store(processed, std::memory_order_relaxed);
  // release: the gateway that sees zero running engines sees all their orders.
  state_.engines_running.fetch_sub(1, std::memory_order_release);
  state_.gateway_bell.Ring();
}

template class EngineLoop<Profile::kNaive>;
template class EngineLoop<Profile::kPooled>;

}  // namespace hftbot::pipeline
