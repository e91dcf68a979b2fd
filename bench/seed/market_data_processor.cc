// market_data_processor — the lesson's multithreaded experiment: each thread owns a
// buffer of ticks (capacity 10,000; at capacity the older half is dropped) and
// processes 100,000 ticks whose symbol names ("SYM0".."SYM99") are allocated on the
// heap per tick, as the lesson's `format!` does; 1, 2, 4 and 8 threads. Threads are
// spawned inside the timed region, as in the lesson; wall time, ticks/s.

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

constexpr std::size_t kCapacity = 10'000;
constexpr uint64_t kTicksPerThread = 100'000;
constexpr int kSymbols = 100;

struct PriceTick {
  HeapString symbol;
  double bid = 0;
  double ask = 0;
  uint64_t timestamp = 0;
};

// Not thread-safe: one per thread.
class MarketDataProcessor {
 public:
  explicit MarketDataProcessor(std::size_t capacity) : capacity_(capacity) {
    buffer_.reserve(capacity);
  }

  void ProcessTick(PriceTick tick) {
    if (buffer_.size() >= capacity_) {
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(capacity_ / 2));
    }
    buffer_.push_back(std::move(tick));
  }

  std::optional<std::pair<double, double>> LatestPrice(std::string_view symbol) const {
    for (auto it = buffer_.rbegin(); it != buffer_.rend(); ++it) {
      if (it->symbol.view() == symbol) return std::make_pair(it->bid, it->ask);
    }
    return std::nullopt;
  }

  std::size_t size() const { return buffer_.size(); }

 private:
  std::size_t capacity_;
  std::vector<PriceTick> buffer_;
};

std::size_t ProcessTicks(uint64_t ticks) {
  MarketDataProcessor processor(kCapacity);
  char name[16];
  for (uint64_t i = 0; i < ticks; ++i) {
    const int length = std::snprintf(name, sizeof(name), "SYM%d", static_cast<int>(i % kSymbols));
    const double step = static_cast<double>(i) * 0.001;
    processor.ProcessTick({HeapString(std::string_view(name, static_cast<std::size_t>(length))),
                           100.0 + step, 100.01 + step, i});
  }
  benchmark::DoNotOptimize(processor.LatestPrice("SYM7"));
  return processor.size();
}

void BM_MarketDataProcessor(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    std::vector<std::thread> workers;
    std::vector<std::size_t> kept(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back(
          [&kept, t] { kept[static_cast<std::size_t>(t)] = ProcessTicks(kTicksPerThread); });
    }
    for (auto& worker : workers) worker.join();
    benchmark::DoNotOptimize(kept.data());
  }
  const auto ticks =
      static_cast<double>(state.iterations()) * threads * static_cast<double>(kTicksPerThread);
  state.counters["ticks_per_s"] = benchmark::Counter(ticks, benchmark::Counter::kIsRate);
  ReportPeakRss(state);
}

}  // namespace

void RegisterMarketDataProcessor(const SeedOptions& options) {
  benchmark::RegisterBenchmark("market_data_processor", BM_MarketDataProcessor)
      ->ArgName("threads")
      ->Arg(1)
      ->Arg(2)
      ->Arg(4)
      ->Arg(8)
      ->Iterations(IterationsFor(options, 3))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
