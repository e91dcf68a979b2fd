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
// BasicL3Book<Levels, Store> is the one implementation: Levels is the L2 book type it
// drives (OrderBook for any book; a final book type for direct calls), Store keeps the
// orders (engine/l3_order_store.h). L3Book is the run-time-profile form over any
// OrderBook with the naive store, which allocates per order.
//
// Not thread-safe: owned by one engine thread, like the L2 book it drives.

#ifndef HFTBOT_ENGINE_L3_BOOK_H_
#define HFTBOT_ENGINE_L3_BOOK_H_

#include <algorithm>
#include <cstdint>
#include <optional>

#include "engine/l3_order_store.h"
#include "engine/order_book.h"
#include "feed/event.h"
#include "feed/event_flags.h"

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

template <class Levels, class Store>
class BasicL3Book {
 public:
  // `levels` must outlive the book; the book is its only writer from now on.
  template <class... StoreArgs>
  explicit BasicL3Book(Levels& levels, StoreArgs&&... store_args)
      : levels_(levels), store_(static_cast<StoreArgs&&>(store_args)...) {}

  [[nodiscard]] ApplyResult Apply(const feed::Event& e) {
    switch (e.kind) {
      case feed::EventKind::kOrderAdd:
        in_snapshot_ = false;
        return Add(e);
      case feed::EventKind::kOrderCancel:
      case feed::EventKind::kOrderExecute:
        in_snapshot_ = false;
        return Reduce(e);
      case feed::EventKind::kLevelUpdate:
      case feed::EventKind::kSnapshotLevel: {
        const bool snapshot = e.kind == feed::EventKind::kSnapshotLevel;
        if (snapshot && (!in_snapshot_ || feed::HasFlag(e, feed::kFlagSnapshotStart))) {
          stats_.dropped_orders += store_.size();
          store_.Clear();
        }
        in_snapshot_ = snapshot;
        const ApplyResult result = levels_.Apply(e);
        if (result == ApplyResult::kApplied && e.quantity == 0) {
          stats_.dropped_orders += store_.DropLevel(e.side, e.price);
        }
        return result;
      }
      default:
        in_snapshot_ = false;
        return levels_.Apply(e);
    }
  }

  void Clear() {
    stats_.dropped_orders += store_.size();
    store_.Clear();
    levels_.Clear();
  }

  const BookView& levels() const { return levels_; }
  size_t order_count() const { return store_.size(); }
  std::optional<RestingOrder> Find(uint64_t id) const {
    const RestingOrder* order = store_.Peek(id);
    if (order == nullptr) return std::nullopt;
    return *order;
  }
  // Quantity of known orders queued ahead of `id` at its level (anonymous volume is
  // not counted: its place in the queue is unknown). nullopt for an unknown id.
  std::optional<feed::Quantity> QueueAhead(uint64_t id) const { return store_.QueueAhead(id); }
  const L3Stats& stats() const { return stats_; }

 private:
  ApplyResult SetLevel(feed::Side side, feed::Price price, feed::Quantity total) {
    feed::Event level;
    level.kind = feed::EventKind::kLevelUpdate;
    level.side = side;
    level.price = price;
    level.quantity = std::max<feed::Quantity>(0, total);
    return levels_.Apply(level);
  }

  ApplyResult Add(const feed::Event& e) {
    if (e.side != feed::Side::kBid && e.side != feed::Side::kAsk) return ApplyResult::kBadSide;
    if (e.price <= 0) return ApplyResult::kBadPrice;
    if (e.quantity <= 0) return ApplyResult::kBadQuantity;
    ++stats_.adds;
    const auto old = store_.Find(e.id);
    if (store_.Found(old)) {
      ++stats_.duplicate_ids;
      const RestingOrder prev = store_.order(old);
      store_.Remove(old);
      (void)SetLevel(prev.side, prev.price, levels_.SizeAt(prev.side, prev.price) - prev.quantity);
    }
    store_.Add(e.id, {e.side, e.price, e.quantity});
    return SetLevel(e.side, e.price, levels_.SizeAt(e.side, e.price) + e.quantity);
  }

  ApplyResult Reduce(const feed::Event& e) {
    const bool execute = e.kind == feed::EventKind::kOrderExecute;
    if (e.quantity < 0) return ApplyResult::kBadQuantity;
    ++(execute ? stats_.executions : stats_.cancels);
    const auto it = store_.Find(e.id);
    if (!store_.Found(it)) {
      ++stats_.unknown_ids;
      if (e.side != feed::Side::kBid && e.side != feed::Side::kAsk) return ApplyResult::kBadSide;
      if (e.price <= 0) return ApplyResult::kBadPrice;
      const feed::Quantity held = levels_.SizeAt(e.side, e.price);
      if (e.quantity > held) ++stats_.clamped;
      return SetLevel(e.side, e.price, held - e.quantity);
    }
    RestingOrder& order = store_.order(it);
    feed::Quantity removed = e.quantity;
    if (removed > order.quantity) {
      ++stats_.clamped;
      removed = order.quantity;
    }
    const feed::Side side = order.side;
    const feed::Price price = order.price;
    order.quantity -= removed;
    if (order.quantity == 0) store_.Remove(it);
    return SetLevel(side, price, levels_.SizeAt(side, price) - removed);
  }

  Levels& levels_;
  Store store_;
  bool in_snapshot_ = false;
  L3Stats stats_;
};

// Over any OrderBook, with the naive store.
using L3Book = BasicL3Book<OrderBook, NaiveOrderStore>;

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_L3_BOOK_H_
