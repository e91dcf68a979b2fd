// The order vocabulary shared by the engine, its strategies and the bot's gateway:
// the Order POD the engine emits, the OrderSink it emits into, the exchange's
// execution reports, the strategy-visible state of an open order and the stable
// reject reasons.
//
// Thread safety: plain values. An OrderSink is called only from the engine thread
// that owns the SymbolEngine; the implementation decides how to hand orders across.

#ifndef HFTBOT_ENGINE_ORDER_H_
#define HFTBOT_ENGINE_ORDER_H_

#include <cstdint>
#include <string_view>
#include <type_traits>

#include "feed/event.h"

namespace hftbot::engine {

enum class OrderType : uint8_t { kLimit = 0, kMarket = 1, kCancel = 2 };

std::string_view OrderTypeName(OrderType type);  // "limit", "market", "cancel"

// What the engine sends to the (simulated) exchange. A plain value, copied to the
// gateway thread by the bot.
struct Order {
  uint64_t client_order_id = 0;  // unique per run: (symbol << 40) | per-symbol sequence
  feed::SymbolId symbol = 0;
  OrderType type = OrderType::kLimit;
  feed::Side side = feed::Side::kNone;  // kNone for cancels
  feed::Price price = 0;                // limit price; 0 for market orders and cancels
  feed::Quantity quantity = 0;          // 0 for cancels
  uint64_t cancel_target = 0;           // kCancel: client_order_id of the order to cancel
  int64_t data_ts_ns = 0;               // data time at which the strategy sent it
};
static_assert(std::is_trivially_copyable_v<Order>, "Orders are copied between threads");

// Receives every order the engine emits after risk checks pass.
class OrderSink {
 public:
  virtual ~OrderSink() = default;
  virtual void OnOrder(const Order& order) = 0;
};

// Stable reasons; RejectReasonName() gives the report key.
enum class RejectReason : uint8_t {
  kMaxPosition = 0,  // risk: position + same-side open quantity would exceed the limit
  kMaxOrderRate,     // risk: more new orders in one second of data time than allowed
  kMaxNotional,      // risk: price x quantity above the per-order limit
  kMaxOpenOrders,    // risk: too many non-terminal orders (the pools' capacity)
  kInvalidOrder,     // risk: non-positive quantity or price, bad side, duplicate cancel
  kNoLiquidity,      // risk or exchange: market order with an empty opposite side
  kUnknownOrder,     // risk or exchange: cancel of an order that is not open (too late)
};
inline constexpr int kRejectReasonCount = 7;

// "max_position", "max_order_rate", "max_notional", "max_open_orders",
// "invalid_order", "no_liquidity", "unknown_order".
std::string_view RejectReasonName(RejectReason reason);

enum class ReportKind : uint8_t { kAck = 0, kFill = 1, kCancelled = 2, kReject = 3 };

// One execution report from the simulated exchange, delivered to the strategy.
//   kAck:       the order reached the book; price/quantity are the order's.
//   kFill:      price/quantity of this fill, remaining after it; maker says whether
//               the order was resting (passive) or took liquidity.
//   kCancelled: quantity cancelled; by_request is false when the exchange cancelled
//               the unfilled remainder of a market or marketable limit order.
//   kReject:    reason; for cancels, client_order_id is the cancel's own id.
struct ExecutionReport {
  ReportKind kind = ReportKind::kAck;
  RejectReason reason = RejectReason::kInvalidOrder;
  feed::Side side = feed::Side::kNone;
  bool maker = false;
  bool by_request = false;
  uint64_t client_order_id = 0;
  feed::Price price = 0;
  feed::Quantity quantity = 0;
  feed::Quantity remaining = 0;
  int64_t ts_ns = 0;  // data time at which it happened on the exchange
};
static_assert(std::is_trivially_copyable_v<ExecutionReport>);

// A non-terminal order as the strategy and the exchange see it: sent (in flight,
// not yet at the book) or resting. Acks and fills reach the strategy at the data
// time they happen (latency is modelled on the way in only), so one record serves
// both sides.
struct OpenOrder {
  uint64_t client_order_id = 0;
  OrderType type = OrderType::kLimit;
  feed::Side side = feed::Side::kNone;
  bool resting = false;           // false while in flight
  bool cancel_requested = false;  // a cancel is in flight
  bool done = false;              // terminal; removed at the end of the exchange step
  feed::Price price = 0;
  feed::Quantity quantity = 0;
  feed::Quantity remaining = 0;
  feed::Quantity queue_ahead = 0;  // displayed size ahead of it at its price
  int64_t sent_ts_ns = 0;
  int64_t arrival_ts_ns = 0;  // sent_ts_ns + order latency
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_ORDER_H_
