// Encoding cost per order: string concatenation (naive) vs a preallocated buffer
// (pooled).
//   bazel run //engine:wire_format_benchmark --//alloc=mimalloc

#include <benchmark/benchmark.h>

#include <string>

#include "engine/order.h"
#include "engine/wire_format.h"

namespace hftbot::engine {
namespace {

Order Sample(uint64_t i) {
  Order o;
  o.client_order_id = (uint64_t{1} << 40) | i;
  o.symbol = 1;
  o.type = OrderType::kLimit;
  o.side = i % 2 == 0 ? feed::Side::kBid : feed::Side::kAsk;
  o.price = 10'012'000'000 + static_cast<int64_t>(i % 100) * 1'000'000;
  o.quantity = 150'000'000;
  o.data_ts_ns = 1'700'000'000'000'000'000 + static_cast<int64_t>(i);
  return o;
}

void BM_EncodeToString(benchmark::State& state) {
  uint64_t i = 0;
  for (auto _ : state) {
    std::string msg = EncodeToString(Sample(++i), "BTC-USD");
    benchmark::DoNotOptimize(msg.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeToString);

void BM_EncodeInto(benchmark::State& state) {
  char buf[kMaxWireMessageSize];
  uint64_t i = 0;
  for (auto _ : state) {
    const size_t n = EncodeInto(Sample(++i), "BTC-USD", buf, sizeof(buf));
    benchmark::DoNotOptimize(n);
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EncodeInto);

}  // namespace
}  // namespace hftbot::engine

BENCHMARK_MAIN();
