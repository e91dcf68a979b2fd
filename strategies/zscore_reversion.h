// A z-score mean-reversion taker: keeps a rolling window of the mid (one sample per
// two-sided book event), and when the mid is more than entry_z standard deviations
// above the window mean it sells (below: buys) order_size with a market order, up
// to max_position; when |z| falls below exit_z it closes the position. One order in
// flight at a time, at most one per cooldown_ms of data time. The window sums are
// exact integers, so the signal is identical in both allocation profiles.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_STRATEGIES_ZSCORE_REVERSION_H_
#define HFTBOT_STRATEGIES_ZSCORE_REVERSION_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/strategy.h"
#include "feed/event.h"
#include "strategies/params.h"
#include "strategies/rolling_window.h"

namespace hftbot::strategies {

struct ZScoreReversionParams {
  double window = 200;        // samples of the mid
  double entry_z = 2.0;       // enter beyond +-entry_z
  double exit_z = 0.5;        // close inside +-exit_z; must be below entry_z
  double order_size = 1.0;    // units per order
  double max_position = 5.0;  // units, either direction
  double cooldown_ms = 50;    // data time between orders

  // Throws std::invalid_argument (see ResolveParams; also exit_z >= entry_z).
  static ZScoreReversionParams FromMap(const std::map<std::string, double>& params);
};

std::span<const ParamSpec> ZScoreReversionParamSpecs();

class ZScoreReversion final : public engine::Strategy {
 public:
  static constexpr std::string_view kName = "zscore_reversion";

  explicit ZScoreReversion(const ZScoreReversionParams& params);

  std::string_view name() const override { return kName; }
  void OnStart(const engine::StrategyStart& start) override;
  void OnEvent(const feed::Event& event, const engine::BookView& book,
               engine::StrategyContext& ctx) override;

  // The last z-score computed (0 until the window is full); for tests.
  double z() const { return z_; }

 private:
  ZScoreReversionParams params_;
  feed::Quantity size_;
  feed::Quantity max_position_;
  int64_t cooldown_ns_;
  RollingWindow window_;
  double z_ = 0;
  int64_t last_order_ns_ = INT64_MIN;
};

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_ZSCORE_REVERSION_H_
