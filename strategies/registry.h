// The strategy registry: every strategy by name, its parameters with defaults, and
// construction from a name and a parameter map (the bot's config loader and README
// use the same tables).
//
// Start-up code (may throw std::invalid_argument). Thread safety: pure functions
// over constant tables; the created strategy belongs to one SymbolEngine.

#ifndef HFTBOT_STRATEGIES_REGISTRY_H_
#define HFTBOT_STRATEGIES_REGISTRY_H_

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/strategy.h"
#include "strategies/params.h"

namespace hftbot::strategies {

struct StrategyInfo {
  std::string_view name;
  std::string_view summary;  // one line
  std::span<const ParamSpec> params;
};

// Every registered strategy, in name order.
std::span<const StrategyInfo> Strategies();

// The names of Strategies(), in the same order.
std::vector<std::string> StrategyNames();

// The parameters of one strategy, with defaults and ranges.
// Throws std::invalid_argument naming the unknown strategy and listing the known ones.
std::span<const ParamSpec> StrategyParams(std::string_view name);

// Throws std::invalid_argument naming the unknown strategy (listing known ones) or
// the unknown / out-of-range parameter. Parameters not given take their defaults.
std::unique_ptr<engine::Strategy> CreateStrategy(std::string_view name,
                                                 const std::map<std::string, double>& params);

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_REGISTRY_H_
