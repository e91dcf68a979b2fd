#include "pipeline/gateway_loop.h"

#include "alloc/component.h"
#include "pipeline/idler.h"

namespace hftbot::pipeline {

template <Profile kProfile>
GatewayLoop<kProfile>::GatewayLoop(ReplayState<kProfile>& state, WireWriter<kProfile>& wire)
    : state_(state),
      wire_(wire),
      order_to_wire_(state.options),
      gateway_service_(state.options) {}

template <Profile kProfile>
void GatewayLoop<kProfile>::Run() {
  alloc::ComponentScope component(alloc::Component::kGateway);
  moodycamel::ConsumerToken token(state_.orders);
  Idler idler(state_.wait, &state_.gateway_bell);
  constexpr size_t kBulk = 64;
  OrderMessage<kProfile> batch[kBulk];
  auto has_work = [this] { return state_.orders.size_approx() > 0; };
  for (;;) {
    size_t n = state_.orders.try_dequeue_bulk(token, batch, kBulk);
    if (n == 0) {
      if (state_.engines_running.load(std::memory_order_acquire) == 0 && state_.orders.size_approx() == 0) break;
      idler.Idle(has_work);
      continue;
    }
    idler.Busy();
    // Within a bulk, one order's end is the next one's start: one clock read per order.
    int64_t started = state_.clock.NowNs();
    for (size_t i = 0; i < n; ++i) {
      int64_t t2 = 0;
      bool sent = false;
      if constexpr (kProfile == Profile::kNaive) {
        t2 = batch[i]->t2;
        sent = wire_.Write(batch[i]->order);
        batch[i].reset();  // freed on this thread, allocated on the engine thread
      } else {
        t2 = batch[i].t2;
        sent = wire_.Write(batch[i].order);
      }
      int64_t t3 = state_.clock.NowNs();
      if (sent) {
        order_to_wire_.Record(t3 - t2);
        gateway_service_.Record(t3 - started);
      }
      started = t3;
    }
  }
  done_ns_ = state_.clock.NowNs();
  done_.store(true, std::memory_order_release);
}

template class GatewayLoop<Profile::kNaive>;
template class GatewayLoop<Profile::kPooled>;

}  // namespace hftbot::pipeline
