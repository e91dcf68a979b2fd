// An EMA-crossover momentum taker: a fast and a slow exponential moving average of
// the mid (or of trade prices); when the fast one is above the slow one by more than
// threshold_bps the regime is long, below by more than that short, otherwise flat-
// neutral (hold). In a long regime it buys market orders of order_size, one at a
// time and at most one per cooldown_ms of data time, until the position reaches
// +max_position; symmetrically in a short regime. EMA maths is double; orders carry
// fixed-point quantities.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_STRATEGIES_EMA_MOMENTUM_H_
#define HFTBOT_STRATEGIES_EMA_MOMENTUM_H_

#include <cstdint>
#include <map>
#include <memory_resource>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/strategy.h"
#include "feed/event.h"
#include "strategies/params.h"

namespace hftbot::strategies {

struct EmaMomentumParams {
  double fast_period = 20;     // samples; alpha = 2 / (period + 1)
  double slow_period = 100;    // samples; must exceed fast_period; also the warm-up
  double threshold_bps = 1.0;  // |fast - slow| / slow needed to call a regime
  double order_size = 1.0;     // units per market order
  double max_position = 5.0;   // units, either direction
  double cooldown_ms = 50;     // data time between orders
  double use_trades = 0;       // 1: EMAs of trade prices; 0: of the mid

  // Throws std::invalid_argument (see ResolveParams; also fast_period >= slow_period).
  static EmaMomentumParams FromMap(const std::map<std::string, double>& params);
};

std::span<const ParamSpec> EmaMomentumParamSpecs();

class EmaMomentum final : public engine::Strategy {
 public:
  static constexpr std::string_view kName = "ema_momentum";

  explicit EmaMomentum(const EmaMomentumParams& params);

  std::string_view name() const override { return kName; }
  void OnStart(const engine::StrategyStart& start) override;
  void OnEvent(const feed::Event& event, const engine::BookView& book,
               engine::StrategyContext& ctx) override;

  // -1 short, 0 neutral, +1 long; for tests.
  int regime() const { return regime_; }

 private:
  EmaMomentumParams params_;
  double fast_alpha_;
  double slow_alpha_;
  feed::Quantity size_;
  feed::Quantity max_position_;
  int64_t cooldown_ns_;
  engine::AllocationProfile profile_ = engine::AllocationProfile::kNaive;
  double fast_ = 0;
  double slow_ = 0;
  uint64_t samples_ = 0;
  int regime_ = 0;
  int64_t last_order_ns_ = INT64_MIN;
  // kNaive: a first bot keeps every EMA value.
  std::pmr::vector<double> fast_history_;  // from StrategyStart::resource
  std::pmr::vector<double> slow_history_;
};

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_EMA_MOMENTUM_H_
