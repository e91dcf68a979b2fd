// Test support for strategies: replays a stream through a SymbolEngine with a named
// strategy and watches the position it holds. Test-only.
//
// Not thread-safe: use from one test thread.

#ifndef HFTBOT_STRATEGIES_TESTING_H_
#define HFTBOT_STRATEGIES_TESTING_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "engine/symbol_engine.h"
#include "feed/event.h"

namespace hftbot::strategies::testing {

struct StrategyRun {
  engine::EngineStats stats;
  std::vector<engine::Order> orders;
  feed::Quantity max_abs_position = 0;  // seen at every callback
};

// Risk limits are wide open (rate 10k/s, position and notional unlimited) so the
// strategy's own limits are what the test observes.
StrategyRun RunStrategy(std::string_view name, const std::map<std::string, double>& params,
                        engine::AllocationProfile profile, const std::vector<feed::Event>& events);

// A random-walk stream with some trend so every strategy trades (seeded).
std::vector<feed::Event> TrendingStream(uint64_t seed, size_t events);

// EXPECTs identical orders and results.
void ExpectSameResults(const StrategyRun& a, const StrategyRun& b);

}  // namespace hftbot::strategies::testing

#endif  // HFTBOT_STRATEGIES_TESTING_H_
