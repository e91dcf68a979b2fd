// SymbolEngine: everything that happens to one symbol's events on an engine thread.
// Per event: the simulated exchange lets due orders arrive (against the book as it
// stood), the book applies the event (order-level events through an L3Book that
// keeps the L2 book's levels), the exchange reacts to it (fills), execution
// reports update position, PnL, stats and the digest and reach the strategy, then
// the strategy sees the event; orders it sends are risk-checked and the accepted
// ones go to the OrderSink and the simulated exchange.
//
// Every allocation is attributed to the component doing the work (alloc/component.h):
// the book update runs under kBook, the simulated exchange (arrivals, fills, acks,
// order state, report queueing) under kExchange, strategy callbacks under kStrategy,
// risk checks, positions and PnL under kRisk. The OrderSink call inherits the
// strategy's tag: the sink's owner sets its own (kGateway, kQueue).
//
// Results (orders, fills, PnL, digest) are a pure function of the event stream and
// the EngineConfig: no clock is read, and both allocation profiles give identical
// results.
//
// Not thread-safe: owned by one engine thread. Different SymbolEngines share nothing.

#ifndef HFTBOT_ENGINE_SYMBOL_ENGINE_H_
#define HFTBOT_ENGINE_SYMBOL_ENGINE_H_

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <memory_resource>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/digest.h"
#include "engine/exchange_sim.h"
#include "engine/l3_book.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/position.h"
#include "engine/resource_callback.h"
#include "engine/risk.h"
#include "engine/strategy.h"
#include "feed/event.h"

namespace hftbot::engine {

// Modelled order-entry latency in data time, 20 us: the one default the bot's
// configuration and the README use too.
inline constexpr int64_t kDefaultOrderLatencyNs = 20'000;

// The memory each engine component's containers allocate from, e.g. a pool or an
// allocator's arena per component (alloc/resource_registry.h). Each must outlive the
// engine. Where memory comes from changes speed and footprint, never results.
//   book      L2 levels (naive: a map node per level; pooled: one array) and the L3
//             order store
//   exchange  simulated orders (naive: shared_ptr + string id + in-flight deque;
//             pooled: pool and ring), execution reports, the naive report callbacks
//   strategy  StrategyStart::resource: the strategy's windows and histories
//   risk      the order-rate window, the naive mid and fill histories
// Pooled storage is taken once, at construction (the L3 store at the first
// order-level event); naive storage allocates from these per event.
struct EngineResources {
  std::pmr::memory_resource* book = std::pmr::get_default_resource();
  std::pmr::memory_resource* exchange = std::pmr::get_default_resource();
  std::pmr::memory_resource* strategy = std::pmr::get_default_resource();
  std::pmr::memory_resource* risk = std::pmr::get_default_resource();
};

struct EngineConfig {
  AllocationProfile profile = AllocationProfile::kNaive;
  // Modelled order-entry latency in data time. Default kDefaultOrderLatencyNs.
  int64_t order_latency_ns = kDefaultOrderLatencyNs;
  RiskLimits risk;
  // Non-terminal orders per symbol (pool size in kPooled). Default 256.
  size_t max_open_orders = 256;
  // Book levels kept per side. Default 1024.
  size_t max_book_levels = 1024;
  // Fees in parts per million of notional (negative = rebate). Default 0.
  int64_t maker_fee_ppm = 0;
  int64_t taker_fee_ppm = 0;
  // REQUIRES: none null.
  EngineResources resources;
};

struct EngineStats {
  // Every event passed to OnEvent = applied + ignored + invalid. (Counted by
  // book_results per event; these four are its sums.)
  uint64_t events_processed = 0;
  uint64_t events_applied = 0;       // accepted by the book (strategy saw them)
  uint64_t events_ignored = 0;       // kinds the book does not use
  uint64_t events_invalid = 0;       // rejected by the book; see book_results
  uint64_t events_out_of_order = 0;  // earlier than a previous event; processed at the later time
  std::array<uint64_t, kApplyResultCount> book_results{};  // by ApplyResult

  uint64_t orders_sent = 0;   // new limit and market orders emitted to the sink
  uint64_t cancels_sent = 0;  // cancels emitted to the sink
  uint64_t orders_acked = 0;
  uint64_t orders_filled = 0;     // orders completely filled
  uint64_t orders_cancelled = 0;  // by request or IOC remainder
  uint64_t orders_rejected = 0;   // risk and exchange rejects (cancels included)
  std::array<uint64_t, kRejectReasonCount> rejects{};  // by RejectReason
  uint64_t fills = 0;
  feed::Quantity traded_volume = 0;
  feed::Price traded_notional = 0;

  feed::Quantity position = 0;
  feed::Price average_price = 0;
  feed::Price mark_price = 0;  // last mid
  feed::Price realized_pnl = 0;
  feed::Price unrealized_pnl = 0;
  feed::Price fees = 0;
  uint64_t digest = Digest::Empty();

  feed::Price total_pnl() const { return realized_pnl + unrealized_pnl; }
  // Every reason's stable key, zeros included.
  std::map<std::string, uint64_t> RejectsByReason() const;
};

// The engine for one allocation profile, chosen at compile time so that no per-event
// code asks which profile it runs: kPooled holds a preallocated book, exchange and
// order store by value; kNaive keeps the first bot's allocations (node containers,
// shared orders, callbacks, histories) and nothing else.
//
// Implements StrategyContext privately: only its own strategy can send orders.
template <AllocationProfile kProfile>
class BasicSymbolEngine final : private StrategyContext {
 public:
  using Book = ProfileOrderBook<kProfile>;
  using OrderLevelBook = BasicL3Book<Book, ProfileOrderStore<kProfile>>;

  // REQUIRES: strategy non-null. Calls strategy->OnStart. Client order ids are
  // (id << 40) | sequence, so they are unique across symbols and independent of
  // which thread runs which symbol. The sink must outlive the engine.
  // config.profile is ignored: kProfile decides.
  BasicSymbolEngine(feed::SymbolId id, std::string symbol_name, const EngineConfig& config,
                    std::unique_ptr<Strategy> strategy, OrderSink& sink);
  ~BasicSymbolEngine() override;
  BasicSymbolEngine(const BasicSymbolEngine&) = delete;
  BasicSymbolEngine& operator=(const BasicSymbolEngine&) = delete;

  // REQUIRES: events of this symbol, in data-time order (an earlier timestamp is
  // counted in events_out_of_order and processed at the latest time seen).
  void OnEvent(const feed::Event& event);
  // End of stream: final mark-to-market. Orders still in flight never arrive.
  void Finish();

  // Counters as of now; PnL and the digest are computed here, not per event.
  EngineStats stats() const;
  const BookView& book() const { return book_; }
  // The order-level book, created by the first L3 event (kOrderAdd, kOrderCancel,
  // kOrderExecute); from then on it owns every level change. Null before.
  const OrderLevelBook* l3_book() const { return l3_ ? &*l3_ : nullptr; }
  feed::SymbolId symbol() const { return symbol_; }
  const std::string& symbol_name() const { return symbol_name_; }
  const Strategy& strategy() const { return *strategy_; }

 private:
  static constexpr bool kPooled = kProfile == AllocationProfile::kPooled;

  // StrategyContext.
  SendResult SendLimit(feed::Side side, feed::Price price, feed::Quantity quantity) override;
  SendResult SendMarket(feed::Side side, feed::Quantity quantity) override;
  SendResult Cancel(uint64_t client_order_id) override;

  // The first order-level event creates the L3 book, which applies it and every
  // event after it.
  ApplyResult ApplyOrderLevel(const feed::Event& event);
  SendResult SendNew(const Order& order, feed::Price reference_price);
  SendResult RejectLocally(const Order& order, RejectReason reason);
  void Emit(const Order& order);
  void DrainReports();
  // Accounts for a report (stats, position, PnL, digest), then delivers it to the
  // strategy.
  void Process(const ExecutionReport& report);
  uint64_t NextId() { return (static_cast<uint64_t>(symbol_) << 40) | ++sequence_; }

  const feed::SymbolId symbol_;
  const std::string symbol_name_;
  const EngineConfig config_;
  std::unique_ptr<Strategy> strategy_;
  OrderSink& sink_;
  Book book_;
  std::optional<OrderLevelBook> l3_;
  SimulatedExchange<kProfile> exchange_;
  RiskChecker risk_;
  PositionTracker position_;
  Digest digest_;
  EngineStats stats_;  // counters; stats() adds PnL and the digest
  uint64_t sequence_ = 0;
  ReportList reports_;  // reserved in kPooled

  // kNaive only, as a first bot writes it: reports become heap-allocated callbacks,
  // and every mid and fill is kept.
  std::pmr::vector<ResourceCallback> callbacks_;
  std::pmr::vector<feed::Price> mid_history_;
  std::pmr::vector<ExecutionReport> fill_history_;
};

extern template class BasicSymbolEngine<AllocationProfile::kNaive>;
extern template class BasicSymbolEngine<AllocationProfile::kPooled>;

using NaiveSymbolEngine = BasicSymbolEngine<AllocationProfile::kNaive>;
using PooledSymbolEngine = BasicSymbolEngine<AllocationProfile::kPooled>;

// The engine of the profile named by config.profile, for callers that choose it at
// run time (tests, tools). A caller that knows the profile at compile time, like the
// replay pipeline, holds BasicSymbolEngine<kProfile> directly and saves the dispatch.
class SymbolEngine {
  // The engines can neither move nor copy, so the variant starts empty and the
  // constructor emplaces one; it is never empty after that. (Defined before the
  // members that use its deduced return type.)
  template <class F>
  decltype(auto) Visit(F&& f) {
    if (auto* pooled = std::get_if<PooledSymbolEngine>(&engine_)) return f(*pooled);
    return f(std::get<NaiveSymbolEngine>(engine_));
  }
  template <class F>
  decltype(auto) Visit(F&& f) const {
    if (const auto* pooled = std::get_if<PooledSymbolEngine>(&engine_)) return f(*pooled);
    return f(std::get<NaiveSymbolEngine>(engine_));
  }

 public:
  SymbolEngine(feed::SymbolId id, std::string symbol_name, const EngineConfig& config,
               std::unique_ptr<Strategy> strategy, OrderSink& sink);

  void OnEvent(const feed::Event& event) {
    Visit([&](auto& engine) { engine.OnEvent(event); });
  }
  void Finish() {
    Visit([](auto& engine) { engine.Finish(); });
  }
  EngineStats stats() const {
    return Visit([](const auto& engine) { return engine.stats(); });
  }
  const BookView& book() const {
    return Visit([](const auto& engine) -> const BookView& { return engine.book(); });
  }
  feed::SymbolId symbol() const {
    return Visit([](const auto& engine) { return engine.symbol(); });
  }
  const std::string& symbol_name() const {
    return Visit([](const auto& engine) -> const std::string& { return engine.symbol_name(); });
  }
  const Strategy& strategy() const {
    return Visit([](const auto& engine) -> const Strategy& { return engine.strategy(); });
  }

 private:
  std::variant<std::monostate, NaiveSymbolEngine, PooledSymbolEngine> engine_;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_SYMBOL_ENGINE_H_
