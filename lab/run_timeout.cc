#include "lab/run_timeout.h"

#include <algorithm>

namespace hftbot::lab {

double RunTimeout::Later(double slowest_first_s, double expected_scale) const {
  if (fixed_s > 0) return fixed_s;
  if (slowest_first_s <= 0) return kFirstPhaseS;
  return std::max(kFloorS, kFactor * slowest_first_s * std::max(1.0, expected_scale));
}

}  // namespace hftbot::lab
