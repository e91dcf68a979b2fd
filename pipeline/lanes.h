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

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "feed/event.h"

namespace hftbot::pipeline {

using Profile = engine::AllocationProfile;

struct NaiveFeedItem {
  std::shared_ptr<const feed::Event> event;
  int64_t t0 = 0;  // scheduled publish time
};
struct PooledFeedItem {
  feed::Event event;
  int64_t t0 = 0;
};

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
inline const feed::Event& EventOf(const PooledFeedItem& item) { return item.event; }

// Streamed mode: events read by the reader thread, waiting for their feed thread.
struct StagedEvent {
  feed::Event event;
  uint64_t position = 0;  // record index in the file
};
using StagingQueue = boost::lockfree::spsc_queue<StagedEvent>;

// One symbol's path from its feed thread to its engine thread.
template <Profile kProfile>
struct alignas(64) SymbolLane {
  SymbolLane(size_t capacity, size_t staging_capacity)
      : queue(capacity),
        staging(staging_capacity > 0 ? std::make_unique<StagingQueue>(staging_capacity) : nullptr) {}

  boost::lockfree::spsc_queue<FeedItem<kProfile>> queue;
  std::unique_ptr<StagingQueue> staging;  // streamed mode only: reader -> feed thread
  // Written by the feed thread. release/acquire: an engine that sees finished == true
  // also sees every push before it.
  alignas(64) std::atomic<bool> finished{false};
  // Written by the feed thread only; read after join.
  alignas(64) std::atomic<uint64_t> dropped{0};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_LANES_H_
