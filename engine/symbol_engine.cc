#include "engine/symbol_engine.h"

#include <numeric>
#include <utility>

#include "alloc/component.h"
#include "engine/one_branch.h"
#include "engine/price_math.h"

namespace hftbot::engine {

using feed::Price;
using feed::Quantity;
using feed::Side;
using alloc::Component;
using alloc::ComponentScope;

namespace {

// Record tags in the digest stream.
constexpr uint64_t kTagOrder = 1;
constexpr uint64_t kTagLocalReject = 2;
constexpr uint64_t kTagReport = 3;

inline bool ValidSide(Side s) { return s == Side::kBid || s == Side::kAsk; }

// One compare: the order-level kinds are consecutive (checked below).
inline bool IsOrderLevel(feed::EventKind kind) {
  static_assert(static_cast<int>(feed::EventKind::kOrderCancel) ==
                        static_cast<int>(feed::EventKind::kOrderAdd) + 1 &&
                    static_cast<int>(feed::EventKind::kOrderExecute) ==
                        static_cast<int>(feed::EventKind::kOrderAdd) + 2,
                "order-level kinds are consecutive");
  return static_cast<uint8_t>(static_cast<uint8_t>(kind) -
                              static_cast<uint8_t>(feed::EventKind::kOrderAdd)) < 3;
}

}  // namespace

std::map<std::string, uint64_t> EngineStats::RejectsByReason() const {
  std::map<std::string, uint64_t> out;
  for (int i = 0; i < kRejectReasonCount; ++i) {
    out.emplace(std::string(RejectReasonName(static_cast<RejectReason>(i))),
                rejects[static_cast<size_t>(i)]);
  }
  return out;
}

template <AllocationProfile kProfile>
BasicSymbolEngine<kProfile>::BasicSymbolEngine(feed::SymbolId id, std::string symbol_name,
                                               const EngineConfig& config,
                                               std::unique_ptr<Strategy> strategy, OrderSink& sink)
    : symbol_(id),
      symbol_name_(std::move(symbol_name)),
      config_(config),
      strategy_(std::move(strategy)),
      sink_(sink),
      book_(config.max_book_levels, config_.resources.book),
      exchange_({config.order_latency_ns, config.max_open_orders}, config_.resources.exchange),
      risk_(config.risk, config_.resources.risk),
      position_(config.maker_fee_ppm, config.taker_fee_ppm),
      reports_(config_.resources.exchange),
      callbacks_(config_.resources.exchange),
      mid_history_(config_.resources.risk),
      fill_history_(config_.resources.risk) {
  Bind(book_, position_, exchange_.open_order_list(), exchange_.open_quantity_by_side());
  if constexpr (kPooled) {
    // Worst case per step: every open order arrives (ack, fill, cancel) or fills,
    // plus a cancel report or reject per in-flight cancel.
    reports_.reserve(5 * config_.max_open_orders + 16);
  }
  strategy_->OnStart({symbol_, symbol_name_, kProfile, config_.resources.strategy});
}

template <AllocationProfile kProfile>
BasicSymbolEngine<kProfile>::~BasicSymbolEngine() = default;

template <AllocationProfile kProfile>
void BasicSymbolEngine<kProfile>::OnEvent(const feed::Event& event) {
  if (event.ts_ns < now_ns_) {
    ++stats_.events_out_of_order;
  } else {
    now_ns_ = event.ts_ns;
  }

  // One scope for the event, switched from component to component: the caller's
  // tag comes back at every return.
  ComponentScope scope(Component::kExchange);
  if (exchange_.AnyDue(now_ns_)) {
    exchange_.ProcessArrivals(now_ns_, book_, &reports_);
    DrainReports();
  }

  scope.Switch(Component::kBook);
  const ApplyResult result = OneBranch(l3_.has_value() | IsOrderLevel(event.kind))
                                 ? ApplyOrderLevel(event)
                                 : book_.Apply(event);
  // events_processed, _applied, _ignored and _invalid are summed from these in stats().
  ++stats_.book_results[static_cast<size_t>(result)];
  if (result != ApplyResult::kApplied) return;

  scope.Switch(Component::kExchange);
  if (event.kind == feed::EventKind::kTrade) {
    exchange_.OnTrade(event, &reports_);
  } else if (event.kind == feed::EventKind::kOrderExecute) {
    // An execution of a resting order is a print for the simulated exchange: the
    // aggressor is on the other side.
    feed::Event print = event;
    print.kind = feed::EventKind::kTrade;
    print.side = event.side == Side::kBid ? Side::kAsk : Side::kBid;
    exchange_.OnTrade(print, &reports_);
  } else {
    exchange_.OnBookChange(book_, event.ts_ns, &reports_);
    // A print leaves the level changes for the next event that is not one (the
    // exchange refreshes queue positions only then, for the levels they cover).
    book_.ResetChanges();
  }
  DrainReports();
  // A select, not a branch: the mark is the last mid of a two-sided book.
  const Level bid = book_.best_bid();
  const Level ask = book_.best_ask();
  const bool two_sided = (bid.quantity > 0) & (ask.quantity > 0);
  const Price mid = bid.price + (ask.price - bid.price) / 2;
  stats_.mark_price = two_sided ? mid : stats_.mark_price;
  if constexpr (!kPooled) {
    scope.Switch(Component::kRisk);
    mid_history_.push_back(stats_.mark_price);
  }

  scope.Switch(Component::kStrategy);
  strategy_->OnEvent(event, book_, *this);
}

template <AllocationProfile kProfile>
ApplyResult BasicSymbolEngine<kProfile>::ApplyOrderLevel(const feed::Event& event) {
  if (!l3_) {
    if constexpr (kPooled) {
      l3_.emplace(book_, PooledOrderStore::kDefaultExpectedOrders, config_.resources.book);
    } else {
      l3_.emplace(book_, config_.resources.book);
    }
  }
  return l3_->Apply(event);
}

template <AllocationProfile kProfile>
void BasicSymbolEngine<kProfile>::Finish() {
  if (book_.two_sided()) stats_.mark_price = book_.mid();
}

template <AllocationProfile kProfile>
EngineStats BasicSymbolEngine<kProfile>::stats() const {
  EngineStats out = stats_;
  const auto& results = stats_.book_results;
  out.events_processed = std::accumulate(results.begin(), results.end(), uint64_t{0});
  out.events_applied = results[static_cast<size_t>(ApplyResult::kApplied)];
  out.events_ignored = results[static_cast<size_t>(ApplyResult::kIgnored)];
  out.events_invalid = out.events_processed - out.events_applied - out.events_ignored;
  out.position = position_.position();
  out.average_price = position_.average_price();
  out.realized_pnl = position_.realized_pnl();
  out.unrealized_pnl = position_.unrealized_pnl(stats_.mark_price);
  out.fees = position_.fees();
  out.digest = digest_.value();
  return out;
}

template <AllocationProfile kProfile>
void BasicSymbolEngine<kProfile>::DrainReports() {
  if (reports_.empty()) return;
  if constexpr (!kPooled) {
    // The first-bot way: queue a callback per report, then run them (Process sets
    // its own components).
    ComponentScope scope(Component::kExchange);
    for (const ExecutionReport& r : reports_) {
      callbacks_.emplace_back([this, r] { Process(r); }, config_.resources.exchange);
    }
    reports_.clear();
    std::pmr::vector<ResourceCallback> run(callbacks_.get_allocator());
    run.swap(callbacks_);
    for (auto& callback : run) callback();
  } else {
    // Strategy callbacks never reach the exchange's matching (sends only queue
    // messages in flight), so reports_ cannot grow while we walk it.
    for (const ExecutionReport& r : reports_) Process(r);
    reports_.clear();
  }
}

template <AllocationProfile kProfile>
void BasicSymbolEngine<kProfile>::Process(const ExecutionReport& r) {
  ComponentScope scope(Component::kRisk);
  digest_.Add(kTagReport);
  digest_.Add(static_cast<uint64_t>(r.kind) | static_cast<uint64_t>(r.reason) << 8 |
              static_cast<uint64_t>(r.side) << 16 | static_cast<uint64_t>(r.maker) << 24 |
              static_cast<uint64_t>(r.by_request) << 32);
  digest_.Add(r.client_order_id);
  digest_.Add(r.price);
  digest_.Add(r.quantity);
  digest_.Add(r.remaining);
  digest_.Add(r.ts_ns);
  // Acks, fills and cancels alternate: counted without a branch on the kind, and
  // only a fill's accounting and the strategy's callback branch on it. (A report
  // that is not a reject carries the default reason; it adds 0 there.)
  const ReportKind kind = r.kind;
  const bool reject = kind == ReportKind::kReject;
  stats_.orders_acked += kind == ReportKind::kAck;
  stats_.orders_cancelled += kind == ReportKind::kCancelled;
  stats_.orders_rejected += reject;
  stats_.rejects[static_cast<size_t>(r.reason)] += reject;
  if (kind == ReportKind::kFill) {
    ++stats_.fills;
    stats_.traded_volume += r.quantity;
    stats_.traded_notional += static_cast<Price>(Notional(r.price, r.quantity));
    stats_.orders_filled += r.remaining == 0;
    position_.OnFill(r.side, r.price, r.quantity, r.maker);
    if constexpr (!kPooled) fill_history_.push_back(r);
    scope.Switch(Component::kStrategy);
    strategy_->OnFill(r, *this);
    return;
  }
  scope.Switch(Component::kStrategy);
  switch (kind) {
    case ReportKind::kAck:
      strategy_->OnAck(r, *this);
      break;
    case ReportKind::kCancelled:
      strategy_->OnCancelled(r, *this);
      break;
    case ReportKind::kReject:
      strategy_->OnReject(r, *this);
      break;
    case ReportKind::kFill:
      break;  // above
  }
}

template <AllocationProfile kProfile>
SendResult BasicSymbolEngine<kProfile>::SendLimit(Side side, Price price, Quantity quantity) {
  Order o;
  o.client_order_id = NextId();
  o.symbol = symbol_;
  o.type = OrderType::kLimit;
  o.side = side;
  o.price = price;
  o.quantity = quantity;
  o.data_ts_ns = now_ns_;
  if (price <= 0) return RejectLocally(o, RejectReason::kInvalidOrder);
  return SendNew(o, price);
}

template <AllocationProfile kProfile>
SendResult BasicSymbolEngine<kProfile>::SendMarket(Side side, Quantity quantity) {
  Order o;
  o.client_order_id = NextId();
  o.symbol = symbol_;
  o.type = OrderType::kMarket;
  o.side = side;
  o.quantity = quantity;
  o.data_ts_ns = now_ns_;
  const Level touch = side == Side::kBid ? book_.best_ask() : book_.best_bid();
  if (ValidSide(side) && quantity > 0 && touch.quantity <= 0) {
    return RejectLocally(o, RejectReason::kNoLiquidity);
  }
  return SendNew(o, touch.price);
}

template <AllocationProfile kProfile>
SendResult BasicSymbolEngine<kProfile>::Cancel(uint64_t target_id) {
  Order o;
  o.client_order_id = NextId();
  o.symbol = symbol_;
  o.type = OrderType::kCancel;
  o.cancel_target = target_id;
  o.data_ts_ns = now_ns_;
  RejectReason reason = RejectReason::kInvalidOrder;
  bool submitted = false;
  {
    ComponentScope scope(Component::kExchange);
    const OpenOrder* target = exchange_.Find(target_id);
    if (target == nullptr) {
      reason = RejectReason::kUnknownOrder;
    } else if (!target->cancel_requested) {
      submitted = exchange_.Submit(o);
    }
  }
  if (!submitted) return RejectLocally(o, reason);
  ++stats_.cancels_sent;
  Emit(o);
  return {o.client_order_id, true, RejectReason::kInvalidOrder};
}

template <AllocationProfile kProfile>
SendResult BasicSymbolEngine<kProfile>::SendNew(const Order& o, Price reference_price) {
  if (!ValidSide(o.side) || o.quantity <= 0) return RejectLocally(o, RejectReason::kInvalidOrder);
  if (!exchange_.has_capacity()) return RejectLocally(o, RejectReason::kMaxOpenOrders);
  {
    // One scope, switched: the sink below inherits the caller's component again.
    ComponentScope scope(Component::kRisk);
    if (auto reason = risk_.Check(o, position_.position(), exchange_.open_quantity(Side::kBid),
                                  exchange_.open_quantity(Side::kAsk), reference_price)) {
      return RejectLocally(o, *reason);
    }
    scope.Switch(Component::kExchange);
    exchange_.SubmitNew(o);  // side and capacity checked above
    scope.Switch(Component::kRisk);
    risk_.RecordAccepted(o.data_ts_ns);
  }
  ++stats_.orders_sent;
  Emit(o);
  return {o.client_order_id, true, RejectReason::kInvalidOrder};
}

template <AllocationProfile kProfile>
SendResult BasicSymbolEngine<kProfile>::RejectLocally(const Order& o, RejectReason reason) {
  digest_.Add(kTagLocalReject);
  digest_.Add(o.client_order_id);
  digest_.Add(static_cast<uint64_t>(o.type) | static_cast<uint64_t>(reason) << 8);
  digest_.Add(o.data_ts_ns);
  ++stats_.orders_rejected;
  ++stats_.rejects[static_cast<size_t>(reason)];
  return {o.client_order_id, false, reason};
}

template <AllocationProfile kProfile>
void BasicSymbolEngine<kProfile>::Emit(const Order& o) {
  digest_.Add(kTagOrder);
  digest_.Add(o.client_order_id);
  digest_.Add(static_cast<uint64_t>(o.symbol) | static_cast<uint64_t>(o.type) << 32 |
              static_cast<uint64_t>(o.side) << 40);
  digest_.Add(o.price);
  digest_.Add(o.quantity);
  digest_.Add(o.cancel_target);
  digest_.Add(o.data_ts_ns);
  sink_.OnOrder(o);
}

template class BasicSymbolEngine<AllocationProfile::kNaive>;
template class BasicSymbolEngine<AllocationProfile::kPooled>;

SymbolEngine::SymbolEngine(feed::SymbolId id, std::string symbol_name, const EngineConfig& config,
                           std::unique_ptr<Strategy> strategy, OrderSink& sink) {
  if (config.profile == AllocationProfile::kPooled) {
    engine_.emplace<PooledSymbolEngine>(id, std::move(symbol_name), config, std::move(strategy),
                                        sink);
  } else {
    engine_.emplace<NaiveSymbolEngine>(id, std::move(symbol_name), config, std::move(strategy),
                                       sink);
  }
}

}  // namespace hftbot::engine
