// The timed suite: all seven workloads, the counter-overhead probe (here it measures
// bare operator new/delete; the counted binary measures it with counting) and the
// machine control (control.cc).

#include "bench/seed/seed_common.h"

namespace hftbot::seed {

void RegisterSuite(const SeedOptions& options) {
  RegisterOrderBookOps(options);
  RegisterMarketDataProcessor(options);
  RegisterTradingEngineSim(options);
  RegisterAllocationPatterns(options);
  RegisterProducerConsumer(options);
  RegisterObjectPool(options);
  RegisterMemoryMonitor(options);
  RegisterCounterOverhead(options);
  RegisterControl(options);
}

}  // namespace hftbot::seed
