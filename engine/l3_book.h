// L3Book: an order-level book (orders by id, FIFO per price level) that keeps an L2
// OrderBook's levels equal to the total of its orders plus the volume of orders it
// never saw, so every BookView consumer works unchanged on order-level data.
//
// Event semantics (Apply):
//   kOrderAdd      a new resting order (id, side, price, quantity) at the back of its
//                  level's queue. A reused id replaces the old order (counted).
//   kOrderCancel   removes `quantity` from the order (all of it when that much or
//   kOrderExecute  more); the order leaves the book at 0.
//   An id the book never saw (the order rested before the recording started) is
//   counted in unknown_ids and its quantity comes off the event's (side, price)
//   level, never below 0 (a clamp is counted).
//   kLevelUpdate / kSnapshotLevel set a level's total as the L2 book does (resyncs and
//   snapshot seeds): the part not covered by known orders is anonymous volume; a
//   level set to 0, and every level on a snapshot clear, drops its known orders.
//   Other kinds go to the L2 book unchanged.
//
// Allocates per order (hash map node, queue node) in every profile.
// Not thread-safe: owned by one engine thread, like the L2 book it drives.

#ifndef HFTBOT_ENGINE_L3_BOOK_H_
#define HFTBOT_ENGINE_L3_BOOK_H_

#include <cstdint>
#include <list>
#include <map>
#include <optional>
#include <unordered_map>

#include "engine/order_book.h"
#include "feed/event.h"

namespace hftbot::engine {

struct L3Stats {
  uint64_t adds = 0;
  uint64_t cancels = 0;
  uint64_t executions = 0;
  uint64_t unknown_ids = 0;      // cancel/execute of an order the book never saw
  uint64_t duplicate_ids = 0;    // add of an id already resting
  uint64_t clamped = 0;          // a removal larger than the level (or order) held
  uint64_t dropped_orders = 0;   // known orders removed by a level set to 0 or a snapshot
};

struct RestingOrder {
  feed::Side side = feed::Side::kNone;
  feed::Price price = 0;
  feed::Quantity quantity = 0;
};

class L3Book {
 public:
  // `levels` must outlive the L3Book; the L3Book is its only writer from now on.
  explicit L3Book(OrderBook& levels) : levels_(levels) {}

  [[nodiscard]] ApplyResult Apply(const feed::Event& event);
  void Clear();

  const BookView& levels() const { return levels_; }
  size_t order_count() const { return orders_.size(); }
  std::optional<RestingOrder> Find(uint64_t id) const;
  // Quantity of known orders queued ahead of `id` at its level (anonymous volume is
  // not counted: its place in the queue is unknown). nullopt for an unknown id.
  std::optional<feed::Quantity> QueueAhead(uint64_t id) const;
  const L3Stats& stats() const { return stats_; }

 private:
  using Queue = std::list<uint64_t>;
  struct Entry {
    RestingOrder order;
    Queue::iterator position;
  };

  ApplyResult SetLevel(feed::Side side, feed::Price price, feed::Quantity total);
  Queue& QueueAt(feed::Side side, feed::Price price);
  void RemoveOrder(std::unordered_map<uint64_t, Entry>::iterator it);
  void DropLevelOrders(feed::Side side, feed::Price price);
  ApplyResult Reduce(const feed::Event& event);

  OrderBook& levels_;
  std::unordered_map<uint64_t, Entry> orders_;
  std::map<feed::Price, Queue> bid_queues_;
  std::map<feed::Price, Queue> ask_queues_;
  bool in_snapshot_ = false;
  L3Stats stats_;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_L3_BOOK_H_
