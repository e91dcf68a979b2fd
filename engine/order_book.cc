#include "engine/order_book.h"

namespace hftbot::engine {

std::string_view ApplyResultName(ApplyResult result) {
  switch (result) {
    case ApplyResult::kApplied:
      return "applied";
    case ApplyResult::kIgnored:
      return "ignored";
    case ApplyResult::kBadPrice:
      return "bad_price";
    case ApplyResult::kBadQuantity:
      return "bad_quantity";
    case ApplyResult::kBadSide:
      return "bad_side";
    case ApplyResult::kCrossedQuote:
      return "crossed_quote";
  }
  return "unknown";
}

std::unique_ptr<OrderBook> MakeOrderBook(const BookOptions& options) {
  if (options.profile == AllocationProfile::kPooled) {
    return std::make_unique<PooledOrderBook>(options.max_levels_per_side);
  }
  return std::make_unique<NaiveOrderBook>(options.max_levels_per_side);
}

}  // namespace hftbot::engine
