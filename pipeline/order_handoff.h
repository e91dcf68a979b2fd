// The engine thread's OrderSinks. Each stamps t2 (order emitted) and records
// tick_to_order = t2 - t0 of the event being processed; then
//   OrderHandoff (gateway thread) hands the order to the gateway through the shared
//     MPSC queue: naive allocates a message with a std::string id that the gateway
//     frees; pooled copies into the queue;
//   InlineGateway (compact topology) puts it on the wire itself and records
//     order_to_wire = gateway_service = t3 - t2.
//
// Not thread-safe: one sink per engine thread.

#ifndef HFTBOT_PIPELINE_ORDER_HANDOFF_H_
#define HFTBOT_PIPELINE_ORDER_HANDOFF_H_

#include <concurrentqueue/concurrentqueue.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/order.h"
#include "metrics/histogram.h"
#include "pipeline/lanes.h"
#include "pipeline/replay_state.h"
#include "pipeline/stage_recorder.h"
#include "pipeline/wire_writer.h"

namespace hftbot::pipeline {

class StampedOrderSink : public engine::OrderSink {
 public:
  explicit StampedOrderSink(const PipelineOptions& options) : tick_to_order_(options) {}

  // t0 of the event the engine is about to process; set before each OnEvent.
  void set_current_t0(int64_t t0) { current_t0_ = t0; }
  StageRecorder& tick_to_order() { return tick_to_order_; }

 protected:
  int64_t current_t0_ = 0;
  StageRecorder tick_to_order_;
};

template <Profile kProfile>
class OrderHandoff final : public StampedOrderSink {
 public:
  explicit OrderHandoff(ReplayState<kProfile>& state);
  void OnOrder(const engine::Order& order) override;

 private:
  ReplayState<kProfile>& state_;
  moodycamel::ProducerToken token_;
};

template <Profile kProfile>
class InlineGateway final : public StampedOrderSink {
 public:
  // `order_log`: this engine's log (empty: none). Throws feed::InputError when it
  // cannot be opened.
  InlineGateway(ReplayState<kProfile>& state, const std::vector<std::string>& symbol_names,
                const std::string& order_log);
  void OnOrder(const engine::Order& order) override;

  WireWriter<kProfile>& wire() { return wire_; }
  StageRecorder& order_to_wire() { return order_to_wire_; }
  StageRecorder& gateway_service() { return gateway_service_; }

 private:
  ReplayState<kProfile>& state_;
  WireWriter<kProfile> wire_;
  StageRecorder order_to_wire_;
  StageRecorder gateway_service_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_ORDER_HANDOFF_H_
