// object_pool — the lesson's homework 2: a preallocated pool of Order objects against
// plain new/delete through each allocator, swept over
//   batch:    orders acquired together before any is released (1, 16, 256), and
//   lifetime: orders that stay live behind the newest, released first-in-first-out
//             (0 = released at once, 256, 16,384 = 1 MiB of live orders).
// One benchmark iteration is 65,536 acquire/release pairs.
//   object_pool/new_delete/...: per-order cost through the allocator;
//   object_pool/pool/...:       per-order cost through the pool, plus `setup_ns`, the
//                               cost of preallocating a pool of batch + lifetime orders
//                               and threading its free list, measured apart each iteration
//                               (less the cost of reading the clock, `clock_pair_ns`).
// Both report manual time = the benchmark thread's CPU time of the orders alone
// (CLOCK_THREAD_CPUTIME_ID), so the two sides and the setup are the same kind of time
// and a busy shared machine does not inflate one of them.
// The runner turns these into the break-even point: the number of orders after which
// the pool (setup included) is cheaper than the allocator, setup / (t_alloc - t_pool).

#include <time.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include "bench/seed/seed_common.h"

namespace hftbot::seed {
namespace {

struct Order {
  uint64_t id = 0;
  int64_t price = 0;
  int64_t quantity = 0;
  uint64_t timestamp_ns = 0;
  uint32_t symbol = 0;
  uint8_t side = 0;
  char client_id[27] = {};
};
static_assert(sizeof(Order) == 64);

// A fixed-capacity pool: one array of slots allocated up front, an intrusive free
// list through the unused ones. Acquire/Release never allocate. Not thread-safe.
class OrderPool {
 public:
  explicit OrderPool(std::size_t capacity) : slots_(new Slot[capacity]) {
    for (std::size_t i = 0; i < capacity; ++i)
      slots_[i].next = i + 1 < capacity ? &slots_[i + 1] : nullptr;
    free_ = capacity > 0 ? &slots_[0] : nullptr;
  }

  // Returns nullptr when the pool is exhausted.
  [[nodiscard]] Order* Acquire() {
    if (free_ == nullptr) return nullptr;
    Slot* slot = free_;
    free_ = slot->next;
    return new (slot->storage) Order;
  }

  // REQUIRES: `order` came from this pool's Acquire and is not released yet.
  void Release(Order* order) {
    order->~Order();
    auto* slot = reinterpret_cast<Slot*>(order);
    slot->next = free_;
    free_ = slot;
  }

 private:
  union Slot {
    Slot* next;
    alignas(Order) unsigned char storage[sizeof(Order)];
  };
  std::unique_ptr<Slot[]> slots_;
  Slot* free_ = nullptr;
};

constexpr std::size_t kOrdersPerIteration = 65'536;

// The live orders: a ring of pointers, oldest released first.
class Ring {
 public:
  explicit Ring(std::size_t capacity) : items_(capacity) {}
  void Push(Order* order) { items_[(head_ + size_++) % items_.size()] = order; }
  Order* Pop() {
    Order* order = items_[head_];
    head_ = (head_ + 1) % items_.size();
    --size_;
    return order;
  }
  std::size_t size() const { return size_; }
  Order** data() { return items_.data(); }

 private:
  std::vector<Order*> items_;
  std::size_t head_ = 0, size_ = 0;
};

template <typename AcquireFn, typename ReleaseFn>
void Churn(std::size_t batch, std::size_t lifetime, Ring& live, AcquireFn acquire,
           ReleaseFn release) {
  for (std::size_t made = 0; made < kOrdersPerIteration;) {
    for (std::size_t b = 0; b < batch; ++b, ++made) {
      Order* order = acquire();
      order->id = made;
      order->price = static_cast<int64_t>(made) * 100;
      live.Push(order);
    }
    benchmark::DoNotOptimize(live.data());
    while (live.size() > lifetime) release(live.Pop());
  }
  while (live.size() > 0) release(live.Pop());
}

// This thread's CPU time in nanoseconds.
double ThreadCpuNs() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e9 + static_cast<double>(now.tv_nsec);
}

// What one ThreadCpuNs() pair costs (a system call each): the least of many back-to-back
// pairs, subtracted from the setup figure, which is otherwise the clock's own cost for
// small pools.
double ClockPairNs() {
  static const double cost = [] {
    double least = 1e9;
    for (int i = 0; i < 200; ++i) {
      const double t0 = ThreadCpuNs();
      least = std::min(least, ThreadCpuNs() - t0);
    }
    return least;
  }();
  return cost;
}

void BM_NewDelete(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  const auto lifetime = static_cast<std::size_t>(state.range(1));
  Ring live(batch + lifetime);
  for (auto _ : state) {
    const double t0 = ThreadCpuNs();
    Churn(
        batch, lifetime, live, [] { return new Order; }, [](Order* order) { delete order; });
    state.SetIterationTime((ThreadCpuNs() - t0) * 1e-9);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kOrdersPerIteration));
  state.counters["orders_per_iteration"] = static_cast<double>(kOrdersPerIteration);
  ReportPeakRss(state);
}

void BM_Pool(benchmark::State& state) {
  const auto batch = static_cast<std::size_t>(state.range(0));
  const auto lifetime = static_cast<std::size_t>(state.range(1));
  Ring live(batch + lifetime);
  double setup_ns = 0;
  for (auto _ : state) {
    const double t0 = ThreadCpuNs();
    auto pool = std::make_unique<OrderPool>(batch + lifetime);
    const double t1 = ThreadCpuNs();
    Churn(
        batch, lifetime, live, [&pool] { return pool->Acquire(); },
        [&pool](Order* order) { pool->Release(order); });
    const double t2 = ThreadCpuNs();
    setup_ns += std::max(0.0, t1 - t0 - ClockPairNs());
    state.SetIterationTime((t2 - t1) * 1e-9);
    pool.reset();  // untimed: a pool's teardown is one free
  }
  state.counters["setup_ns"] = setup_ns / static_cast<double>(state.iterations());
  state.counters["clock_pair_ns"] = ClockPairNs();
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kOrdersPerIteration));
  state.counters["orders_per_iteration"] = static_cast<double>(kOrdersPerIteration);
  ReportPeakRss(state);
}

}  // namespace

void RegisterObjectPool(const SeedOptions& options) {
  const std::vector<int64_t> batches =
      options.quick ? std::vector<int64_t>{1, 256} : std::vector<int64_t>{1, 16, 256};
  const std::vector<int64_t> lifetimes =
      options.quick ? std::vector<int64_t>{0, 16384} : std::vector<int64_t>{0, 256, 16384};
  auto* with_allocator = benchmark::RegisterBenchmark("object_pool/new_delete", BM_NewDelete);
  auto* with_pool = benchmark::RegisterBenchmark("object_pool/pool", BM_Pool);
  for (auto* b : {with_allocator, with_pool}) {
    b->ArgNames({"batch", "lifetime"})
        ->ArgsProduct({batches, lifetimes})
        ->Iterations(IterationsFor(options, 20))
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace hftbot::seed
