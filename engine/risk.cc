#include "engine/risk.h"

namespace hftbot::engine {

// Notional is price x quantity / scale truncated toward zero, and max_notional > 0,
// so notional > max_notional exactly when price x quantity >= (max_notional + 1) x scale.
RiskChecker::RiskChecker(const RiskLimits& limits, std::pmr::memory_resource* resource)
    : limits_(limits),
      notional_reject_from_((static_cast<Int128>(limits.max_notional) + 1) *
                            feed::kFixedPointScale),
      window_(limits.max_orders_per_second, 0, resource) {}

}  // namespace hftbot::engine
