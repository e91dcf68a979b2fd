#include "engine/exchange_sim.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <utility>

namespace hftbot::engine {

using feed::Price;
using feed::Quantity;
using feed::Side;

namespace {

// The decimal id a first bot keys its orders by, without a temporary string: ids
// fit in 20 digits.
class IdText {
 public:
  explicit IdText(uint64_t id) {
    length_ = static_cast<size_t>(std::to_chars(digits_, digits_ + sizeof(digits_), id).ptr - digits_);
  }
  std::string_view view() const { return {digits_, length_}; }

 private:
  char digits_[20];
  size_t length_;
};

}  // namespace

template <AllocationProfile kProfile>
SimulatedExchange<kProfile>::SimulatedExchange(const ExchangeOptions& options,
                                               std::pmr::memory_resource* resource)
    : options_(options),
      open_(resource),
      resting_(resource),
      pool_(resource),
      free_(resource),
      ring_(resource),
      by_id_(resource),
      queue_(resource) {
  options_.max_open_orders = std::max<size_t>(1, options_.max_open_orders);
  if constexpr (kPooled) {
    open_.reserve(options_.max_open_orders);
    resting_.reserve(options_.max_open_orders);
    pool_.resize(options_.max_open_orders);
    free_.reserve(pool_.size());
    for (size_t i = pool_.size(); i > 0; --i) free_.push_back(&pool_[i - 1]);
    // At most one in-flight new order and one in-flight cancel per open order.
    ring_.resize(2 * options_.max_open_orders);
  }
}

template <AllocationProfile kProfile>
OpenOrder* SimulatedExchange<kProfile>::AcquireShared(uint64_t client_order_id) {
  // The first-bot way: a shared heap object per order, found by a string id.
  auto owned =
      std::allocate_shared<OpenOrder>(std::pmr::polymorphic_allocator<OpenOrder>(resource()));
  OpenOrder* o = owned.get();
  by_id_.emplace(IdText(client_order_id).view(), std::move(owned));
  return o;
}

template <AllocationProfile kProfile>
void SimulatedExchange<kProfile>::Release(OpenOrder* order) {
  if constexpr (kPooled) {
    free_.push_back(order);
  } else {
    const auto it = by_id_.find(IdText(order->client_order_id).view());
    if (it != by_id_.end()) by_id_.erase(it);
  }
}

template <AllocationProfile kProfile>
OpenOrder* SimulatedExchange<kProfile>::FindMutable(uint64_t id) const {
  if constexpr (kPooled) {
    for (OpenOrder* o : open_) {
      if (o->client_order_id == id && !o->done) return o;
    }
    return nullptr;
  } else {
    auto it = by_id_.find(IdText(id).view());
    return it == by_id_.end() || it->second->done ? nullptr : it->second.get();
  }
}

template <AllocationProfile kProfile>
size_t SimulatedExchange<kProfile>::in_flight() const {
  if constexpr (kPooled) {
    return ring_size_;
  } else {
    return queue_.size();
  }
}

template <AllocationProfile kProfile>
bool SimulatedExchange<kProfile>::Submit(const Order& order) {
  const int64_t arrival = order.data_ts_ns + options_.order_latency_ns;
  if (order.type == OrderType::kCancel) {
    OpenOrder* target = FindMutable(order.cancel_target);
    if (target == nullptr || target->cancel_requested) return false;
    target->cancel_requested = true;
    PushInFlight({arrival, nullptr, order.client_order_id, order.cancel_target});
    return true;
  }
  if (!has_capacity()) return false;
  if (order.side != Side::kBid && order.side != Side::kAsk) return false;
  SubmitNew(order);
  return true;
}

template <AllocationProfile kProfile>
void SimulatedExchange<kProfile>::Fill(OpenOrder& o, Price price, Quantity quantity, bool maker,
                                       int64_t ts_ns, ReportList* out) {
  o.remaining -= quantity;
  open_quantity_[static_cast<size_t>(o.side)] -= quantity;
  if (o.remaining == 0) {
    o.done = true;
    any_done_ = true;
  }
  ExecutionReport r = MakeReport(ReportKind::kFill, o, ts_ns);
  r.price = price;
  r.quantity = quantity;
  r.maker = maker;
  out->push_back(r);
}

template <AllocationProfile kProfile>
void SimulatedExchange<kProfile>::RemoveDoneOrders() {
  // In-place and order-preserving; std::stable_partition may allocate a buffer.
  auto compact = [](std::pmr::vector<OpenOrder*>& orders, auto&& on_done) {
    size_t kept = 0;
    for (OpenOrder* o : orders) {
      if (o->done) {
        on_done(o);
      } else {
        orders[kept++] = o;
      }
    }
    orders.erase(orders.begin() + static_cast<ptrdiff_t>(kept), orders.end());
  };
  compact(resting_, [](OpenOrder*) {});
  compact(open_, [this](OpenOrder* o) { Release(o); });
  any_done_ = false;
}

template class SimulatedExchange<AllocationProfile::kNaive>;
template class SimulatedExchange<AllocationProfile::kPooled>;

}  // namespace hftbot::engine
