// The gateway thread (threaded topology): drains the engines' orders in bulk, puts
// each on the wire through a WireWriter, and records order_to_wire = t3 - t2 (queueing
// plus service) and gateway_service (encode and write, per order). It ends when every
// engine has finished and the queue is empty.
//
// Thread safety: Run() on one thread, the order queue's only consumer. done() and
// done_ns() may be read by any thread (release/acquire on done).

#ifndef HFTBOT_PIPELINE_GATEWAY_LOOP_H_
#define HFTBOT_PIPELINE_GATEWAY_LOOP_H_

#include <atomic>
#include <cstdint>

#include "metrics/histogram.h"
#include "pipeline/replay_state.h"
#include "pipeline/stage_recorder.h"
#include "pipeline/wire_writer.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class GatewayLoop {
 public:
  GatewayLoop(ReplayState<kProfile>& state, WireWriter<kProfile>& wire);

  void Run();

  // True once Run() returned; done_ns() is then the clock reading at its end.
  bool done() const { return done_.load(std::memory_order_acquire); }
  int64_t done_ns() const { return done_ns_; }
  StageRecorder& order_to_wire() { return order_to_wire_; }
  StageRecorder& gateway_service() { return gateway_service_; }

 private:
  ReplayState<kProfile>& state_;
  WireWriter<kProfile>& wire_;
  StageRecorder order_to_wire_;
  StageRecorder gateway_service_;
  int64_t done_ns_ = 0;
  // release: a thread that sees done == true reads done_ns_ and every figure above.
  alignas(64) std::atomic<bool> done_{false};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_GATEWAY_LOOP_H_
