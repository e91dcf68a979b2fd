// The time read by alloc's profiler (allocation lifetimes) and the adaptive resource
// (time per mode, decay). alloc is the bottom package and may not depend on
// //metrics, so it declares this one-method interface; callers above adapt their
// metrics::Clock to it, tests pass a FakeTimeSource.
//
// Thread safety: NowNs() may be called from any thread. FakeTimeSource's setters may
// race with NowNs() (atomic, relaxed: a test orders its own steps).

#ifndef HFTBOT_ALLOC_TIME_SOURCE_H_
#define HFTBOT_ALLOC_TIME_SOURCE_H_

#include <atomic>
#include <chrono>
#include <cstdint>

namespace hftbot::alloc {

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  // Monotonic nanoseconds; only differences are meaningful.
  virtual int64_t NowNs() const = 0;
};

// std::chrono::steady_clock (a vDSO call, ~20 ns).
class SteadyTimeSource final : public TimeSource {
 public:
  int64_t NowNs() const override {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
};

// The process-wide steady source, for callers that inject nothing.
inline const TimeSource& DefaultTimeSource() {
  static const SteadyTimeSource source;
  return source;
}

class FakeTimeSource final : public TimeSource {
 public:
  explicit FakeTimeSource(int64_t start_ns = 0) : now_ns_(start_ns) {}
  int64_t NowNs() const override { return now_ns_.load(std::memory_order_relaxed); }
  void SetNs(int64_t ns) { now_ns_.store(ns, std::memory_order_relaxed); }
  void AdvanceNs(int64_t ns) { now_ns_.fetch_add(ns, std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> now_ns_;
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_TIME_SOURCE_H_
