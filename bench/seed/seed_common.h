// Shared pieces of the seed suite (bench/seed/): the run options every workload
// registers with, a heap-allocated string that behaves like the lesson's Rust
// `String`, and the memory figures each workload reports as benchmark counters.
//
// Thread safety: HeapString is a value type (no sharing); ReportPeakRss() may be
// called from any thread. The runner starts one process per workload, so the peak
// RSS a workload reports is its own.

#ifndef HFTBOT_BENCH_SEED_SEED_COMMON_H_
#define HFTBOT_BENCH_SEED_SEED_COMMON_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>

#include "benchmark/benchmark.h"

namespace hftbot::seed {

// Options the suite's main() reads before registering the workloads.
struct SeedOptions {
  // --quick: one timed iteration per repetition and fewer sweep points, for the CI
  // smoke run. The workloads keep the lesson's parameters either way.
  bool quick = false;
};

// Fixed iteration counts keep every workload's run time predictable under all four
// allocators; quick mode runs each benchmark once.
inline int64_t IterationsFor(const SeedOptions& options, int64_t normal) {
  return options.quick ? 1 : normal;
}

// A string that always lives on the heap, like Rust's String. std::string keeps
// symbols of up to 15 characters inline (SSO) and would make none of the
// allocations the lesson measures; "SYM42" and "BTCUSDT" must cost one malloc each.
// Copying allocates (Rust's .clone()); moving does not.
class HeapString {
 public:
  HeapString() = default;
  explicit HeapString(std::string_view text)
      : size_(text.size()), data_(new char[text.size() + 1]) {
    std::memcpy(data_.get(), text.data(), text.size());
    data_[size_] = '\0';
  }
  HeapString(const HeapString& other) : HeapString(other.view()) {}
  HeapString& operator=(const HeapString& other) {
    if (this != &other) *this = HeapString(other.view());
    return *this;
  }
  HeapString(HeapString&&) noexcept = default;
  HeapString& operator=(HeapString&&) noexcept = default;

  std::string_view view() const {
    return data_ ? std::string_view(data_.get(), size_) : std::string_view();
  }
  friend bool operator==(const HeapString& a, const HeapString& b) { return a.view() == b.view(); }

 private:
  std::size_t size_ = 0;
  std::unique_ptr<char[]> data_;
};

struct HeapStringHash {
  std::size_t operator()(const HeapString& s) const {
    return std::hash<std::string_view>()(s.view());
  }
};

// Counter value for a figure the allocator does not report: Google Benchmark writes
// NaN as a bare `nan`, which is not JSON, so the runner maps -1 to null instead.
inline constexpr double kNotReported = -1;

// Sets the counters every workload reports: peak_rss_bytes.
void ReportPeakRss(benchmark::State& state);

// Each workload file defines one Register function; main() calls them in order.
void RegisterOrderBookOps(const SeedOptions& options);
void RegisterMarketDataProcessor(const SeedOptions& options);
void RegisterTradingEngineSim(const SeedOptions& options);
void RegisterAllocationPatterns(const SeedOptions& options);
void RegisterProducerConsumer(const SeedOptions& options);
void RegisterObjectPool(const SeedOptions& options);
void RegisterMemoryMonitor(const SeedOptions& options);
void RegisterCounterOverhead(const SeedOptions& options);
void RegisterControl(const SeedOptions& options);

// Defined once per benchmark binary (suite_all.cc, suite_counted.cc): which of the
// Register functions above the binary runs.
void RegisterSuite(const SeedOptions& options);

}  // namespace hftbot::seed

#endif  // HFTBOT_BENCH_SEED_SEED_COMMON_H_
