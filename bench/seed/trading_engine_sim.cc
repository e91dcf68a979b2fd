// trading_engine_sim — the lesson's allocation-counting experiment: a trading engine
// with a positions map and a per-symbol price cache (both keyed by heap-allocated
// symbol strings, the key cloned on every lookup as the lesson's `entry(symbol.clone())`
// does), an order history, and price caches trimmed by 500 entries when above 1,000;
// 10k, 50k and 100k orders over five symbols.
//
// Allocations, deallocations and bytes requested per simulation are reported when
// //alloc:allocation_counter is linked (//bench/seed:seed_bench_counted), counted
// like the lesson up to the end of processing (the engine's teardown is not counted).
// The timed suite (//bench/seed:seed_bench) runs the same code without the counter.

#include <array>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bench/seed/alloc_counts.h"
#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

enum class Side : uint8_t { kBuy, kSell };

struct TradeOrder {
  uint64_t id = 0;
  HeapString symbol;
  Side side = Side::kBuy;
  double price = 0;
  double quantity = 0;
};

// Not thread-safe.
class TradingEngine {
 public:
  void ProcessOrder(TradeOrder order) {
    double& position = positions_.try_emplace(HeapString(order.symbol), 0.0).first->second;
    position += order.side == Side::kBuy ? order.quantity : -order.quantity;
    price_cache_.try_emplace(HeapString(order.symbol)).first->second.push_back(order.price);
    order_history_.push_back(std::move(order));
    for (auto& [symbol, prices] : price_cache_) {
      if (prices.size() > 1000) prices.erase(prices.begin(), prices.begin() + 500);
    }
  }

  double Position(std::string_view symbol) const {
    auto it = positions_.find(HeapString(symbol));
    return it == positions_.end() ? 0.0 : it->second;
  }

 private:
  std::unordered_map<HeapString, double, HeapStringHash> positions_;
  std::vector<TradeOrder> order_history_;
  std::unordered_map<HeapString, std::vector<double>, HeapStringHash> price_cache_;
};

constexpr std::array<std::string_view, 5> kSymbols = {"BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT",
                                                      "ADAUSDT"};

void BM_TradingEngineSim(benchmark::State& state) {
  const auto orders = static_cast<uint64_t>(state.range(0));
  CountTotals counted;
  bool counting = false;
  for (auto _ : state) {
    TradingEngine engine;
    const auto before = CountedTotals();
    for (uint64_t i = 0; i < orders; ++i) {
      const double x = static_cast<double>(i);
      double quantity = 0.01 + x * 0.001;
      quantity -= static_cast<double>(static_cast<uint64_t>(quantity));  // % 1.0 as the lesson
      engine.ProcessOrder({i, HeapString(kSymbols[i % kSymbols.size()]),
                           i % 2 == 0 ? Side::kBuy : Side::kSell, 50000.0 + x * 0.1, quantity});
    }
    const auto after = CountedTotals();
    if (before && after) {
      counting = true;
      counted.allocations += after->allocations - before->allocations;
      counted.deallocations += after->deallocations - before->deallocations;
      counted.bytes_allocated += after->bytes_allocated - before->bytes_allocated;
    }
    benchmark::DoNotOptimize(engine.Position("BTCUSDT"));
  }
  const auto per_run = [&](uint64_t total) {
    return counting ? static_cast<double>(total) / static_cast<double>(state.iterations())
                    : kNotReported;
  };
  state.counters["allocations"] = per_run(counted.allocations);
  state.counters["deallocations"] = per_run(counted.deallocations);
  state.counters["bytes_allocated"] = per_run(counted.bytes_allocated);
  state.counters["orders_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * state.range(0)), benchmark::Counter::kIsRate);
  ReportPeakRss(state);
}

}  // namespace

void RegisterTradingEngineSim(const SeedOptions& options) {
  benchmark::RegisterBenchmark("trading_engine_sim", BM_TradingEngineSim)
      ->ArgName("orders")
      ->Arg(10'000)
      ->Arg(50'000)
      ->Arg(100'000)
      ->Iterations(IterationsFor(options, 3))
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
