#include "engine/l3_book.h"

#include <algorithm>

#include "feed/event_flags.h"

namespace hftbot::engine {

using feed::EventKind;
using feed::Price;
using feed::Quantity;
using feed::Side;

void L3Book::Clear() {
  stats_.dropped_orders += orders_.size();
  orders_.clear();
  bid_queues_.clear();
  ask_queues_.clear();
  levels_.Clear();
}

std::optional<RestingOrder> L3Book::Find(uint64_t id) const {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return std::nullopt;
  return it->second.order;
}

std::optional<Quantity> L3Book::QueueAhead(uint64_t id) const {
  const auto it = orders_.find(id);
  if (it == orders_.end()) return std::nullopt;
  const auto& queues = it->second.order.side == Side::kBid ? bid_queues_ : ask_queues_;
  const Queue& queue = queues.at(it->second.order.price);
  Quantity ahead = 0;
  for (auto q = queue.begin(); q != it->second.position; ++q) ahead += orders_.at(*q).order.quantity;
  return ahead;
}

L3Book::Queue& L3Book::QueueAt(Side side, Price price) {
  return (side == Side::kBid ? bid_queues_ : ask_queues_)[price];
}

ApplyResult L3Book::SetLevel(Side side, Price price, Quantity total) {
  feed::Event level;
  level.kind = EventKind::kLevelUpdate;
  level.side = side;
  level.price = price;
  level.quantity = std::max<Quantity>(0, total);
  return levels_.Apply(level);
}

void L3Book::RemoveOrder(std::unordered_map<uint64_t, Entry>::iterator it) {
  auto& queues = it->second.order.side == Side::kBid ? bid_queues_ : ask_queues_;
  const auto queue = queues.find(it->second.order.price);
  queue->second.erase(it->second.position);
  if (queue->second.empty()) queues.erase(queue);
  orders_.erase(it);
}

void L3Book::DropLevelOrders(Side side, Price price) {
  auto& queues = side == Side::kBid ? bid_queues_ : ask_queues_;
  const auto queue = queues.find(price);
  if (queue == queues.end()) return;
  for (const uint64_t id : queue->second) orders_.erase(id);
  stats_.dropped_orders += queue->second.size();
  queues.erase(queue);
}

ApplyResult L3Book::Reduce(const feed::Event& e) {
  const bool execute = e.kind == EventKind::kOrderExecute;
  if (e.quantity < 0) return ApplyResult::kBadQuantity;
  ++(execute ? stats_.executions : stats_.cancels);
  const auto it = orders_.find(e.id);
  if (it == orders_.end()) {
    ++stats_.unknown_ids;
    if (e.side != Side::kBid && e.side != Side::kAsk) return ApplyResult::kBadSide;
    if (e.price <= 0) return ApplyResult::kBadPrice;
    const Quantity held = levels_.SizeAt(e.side, e.price);
    if (e.quantity > held) ++stats_.clamped;
    return SetLevel(e.side, e.price, held - e.quantity);
  }
  RestingOrder& order = it->second.order;
  Quantity removed = e.quantity;
  if (removed > order.quantity) {
    ++stats_.clamped;
    removed = order.quantity;
  }
  const Side side = order.side;
  const Price price = order.price;
  order.quantity -= removed;
  if (order.quantity == 0) RemoveOrder(it);
  return SetLevel(side, price, levels_.SizeAt(side, price) - removed);
}

ApplyResult L3Book::Apply(const feed::Event& e) {
  switch (e.kind) {
    case EventKind::kOrderAdd: {
      in_snapshot_ = false;
      if (e.side != Side::kBid && e.side != Side::kAsk) return ApplyResult::kBadSide;
      if (e.price <= 0) return ApplyResult::kBadPrice;
      if (e.quantity <= 0) return ApplyResult::kBadQuantity;
      ++stats_.adds;
      const auto old = orders_.find(e.id);
      if (old != orders_.end()) {
        ++stats_.duplicate_ids;
        const RestingOrder prev = old->second.order;
        RemoveOrder(old);
        (void)SetLevel(prev.side, prev.price, levels_.SizeAt(prev.side, prev.price) - prev.quantity);
      }
      Queue& queue = QueueAt(e.side, e.price);
      queue.push_back(e.id);
      orders_.emplace(e.id, Entry{{e.side, e.price, e.quantity}, std::prev(queue.end())});
      return SetLevel(e.side, e.price, levels_.SizeAt(e.side, e.price) + e.quantity);
    }
    case EventKind::kOrderCancel:
    case EventKind::kOrderExecute:
      in_snapshot_ = false;
      return Reduce(e);
    case EventKind::kLevelUpdate:
    case EventKind::kSnapshotLevel: {
      const bool snapshot = e.kind == EventKind::kSnapshotLevel;
      if (snapshot && (!in_snapshot_ || feed::HasFlag(e, feed::kFlagSnapshotStart))) {
        stats_.dropped_orders += orders_.size();
        orders_.clear();
        bid_queues_.clear();
        ask_queues_.clear();
      }
      in_snapshot_ = snapshot;
      const ApplyResult result = levels_.Apply(e);
      if (result == ApplyResult::kApplied && e.quantity == 0) DropLevelOrders(e.side, e.price);
      return result;
    }
    default:
      in_snapshot_ = false;
      return levels_.Apply(e);
  }
}

}  // namespace hftbot::engine
