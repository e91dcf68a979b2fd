// order_book_ops — the lesson's first experiment: an order book as two hash maps
// (bids, asks) keyed by order id. Per iteration: add a bid, add an ask, remove the
// bid added 100 iterations earlier; 100,000 iterations; every order carries a
// heap-allocated symbol ("BTCUSDT"), as the lesson's `symbol: String` does.
//
// One benchmark iteration is one whole run of the lesson's function. Unlike the
// lesson, the timed region includes tearing the book down (about 100k asks stay
// resting): freeing is half of what an allocator does.

#include <cstdint>
#include <unordered_map>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

struct Order {
  uint64_t id = 0;
  double price = 0;
  double quantity = 0;
  HeapString symbol;
};

// Not thread-safe.
class OrderBook {
 public:
  void AddBid(Order order) { bids_.insert_or_assign(order.id, std::move(order)); }
  void AddAsk(Order order) { asks_.insert_or_assign(order.id, std::move(order)); }
  bool RemoveOrder(uint64_t id) { return bids_.erase(id) > 0 || asks_.erase(id) > 0; }
  std::size_t size() const { return bids_.size() + asks_.size(); }

 private:
  std::unordered_map<uint64_t, Order> bids_;
  std::unordered_map<uint64_t, Order> asks_;
};

std::size_t RunOrderBook(uint64_t iterations) {
  OrderBook book;
  std::size_t removed = 0;
  for (uint64_t i = 0; i < iterations; ++i) {
    const double step = static_cast<double>(i) * 0.01;
    book.AddBid({i, 50000.0 + step, 0.1, HeapString("BTCUSDT")});
    book.AddAsk({i + iterations, 50001.0 + step, 0.1, HeapString("BTCUSDT")});
    if (i > 100) removed += book.RemoveOrder(i - 100) ? 1 : 0;
  }
  return book.size() + removed;
}

void BM_OrderBookOps(benchmark::State& state) {
  const auto iterations = static_cast<uint64_t>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(RunOrderBook(iterations));
  state.SetItemsProcessed(state.iterations() * state.range(0));
  ReportPeakRss(state);
}

}  // namespace

void RegisterOrderBookOps(const SeedOptions& options) {
  benchmark::RegisterBenchmark("order_book_ops", BM_OrderBookOps)
      ->ArgName("steps")
      ->Arg(100'000)
      ->Iterations(IterationsFor(options, 5))
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
