#include "pipeline/order_handoff.h"

#include <string>

#include "alloc/component.h"
#include "pipeline/idler.h"

namespace hftbot::pipeline {

template <Profile kProfile>
OrderHandoff<kProfile>::OrderHandoff(ReplayState<kProfile>& state)
    : StampedOrderSink(state.options), state_(state), token_(state.orders) {}

template <Profile kProfile>
void OrderHandoff<kProfile>::OnOrder(const engine::Order& order) {
  alloc::ComponentScope component(alloc::Component::kQueue);
  int64_t t2 = state_.clock.NowNs();
  tick_to_order_.Record(t2 - current_t0_);
  if constexpr (kProfile == Profile::kNaive) {
    auto message = std::make_unique<NaiveOrderItem>();
    message->order = order;
    message->client_order_id = "HFT-" + std::to_string(order.client_order_id);
    message->t2 = t2;
    state_.orders.enqueue(token_, std::move(message));  // may allocate: the naive way
  } else {
    PooledOrderItem message{order, t2};
    // Full queue: the gateway drains until every engine has finished, so this wait ends.
    Idler idler(state_.wait == WaitStrategy::kSpin ? WaitStrategy::kSpin : WaitStrategy::kYield, nullptr);
    while (!state_.orders.try_enqueue(token_, message)) idler.Idle([] { return true; });
  }
  if (state_.wait == WaitStrategy::kBlock) state_.gateway_bell.Ring();
}

template <Profile kProfile>
InlineGateway<kProfile>::InlineGateway(ReplayState<kProfile>& state, const std::vector<std::string>& symbol_names,
                                       const std::string& order_log)
    : StampedOrderSink(state.options),
      state_(state),
      wire_(symbol_names, order_log),
      order_to_wire_(state.options),
      gateway_service_(state.options) {}

template <Profile kProfile>
void InlineGateway<kProfile>::OnOrder(const engine::Order& order) {
  alloc::ComponentScope component(alloc::Component::kGateway);
  int64_t t2 = state_.clock.NowNs();
  tick_to_order_.Record(t2 - current_t0_);
  // naive: the wire writer builds a std::string per order; pooled reuses its buffer.
  if (!wire_.Write(order)) return;
  int64_t t3 = state_.clock.NowNs();
  order_to_wire_.Record(t3 - t2);
  gateway_service_.Record(t3 - t2);
}

template class OrderHandoff<Profile::kNaive>;
template class OrderHandoff<Profile::kPooled>;
template class InlineGateway<Profile::kNaive>;
template class InlineGateway<Profile::kPooled>;

}  // namespace hftbot::pipeline
