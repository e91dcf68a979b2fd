// Strategy parameters: each strategy declares its parameters (name, default, range,
// meaning) once; the registry, the bot's config loader and the README read the
// same table, and ResolveParams validates a user's map against it.
//
// Start-up code only (may throw). Thread safety: pure functions over constant data.

#ifndef HFTBOT_STRATEGIES_PARAMS_H_
#define HFTBOT_STRATEGIES_PARAMS_H_

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hftbot::strategies {

struct ParamSpec {
  std::string_view name;
  double default_value;
  double min_value;  // inclusive
  double max_value;  // inclusive
  std::string_view description;
};

// The values in spec order: each spec's default unless `params` overrides it.
// Throws std::invalid_argument naming the strategy and the parameter when a key is
// unknown (listing the known ones) or a value is not finite or out of range.
std::vector<double> ResolveParams(std::string_view strategy, std::span<const ParamSpec> specs,
                                  const std::map<std::string, double>& params);

}  // namespace hftbot::strategies

#endif  // HFTBOT_STRATEGIES_PARAMS_H_
