// The order-level state of an L3 book, in the naive profile's storage: known resting
// orders by id and, per (side, price), their FIFO queue. engine/l3_book.h holds the
// rules; a store only keeps orders.
//
// Store interface (what BasicL3Book uses):
//   Handle Find(id)                     a handle, or one for which Found() is false
//   bool Found(Handle) const
//   RestingOrder& order(Handle)
//   const RestingOrder* Peek(id) const  nullptr when unknown
//   void Add(id, RestingOrder)          at the back of its level's queue; id not present
//   void Remove(Handle)
//   size_t DropLevel(side, price)       removes that level's orders; returns how many
//   void Clear()
//   size_t size() const
//   optional<Quantity> QueueAhead(id) const   known quantity ahead in its queue
//
// Not thread-safe: owned by one L3 book.

#ifndef HFTBOT_ENGINE_L3_ORDER_STORE_H_
#define HFTBOT_ENGINE_L3_ORDER_STORE_H_

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <list>
#include <map>
#include <optional>
#include <unordered_map>

#include "engine/allocation_profile.h"
#include "feed/event.h"

namespace hftbot::engine {

struct RestingOrder {
  feed::Side side = feed::Side::kNone;
  feed::Price price = 0;
  feed::Quantity quantity = 0;
};

// What a first bot writes: a hash map node and a list node per order, a std::map of
// queues per side (allocates per order).
class NaiveOrderStore {
  using Queue = std::list<uint64_t>;
  struct Entry {
    RestingOrder order;
    Queue::iterator position;
  };
  using Orders = std::unordered_map<uint64_t, Entry>;

 public:
  using Handle = Orders::iterator;

  Handle Find(uint64_t id) { return orders_.find(id); }
  bool Found(Handle h) const { return h != orders_.end(); }
  RestingOrder& order(Handle h) { return h->second.order; }
  size_t size() const { return orders_.size(); }

  void Add(uint64_t id, const RestingOrder& order) {
    Queue& queue = Queues(order.side)[order.price];
    queue.push_back(id);
    orders_.emplace(id, Entry{order, std::prev(queue.end())});
  }

  void Remove(Handle h) {
    auto& queues = Queues(h->second.order.side);
    const auto queue = queues.find(h->second.order.price);
    queue->second.erase(h->second.position);
    if (queue->second.empty()) queues.erase(queue);
    orders_.erase(h);
  }

  size_t DropLevel(feed::Side side, feed::Price price) {
    auto& queues = Queues(side);
    const auto queue = queues.find(price);
    if (queue == queues.end()) return 0;
    for (const uint64_t id : queue->second) orders_.erase(id);
    const size_t dropped = queue->second.size();
    queues.erase(queue);
    return dropped;
  }

  void Clear() {
    orders_.clear();
    bid_queues_.clear();
    ask_queues_.clear();
  }

  const RestingOrder* Peek(uint64_t id) const {
    const auto it = orders_.find(id);
    return it == orders_.end() ? nullptr : &it->second.order;
  }

  std::optional<feed::Quantity> QueueAhead(uint64_t id) const {
    const auto it = orders_.find(id);
    if (it == orders_.end()) return std::nullopt;
    const auto& queues = it->second.order.side == feed::Side::kBid ? bid_queues_ : ask_queues_;
    const Queue& queue = queues.at(it->second.order.price);
    feed::Quantity ahead = 0;
    for (auto q = queue.begin(); q != it->second.position; ++q) {
      ahead += orders_.at(*q).order.quantity;
    }
    return ahead;
  }

 private:
  std::map<feed::Price, Queue>& Queues(feed::Side side) {
    return side == feed::Side::kBid ? bid_queues_ : ask_queues_;
  }

  Orders orders_;
  std::map<feed::Price, Queue> bid_queues_;
  std::map<feed::Price, Queue> ask_queues_;
};

// The store each allocation profile's engine uses. The pooled profile has no store
// of its own yet: it allocates per order like the naive one.
template <AllocationProfile kProfile>
using ProfileOrderStore = NaiveOrderStore;

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_L3_ORDER_STORE_H_
