#include "bench/machine_controls.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <thread>

namespace hftbot::bench {
namespace {

constexpr uint64_t kKernelStepsPerChunk = 1 << 20;  // about 1 ms
constexpr uint64_t kItemsPerChunk = 1 << 16;
// As much room as the compact pipeline's feed queues on the sample (4 symbols x 4096
// events), so a thread that loses its core stalls the other as late as the pipeline's.
constexpr uint64_t kRingSlots = 1 << 14;  // a power of two: the modulo is a mask
// Integer work per item on the consuming side, so it, like an engine thread, is the
// slower one and the producer often finds the ring full.
constexpr int kStepsPerItem = 64;

// What a spinning pipeline thread does between polls.
inline void Pause() { __builtin_ia32_pause(); }

using Clock = std::chrono::steady_clock;

constexpr uint64_t kSeed = 88172645463325252ull;

uint64_t Xorshift(uint64_t x, uint64_t steps) {
  for (uint64_t i = 0; i < steps; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

}  // namespace

double ComputeKernelNs(std::chrono::nanoseconds min_time) {
  uint64_t steps = 0;
  uint64_t x = kSeed;
  const Clock::time_point start = Clock::now();
  Clock::time_point now = start;
  do {
    x = Xorshift(x, kKernelStepsPerChunk);
    // The result feeds an empty asm so the loop is neither folded nor dropped.
    asm volatile("" : : "r"(x));
    steps += kKernelStepsPerChunk;
    now = Clock::now();
  } while (now - start < min_time);
  return std::chrono::duration<double, std::nano>(now - start).count() / static_cast<double>(steps);
}

double HandOffNs(std::chrono::nanoseconds min_time) {
  // Cache-line-apart indexes, so the two threads share only what they hand over.
  struct alignas(64) Index {
    std::atomic<uint64_t> value{0};
  };
  std::array<uint64_t, kRingSlots> ring{};
  Index produced, consumed;
  std::atomic<bool> done{false};
  std::thread consumer([&] {
    uint64_t sum = 0;
    uint64_t next = 0;
    for (;;) {
      // Acquire pairs with the producer's release: the slots up to `end` are written.
      const uint64_t end = produced.value.load(std::memory_order_acquire);
      if (next == end) {
        // Relaxed: `done` publishes nothing; it is set after this thread took every item.
        if (done.load(std::memory_order_relaxed) && next == produced.value.load(std::memory_order_acquire)) {
          break;
        }
        Pause();
        continue;
      }
      for (; next < end; ++next) sum += Xorshift(ring[next % kRingSlots] | 1, kStepsPerItem);
      // Release hands the read slots back to the producer's acquire load.
      consumed.value.store(next, std::memory_order_release);
    }
    asm volatile("" : : "r"(sum));
  });
  uint64_t next = 0;
  const Clock::time_point start = Clock::now();
  Clock::time_point now = start;
  do {
    for (const uint64_t end = next + kItemsPerChunk; next < end; ++next) {
      // Acquire pairs with the consumer's release: the slot is free to overwrite.
      while (next - consumed.value.load(std::memory_order_acquire) >= kRingSlots) Pause();
      ring[next % kRingSlots] = next;
      // Release publishes the slot to the consumer's acquire load.
      produced.value.store(next + 1, std::memory_order_release);
    }
    // The chunk counts once the consumer has taken all of it.
    while (consumed.value.load(std::memory_order_acquire) != next) Pause();
    now = Clock::now();
  } while (now - start < min_time);
  done.store(true, std::memory_order_relaxed);
  consumer.join();
  return std::chrono::duration<double, std::nano>(now - start).count() / static_cast<double>(next);
}

}  // namespace hftbot::bench
