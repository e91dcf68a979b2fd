// The order-level state of an L3 book in each allocation profile's storage: known
// resting orders by id and, per (side, price), their FIFO queue. engine/l3_book.h
// holds the rules; a store only keeps orders. Both stores behave identically.
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
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/flat_index.h"
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

// Pooled: orders in slots linked into per-level FIFO queues (intrusive prev/next
// slot numbers), a FlatIndex from order id to slot and one from (side, price) to the
// level's queue. Slots, levels and indexes are preallocated for expected_orders and
// grow (allocate) only past a new high-water mark, so a steady state allocates
// nothing per event.
class PooledOrderStore {
 public:
  using Handle = uint32_t;
  static constexpr uint32_t kNone = FlatIndex::kAbsent;

  explicit PooledOrderStore(size_t expected_orders = 4096)
      : ids_(expected_orders), level_index_(expected_orders) {
    slots_.reserve(expected_orders);
    levels_.reserve(expected_orders);
  }

  Handle Find(uint64_t id) const { return ids_.Find(id); }
  bool Found(Handle h) const { return h != kNone; }
  RestingOrder& order(Handle h) { return slots_[h].order; }
  size_t size() const { return ids_.size(); }

  const RestingOrder* Peek(uint64_t id) const {
    const Handle h = ids_.Find(id);
    return h == kNone ? nullptr : &slots_[h].order;
  }

  void Add(uint64_t id, const RestingOrder& order) {
    const uint64_t key = LevelKey(order.side, order.price);
    uint32_t l = level_index_.Find(key);
    if (l == kNone) {
      l = NewLevel();
      level_index_.Insert(key, l);
      levels_[l] = {key, kNone, kNone};
    }
    const uint32_t s = NewSlot();
    slots_[s] = {id, order, levels_[l].tail, kNone, l};
    if (levels_[l].tail == kNone) {
      levels_[l].head = s;
    } else {
      slots_[levels_[l].tail].next = s;
    }
    levels_[l].tail = s;
    ids_.Insert(id, s);
  }

  void Remove(Handle h) {
    Slot& slot = slots_[h];
    Level& level = levels_[slot.level];
    (slot.prev == kNone ? level.head : slots_[slot.prev].next) = slot.next;
    (slot.next == kNone ? level.tail : slots_[slot.next].prev) = slot.prev;
    if (level.head == kNone) FreeLevel(slot.level);
    ids_.Erase(slot.id);
    FreeSlot(h);
  }

  size_t DropLevel(feed::Side side, feed::Price price) {
    const uint64_t key = LevelKey(side, price);
    const uint32_t l = level_index_.Find(key);
    if (l == kNone) return 0;
    size_t dropped = 0;
    for (uint32_t s = levels_[l].head; s != kNone;) {
      const uint32_t next = slots_[s].next;
      ids_.Erase(slots_[s].id);
      FreeSlot(s);
      s = next;
      ++dropped;
    }
    FreeLevel(l);
    return dropped;
  }

  void Clear() {
    ids_.Clear();
    level_index_.Clear();
    slots_.clear();
    levels_.clear();
    free_slot_ = kNone;
    free_level_ = kNone;
  }

  std::optional<feed::Quantity> QueueAhead(uint64_t id) const {
    const Handle h = ids_.Find(id);
    if (h == kNone) return std::nullopt;
    feed::Quantity ahead = 0;
    for (uint32_t s = levels_[slots_[h].level].head; s != h; s = slots_[s].next) {
      ahead += slots_[s].order.quantity;
    }
    return ahead;
  }

 private:
  struct Slot {
    uint64_t id = 0;
    RestingOrder order;
    uint32_t prev = kNone;   // toward the front of its level's queue
    uint32_t next = kNone;   // toward the back; the free list's link when free
    uint32_t level = kNone;  // its level's slot
  };
  struct Level {
    uint64_t key = 0;       // LevelKey(side, price)
    uint32_t head = kNone;  // front of the queue; the free list's link when free
    uint32_t tail = kNone;
  };

  // Prices are positive int64, so one bit is free for the side.
  static uint64_t LevelKey(feed::Side side, feed::Price price) {
    return static_cast<uint64_t>(price) << 1 | (side == feed::Side::kAsk ? 1 : 0);
  }

  uint32_t NewSlot() {
    if (free_slot_ == kNone) {
      slots_.emplace_back();
      return static_cast<uint32_t>(slots_.size() - 1);
    }
    const uint32_t s = free_slot_;
    free_slot_ = slots_[s].next;
    return s;
  }
  void FreeSlot(uint32_t s) {
    slots_[s].next = free_slot_;
    free_slot_ = s;
  }
  uint32_t NewLevel() {
    if (free_level_ == kNone) {
      levels_.emplace_back();
      return static_cast<uint32_t>(levels_.size() - 1);
    }
    const uint32_t l = free_level_;
    free_level_ = levels_[l].head;
    return l;
  }
  void FreeLevel(uint32_t l) {
    level_index_.Erase(levels_[l].key);
    levels_[l].head = free_level_;
    free_level_ = l;
  }

  FlatIndex ids_;          // order id -> slot
  FlatIndex level_index_;  // LevelKey -> level
  std::vector<Slot> slots_;
  std::vector<Level> levels_;
  uint32_t free_slot_ = kNone;
  uint32_t free_level_ = kNone;
};

// The store each allocation profile's engine uses.
template <AllocationProfile kProfile>
using ProfileOrderStore = std::conditional_t<kProfile == AllocationProfile::kPooled,
                                             PooledOrderStore, NaiveOrderStore>;

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_L3_ORDER_STORE_H_
