#include "pipeline/order_handoff.h"

#include <gtest/gtest.h>

#include <atomic>

#include "engine/order.h"
#include "metrics/clock.h"
#include "pipeline/lanes.h"
#include "pipeline/options.h"
#include "pipeline/pacing.h"
#include "pipeline/replay_state.h"

namespace hftbot::pipeline {
namespace {

using Profile = engine::AllocationProfile;

// try_enqueue takes blocks only from the queue's initial pool, and a producer keeps the
// blocks it took. Here another producer (standing for the other engines) holds every
// block while the gateway drains nothing: the handoff must still deliver the order,
// in a heap block, and count it, where it used to spin forever.
TEST(OrderHandoffTest, AnEngineWithoutABlockTakesAHeapBlockInsteadOfSpinningForever) {
  PipelineOptions options;
  options.order_queue_capacity = 1;
  std::atomic<bool> stop{false};
  ReplayState<Profile::kPooled> state(options, metrics::DefaultClock(), WaitStrategy::kYield, 2, 1, 0, stop,
                                      Schedule(0, 0, 0));
  moodycamel::ProducerToken others(state.orders);
  size_t held = 0;
  while (state.orders.try_enqueue(others, PooledOrderItem{})) ++held;
  ASSERT_GT(held, 0u);

  OrderHandoff<Profile::kPooled> handoff(state);
  engine::Order order;
  order.client_order_id = 42;
  handoff.OnOrder(order);
  EXPECT_EQ(handoff.grown(), 1u);
  EXPECT_EQ(state.orders.size_approx(), held + 1);
}

// With room in the queue nothing is counted: the count means a queue too small.
TEST(OrderHandoffTest, RoomInTheQueueGrowsNothing) {
  PipelineOptions options;
  std::atomic<bool> stop{false};
  ReplayState<Profile::kPooled> state(options, metrics::DefaultClock(), WaitStrategy::kYield, 1, 1, 0, stop,
                                      Schedule(0, 0, 0));
  OrderHandoff<Profile::kPooled> handoff(state);
  for (int i = 0; i < 1000; ++i) handoff.OnOrder(engine::Order{});
  EXPECT_EQ(handoff.grown(), 0u);
  EXPECT_EQ(state.orders.size_approx(), 1000u);
}

}  // namespace
}  // namespace hftbot::pipeline
