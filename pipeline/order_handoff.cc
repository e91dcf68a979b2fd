#include "pipeline/order_handoff.h"

#include <string>

#include "pipeline/idler.h"

namespace hftbot::pipeline {

template <Profile kProfile>
OrderHandoff<kProfile>::OrderHandoff(ReplayState<kProfile>& state)
    : state_(state),
      token_(state.orders),
      tick_to_order_(1, state.options.histogram_highest_ns, state.options.significant_figures) {}

template <Profile kProfile>
void OrderHandoff<kProfile>::OnOrder(const engine::Order& order) {
  int64_t t2 = state_.clock.NowNs();
  (void)tick_to_order_.Record(t2 - current_t0_);
  if constexpr (kProfile == Profile::kNaive) {
    auto message = std::make_unique<NaiveOrderItem>();
    message->order = order;
    message->client_order_id = "HFT-" + std::to_string(order.client_order_id);
    message->t2 = t2;
    state_.orders.enqueue(token_, std::move(message));  // may allocate: the naive way
  } else {
    PooledOrderItem message{order, t2};
    Idler idler(state_.wait == WaitStrategy::kSpin ? WaitStrategy::kSpin : WaitStrategy::kYield, nullptr);
    while (!state_.orders.try_enqueue(token_, message)) idler.Idle([] { return true; });
  }
  if (state_.wait == WaitStrategy::kBlock) state_.gateway_bell.Ring();
}

template class OrderHandoff<Profile::kNaive>;
template class OrderHandoff<Profile::kPooled>;

}  // namespace hftbot::pipeline
