// The counted suite: trading_engine_sim with //alloc:allocation_counter linked, for
// its allocation, deallocation and byte counts, and the counter-overhead probe.

#include "bench/seed/seed_common.h"

namespace hftbot::seed {

void RegisterSuite(const SeedOptions& options) {
  RegisterTradingEngineSim(options);
  RegisterCounterOverhead(options);
}

}  // namespace hftbot::seed
