#include "bench/seed/alloc_counts.h"

namespace hftbot::seed {

std::optional<CountTotals> CountedTotals() { return std::nullopt; }

}  // namespace hftbot::seed
