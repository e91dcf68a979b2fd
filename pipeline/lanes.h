// What travels between the pipeline's threads, per allocation profile, and the
// per-symbol lane that carries it.
//
// naive does what a typical first bot does: each event is a make_shared'd heap object
// allocated on the feed thread and freed on the engine thread, and each order is a
// unique_ptr with a std::string id, allocated on the engine thread and freed on the
// gateway thread. pooled copies values into the queues' preallocated slots.
//
// Thread safety: a lane's queue is single-producer (its feed thread) and
// single-consumer (its engine thread); the atomics say who writes them.

#ifndef HFTBOT_PIPELINE_LANES_H_
#define HFTBOT_PIPELINE_LANES_H_

#include <boost/lockfree/spsc_queue.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "feed/event.h"
#include "pipeline/spsc_ring.h"

namespace hftbot::pipeline {

using Profile = engine::AllocationProfile;

// t0 is the scheduled publish time, t_pub the time the feed published (t0 at max speed).
struct NaiveFeedItem {
  std::shared_ptr<const feed::Event> event;  // allocated by the feed, freed by the engine
  int64_t t0 = 0;
  int64_t t_pub = 0;
};
// Half a cache line: the event stays where it is (in the loaded streams, or in the
// lane's EventRing when streamed), so publishing copies 32 bytes, not the event.
struct alignas(32) PooledFeedItem {
  const feed::Event* event = nullptr;
  int64_t t0 = 0;
  int64_t t_pub = 0;
};
static_assert(sizeof(PooledFeedItem) == 32, "two feed items per cache line");

struct NaiveOrderItem {
  engine::Order order;
  std::string client_order_id;  // a typical first bot's string id
  int64_t t2 = 0;               // when the engine emitted it
};
struct PooledOrderItem {
  engine::Order order;
  int64_t t2 = 0;
};

template <Profile kProfile>
struct ProfileTypes;
template <>
struct ProfileTypes<Profile::kNaive> {
  using FeedItem = NaiveFeedItem;
  using OrderMessage = std::unique_ptr<NaiveOrderItem>;
};
template <>
struct ProfileTypes<Profile::kPooled> {
  using FeedItem = PooledFeedItem;
  using OrderMessage = PooledOrderItem;
};

template <Profile kProfile>
using FeedItem = typename ProfileTypes<kProfile>::FeedItem;
template <Profile kProfile>
using OrderMessage = typename ProfileTypes<kProfile>::OrderMessage;

// The event a feed item carries, whatever the profile.
inline const feed::Event& EventOf(const NaiveFeedItem& item) { return *item.event; }
inline const feed::Event& EventOf(const PooledFeedItem& item) { return *item.event; }

// Streamed pooled mode: where a feed thread keeps the events it published until the
// engine is done with them. Slots are reused in order; with more slots than the lane's
// queue plus the engine's batch can hold, a slot is rewritten only after the engine
// popped and processed the item that pointed to it.
class EventRing {
 public:
  // REQUIRES: in_flight > 0. Rounded up to a power of two, so the index is a mask.
  explicit EventRing(size_t in_flight) {
    size_t size = 1;
    while (size <= in_flight) size <<= 1;
    slots_.resize(size);
    mask_ = size - 1;
  }
  // Copies `event` into the next slot; the feed thread only.
  const feed::Event* Put(const feed::Event& event) {
    feed::Event* slot = &slots_[next_++ & mask_];
    *slot = event;
    return slot;
  }

 private:
  std::vector<feed::Event> slots_;
  size_t mask_ = 0;
  uint64_t next_ = 0;
};

// Streamed mode: events read by the reader thread, waiting for their feed thread.
struct StagedEvent {
  feed::Event event;
  uint64_t position = 0;  // record index in the file
};
using StagingQueue = boost::lockfree::spsc_queue<StagedEvent>;

// The most items an engine thread takes from one lane at a time: bounds how long one
// busy symbol holds up the others of its thread.
inline constexpr size_t kEngineBatch = 64;

// One symbol's path from its feed thread to its engine thread.
template <Profile kProfile>
struct alignas(64) SymbolLane {
  SymbolLane(size_t capacity, size_t staging_capacity)
      : queue(capacity),
        staging(staging_capacity > 0 ? std::make_unique<StagingQueue>(staging_capacity) : nullptr),
        ring(staging_capacity > 0 && kProfile == Profile::kPooled
                 ? std::make_unique<EventRing>(capacity + kEngineBatch + 1)
                 : nullptr) {}

  SpscRing<FeedItem<kProfile>> queue;
  std::unique_ptr<StagingQueue> staging;  // streamed mode only: reader -> feed thread
  std::unique_ptr<EventRing> ring;        // streamed pooled mode only: owned by the feed thread
  // Written by the feed thread. release/acquire: an engine that sees finished == true
  // also sees every push before it.
  alignas(64) std::atomic<bool> finished{false};
  // Written by the feed thread only; read after join.
  alignas(64) std::atomic<uint64_t> dropped{0};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_LANES_H_
