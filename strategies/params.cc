#include "strategies/params.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace hftbot::strategies {

std::vector<double> ResolveParams(std::string_view strategy, std::span<const ParamSpec> specs,
                                  const std::map<std::string, double>& params) {
  for (const auto& [key, value] : params) {
    bool known = false;
    for (const ParamSpec& s : specs) known |= s.name == key;
    if (!known) {
      std::ostringstream msg;
      msg << "strategy '" << strategy << "': unknown parameter '" << key << "' (known:";
      for (const ParamSpec& s : specs) msg << ' ' << s.name;
      msg << ')';
      throw std::invalid_argument(msg.str());
    }
  }
  std::vector<double> values;
  values.reserve(specs.size());
  for (const ParamSpec& s : specs) {
    auto it = params.find(std::string(s.name));
    const double v = it == params.end() ? s.default_value : it->second;
    if (!std::isfinite(v) || v < s.min_value || v > s.max_value) {
      std::ostringstream msg;
      msg << "strategy '" << strategy << "': parameter '" << s.name << "' = " << v
          << " is out of range [" << s.min_value << ", " << s.max_value << "]";
      throw std::invalid_argument(msg.str());
    }
    values.push_back(v);
  }
  return values;
}

}  // namespace hftbot::strategies
