// producer_consumer — memory allocated on one thread and freed on another, the bot's
// naive-profile pattern (events made by a feed thread, freed by the engine):
//   cross_thread_free: 1 to 4 producer/consumer pairs; each producer allocates
//     100,000 64-byte orders and passes them through a Boost.Lockfree SPSC queue to
//     its consumer, which reads and deletes them. Threads yield when the queue is
//     full or empty (2 cores, up to 8 threads: spinning would livelock the timing).
//   larson: a Larson-style server load. Each of T threads owns 1,000 slots of random
//     size (16-256 B, fixed seed) and replaces a random slot 20,000 times; then it
//     exits and a fresh thread inherits its slots (4 generations), so most blocks are
//     freed by a thread other than the one that allocated them. T = 2 and 4.
// Wall time; threads are created inside the timed region.

#include <array>
#include <atomic>
#include <boost/lockfree/spsc_queue.hpp>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

struct Order {
  uint64_t id = 0;
  int64_t price = 0;
  int64_t quantity = 0;
  uint32_t symbol = 0;
  uint8_t side = 0;
  std::array<char, 35> client_id{};
};
static_assert(sizeof(Order) == 64);

constexpr uint64_t kOrdersPerPair = 100'000;

using OrderQueue = boost::lockfree::spsc_queue<Order*, boost::lockfree::capacity<1024>>;

void Produce(OrderQueue& queue) {
  for (uint64_t i = 0; i < kOrdersPerPair; ++i) {
    auto* order = new Order;
    order->id = i;
    order->price = static_cast<int64_t>(i) * 100;
    while (!queue.push(order)) std::this_thread::yield();
  }
}

uint64_t Consume(OrderQueue& queue) {
  uint64_t sum = 0;
  Order* order = nullptr;
  for (uint64_t received = 0; received < kOrdersPerPair;) {
    if (!queue.pop(order)) {
      std::this_thread::yield();
      continue;
    }
    sum += order->id;
    delete order;
    ++received;
  }
  return sum;
}

void BM_CrossThreadFree(benchmark::State& state) {
  const auto pairs = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<std::unique_ptr<OrderQueue>> queues;
    for (std::size_t p = 0; p < pairs; ++p) queues.push_back(std::make_unique<OrderQueue>());
    std::vector<uint64_t> sums(pairs);
    std::vector<std::thread> threads;
    for (std::size_t p = 0; p < pairs; ++p) {
      threads.emplace_back([&queues, &sums, p] { sums[p] = Consume(*queues[p]); });
      threads.emplace_back([&queues, p] { Produce(*queues[p]); });
    }
    for (auto& thread : threads) thread.join();
    benchmark::DoNotOptimize(sums.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(pairs * kOrdersPerPair));
  ReportPeakRss(state);
}

// Larson parameters, small enough for a 2-core machine.
constexpr std::size_t kSlots = 1'000;
constexpr int kStepsPerGeneration = 20'000;
constexpr int kGenerations = 4;

struct Slots {
  std::vector<char*> blocks = std::vector<char*>(kSlots, nullptr);
  uint64_t rng = 0;
};

uint64_t NextRandom(uint64_t& state) {  // xorshift64
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

char* NewBlock(uint64_t& rng) {
  const std::size_t size = 16 + NextRandom(rng) % 241;
  char* block = new char[size];
  block[0] = static_cast<char>(size);
  return block;
}

void LarsonGeneration(Slots& slots) {
  for (int step = 0; step < kStepsPerGeneration; ++step) {
    char*& block = slots.blocks[NextRandom(slots.rng) % kSlots];
    delete[] block;
    block = NewBlock(slots.rng);
  }
}

void BM_Larson(benchmark::State& state) {
  const auto threads = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::vector<Slots> all(threads);
    for (std::size_t t = 0; t < threads; ++t) {
      all[t].rng = 0x9E3779B97F4A7C15ULL * (t + 1);
      for (char*& block : all[t].blocks) block = NewBlock(all[t].rng);
    }
    for (int generation = 0; generation < kGenerations; ++generation) {
      std::vector<std::thread> workers;
      for (std::size_t t = 0; t < threads; ++t) {
        // Thread t of this generation inherits the slots of thread t+1 of the last
        // one, so blocks cross threads even at T = 1 (a new thread each generation).
        Slots& inherited = all[(t + static_cast<std::size_t>(generation)) % threads];
        workers.emplace_back([&inherited] { LarsonGeneration(inherited); });
      }
      for (auto& worker : workers) worker.join();
    }
    for (auto& slots : all) {
      for (char* block : slots.blocks) delete[] block;
    }
  }
  state.SetItemsProcessed(state.iterations() *
                          static_cast<int64_t>(threads * kStepsPerGeneration * kGenerations));
  ReportPeakRss(state);
}

}  // namespace

void RegisterProducerConsumer(const SeedOptions& options) {
  benchmark::RegisterBenchmark("producer_consumer/cross_thread_free", BM_CrossThreadFree)
      ->ArgName("pairs")
      ->DenseRange(1, 4)
      ->Iterations(IterationsFor(options, 3))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("producer_consumer/larson", BM_Larson)
      ->ArgName("threads")
      ->Arg(2)
      ->Arg(4)
      ->Iterations(IterationsFor(options, 3))
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

}  // namespace hftbot::seed
