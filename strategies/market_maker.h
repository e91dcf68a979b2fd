// An inventory-skewed market maker: quotes one bid and one ask around the mid,
// shifts both against its inventory (long -> lower quotes, so it sells more easily),
// stops quoting the side that would take inventory past max_inventory, and cancels a
// quote when the price it wants has moved more than requote_bps from it or when it is
// older than max_quote_age_ms (both in data time). A replacement is sent as soon as
// the cancel is on its way (cancel/replace). After a rejected quote (e.g. the order
// rate limit) it sends no new quote for reject_backoff_ms instead of retrying on
// every event.
//
// Not thread-safe: owned by one SymbolEngine.

#ifndef HFTBOT_STRATEGIES_MARKET_MAKER_H_
#define HFTBOT_STRATEGIES_MARKET_MAKER_H_

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

struct MarketMakerParams {
  double order_size = 1.0;         // units per quote
  double half_spread_bps = 1.0;    // distance of each quote from the (skewed) mid
  double skew_bps_per_unit = 1.0;  // quote shift per unit of inventory
  double max_inventory = 10.0;     // units; that side is not quoted past it (0: no limit)
  double requote_bps = 3.0;        // move of the wanted price that triggers a requote
  double max_quote_age_ms = 500;   // data-time age that makes a quote stale; 0 = never
  double tick = 0.01;              // price grid: bids round down, asks up
  double reject_backoff_ms = 10;   // after a rejected quote, send none for this long

  // Throws std::invalid_argument (see ResolveParams).
  static MarketMakerParams FromMap(const std::map<std::string, double>& params);
};

std::span<const ParamSpec> MarketMakerParamSpecs();

class MarketMaker final : public engine::Strategy {
 public:
  static constexpr std::string_view kName = "market_maker";

  explicit MarketMaker(const MarketMakerParams& params);

  std::string_view name() const override { return kName; }
  void OnStart(const engine::StrategyStart& start) override;
  void OnEvent(const feed::Event& event, const engine::BookView& book,
               engine::StrategyContext& ctx) override;

 private:
  MarketMakerParams params_;
  feed::Quantity size_;
  feed::Quantity max_inventory_;
  feed::Price tick_;
  int64_t max_age_ns_;
  int64_t backoff_ns_;
  int64_t quiet_until_ns_ = 0;  // no new quotes before this (after a reject)
  engine::AllocationProfile profile_ = engine::AllocationProfile::kNaive;
  // kNaive: a first bot copies its open orders each event and logs every quote
  // (from the strategy resource, StrategyStart::resource).
  std::pmr::vector<engine::OpenOrder> snapshot_;
  std::pmr::vector<feed::Price> quote_log_;
};

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_MARKET_MAKER_H_
