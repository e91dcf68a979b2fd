#include "strategies/registry.h"

#include <stdexcept>

#include "strategies/ema_momentum.h"
#include "strategies/market_maker.h"
#include "strategies/zscore_reversion.h"

namespace hftbot::strategies {

namespace {

const std::vector<StrategyInfo>& Table() {
  static const std::vector<StrategyInfo> table = {
      {EmaMomentum::kName, "EMA-crossover momentum taker: market orders toward a capped position",
       EmaMomentumParamSpecs()},
      {MarketMaker::kName, "inventory-skewed market maker: passive quotes around the mid",
       MarketMakerParamSpecs()},
      {ZScoreReversion::kName, "z-score mean reversion: fades moves beyond entry_z, exits near 0",
       ZScoreReversionParamSpecs()},
  };
  return table;
}

[[noreturn]] void ThrowUnknown(std::string_view name) {
  std::string msg = "unknown strategy '" + std::string(name) + "' (known:";
  for (const StrategyInfo& s : Table()) msg += " " + std::string(s.name);
  msg += ")";
  throw std::invalid_argument(msg);
}

}  // namespace

std::span<const StrategyInfo> Strategies() { return Table(); }

std::vector<std::string> StrategyNames() {
  std::vector<std::string> names;
  for (const StrategyInfo& s : Table()) names.emplace_back(s.name);
  return names;
}

std::span<const ParamSpec> StrategyParams(std::string_view name) {
  for (const StrategyInfo& s : Table()) {
    if (s.name == name) return s.params;
  }
  ThrowUnknown(name);
}

std::unique_ptr<engine::Strategy> CreateStrategy(std::string_view name,
                                                 const std::map<std::string, double>& params) {
  if (name == MarketMaker::kName) {
    return std::make_unique<MarketMaker>(MarketMakerParams::FromMap(params));
  }
  if (name == EmaMomentum::kName) {
    return std::make_unique<EmaMomentum>(EmaMomentumParams::FromMap(params));
  }
  if (name == ZScoreReversion::kName) {
    return std::make_unique<ZScoreReversion>(ZScoreReversionParams::FromMap(params));
  }
  ThrowUnknown(name);
}

}  // namespace hftbot::strategies
