// The engine thread's OrderSink in the threaded topology: stamps t2 (order emitted),
// records tick_to_order = t2 - t0 of the event being processed, and hands the order
// to the gateway thread through the shared MPSC queue. naive allocates a message
// (with a std::string id) that the gateway frees; pooled copies into the queue.
//
// Not thread-safe: one per engine thread (it owns a moodycamel producer token).

#ifndef HFTBOT_PIPELINE_ORDER_HANDOFF_H_
#define HFTBOT_PIPELINE_ORDER_HANDOFF_H_

#include <concurrentqueue/concurrentqueue.h>

#include <cstdint>

#include "engine/order.h"
#include "metrics/histogram.h"
#include "pipeline/lanes.h"
#include "pipeline/replay_state.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class OrderHandoff final : public engine::OrderSink {
 public:
  explicit OrderHandoff(ReplayState<kProfile>& state);

  void OnOrder(const engine::Order& order) override;

  // t0 of the event the engine is processing; set before each OnEvent.
  void set_current_t0(int64_t t0) { current_t0_ = t0; }
  metrics::Histogram& tick_to_order() { return tick_to_order_; }

 private:
  ReplayState<kProfile>& state_;
  moodycamel::ProducerToken token_;
  metrics::Histogram tick_to_order_;
  int64_t current_t0_ = 0;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_ORDER_HANDOFF_H_
