#include "engine/order.h"

namespace hftbot::engine {

std::string_view OrderTypeName(OrderType type) {
  switch (type) {
    case OrderType::kLimit:
      return "limit";
    case OrderType::kMarket:
      return "market";
    case OrderType::kCancel:
      return "cancel";
  }
  return "unknown";
}

std::string_view RejectReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kMaxPosition:
      return "max_position";
    case RejectReason::kMaxOrderRate:
      return "max_order_rate";
    case RejectReason::kMaxNotional:
      return "max_notional";
    case RejectReason::kMaxOpenOrders:
      return "max_open_orders";
    case RejectReason::kInvalidOrder:
      return "invalid_order";
    case RejectReason::kNoLiquidity:
      return "no_liquidity";
    case RejectReason::kUnknownOrder:
      return "unknown_order";
  }
  return "unknown";
}

}  // namespace hftbot::engine
