// The one clock every latency point in hftbot is read from: nanoseconds from the
// invariant TSC, calibrated against CLOCK_MONOTONIC, with std::chrono::steady_clock
// as the fallback where the TSC cannot be trusted; and FakeClock for tests.
//
// Type relationship: production code takes `const Clock&`. Clock is a concrete
// class whose NowNs() is inline and non-virtual: the TSC path is one predictable
// branch, rdtsc and a 128-bit multiply. The rarer sources (steady_clock, fake) sit
// behind that branch out of line. FakeClock derives from Clock, so a test passes a
// FakeClock wherever a `const Clock&` is taken; no templates and no virtual call.
//
// Construction calibrates the TSC: it sleeps about 40 ms (20 ms to measure the
// frequency, 20 ms to check it). Build one at start-up (DefaultClock() builds the
// process-wide one on first use) and keep a reference on hot threads.
//
// NowNs() values approximate CLOCK_MONOTONIC (same epoch) and drift from it by
// Calibration().error_ppm at most in practice; compare them only with each other.
// rdtsc is deliberately unfenced: out-of-order skew is a few ns, a fence costs more.
//
// Thread safety: a constructed Clock is immutable; NowNs() and every accessor may be
// called from any thread. FakeClock's setters may race with NowNs() (atomic).

#ifndef HFTBOT_METRICS_CLOCK_H_
#define HFTBOT_METRICS_CLOCK_H_

#include <atomic>
#include <cstdint>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define HFTBOT_METRICS_HAVE_TSC 1
#else
#define HFTBOT_METRICS_HAVE_TSC 0
#endif

namespace hftbot::metrics {

enum class ClockSource {
  kAuto,         // the TSC when it is invariant, else steady_clock
  kTsc,          // the TSC when it is invariant, else steady_clock (and Reason() says why)
  kSteadyClock,  // always std::chrono::steady_clock
};

struct ClockCalibration {
  double ticks_per_second = 0.0;  // TSC frequency; 0 for steady_clock
  double duration_ms = 0.0;       // time spent measuring and checking
  // How far the calibrated TSC ran from CLOCK_MONOTONIC over the check interval
  // after calibration, |tsc_ns - mono_ns| / mono_ns in parts per million (ns per s).
  double error_ppm = 0.0;
  // The bound the read windows put on the frequency estimate, in ppm.
  double uncertainty_ppm = 0.0;
};

class Clock {
 public:
  // Calibrates (see the file comment): start-up code only.
  explicit Clock(ClockSource preferred = ClockSource::kAuto);
  Clock(const Clock&) = delete;
  Clock& operator=(const Clock&) = delete;

  // Nanoseconds on CLOCK_MONOTONIC's time line. Never allocates, locks or throws.
  int64_t NowNs() const {
#if HFTBOT_METRICS_HAVE_TSC
    if (kind_ == Kind::kTsc) [[likely]] {
      const auto delta = static_cast<int64_t>(__rdtsc() - base_ticks_);
      return base_ns_ + static_cast<int64_t>((static_cast<Int128>(delta) * mult_) >> kShift);
    }
#endif
    return NowNsSlow();
  }

  // "tsc", "steady_clock" or "fake".
  const char* Source() const;
  // Why this source was chosen, one sentence, e.g. "CPUID reports an invariant TSC".
  const std::string& Reason() const { return reason_; }
  // Median cost of one NowNs() call, measured once at construction.
  double ReadCostNs() const { return read_cost_ns_; }
  const ClockCalibration& Calibration() const { return calibration_; }

  // Whether this CPU promises an invariant TSC (CPUID 0x80000007 EDX bit 8, or the
  // kernel's constant_tsc and nonstop_tsc flags), and the evidence in *why.
  static bool TscIsInvariant(std::string* why);

 protected:
  // For FakeClock: NowNs() reads fake_now_ instead of a hardware source.
  struct FakeTag {};
  explicit Clock(FakeTag);
  // Only a FakeClock moves them; relaxed everywhere: lone values, ordering nothing else
  // (a read-modify-write still gives every read its own place in the one order of
  // fake_now_'s changes).
  mutable std::atomic<int64_t> fake_now_{0};  // mutable: a ticking read advances it
  std::atomic<int64_t> fake_step_{0};

 private:
  __extension__ typedef __int128 Int128;
  static constexpr int kShift = 32;
  enum class Kind { kTsc, kSteadyClock, kFake };

  int64_t NowNsSlow() const;
  void Calibrate();
  void MeasureReadCost();

  Kind kind_ = Kind::kSteadyClock;
  uint64_t base_ticks_ = 0;
  int64_t base_ns_ = 0;
  int64_t mult_ = 0;  // ns per tick x 2^kShift
  double read_cost_ns_ = 0.0;
  ClockCalibration calibration_;
  std::string reason_;
};

// Time that moves only when told to, for tests. Starts at start_ns.
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t start_ns = 0) : Clock(FakeTag{}) { SetNs(start_ns); }

  void SetNs(int64_t ns) { fake_now_.store(ns, std::memory_order_relaxed); }
  void AdvanceNs(int64_t delta) { fake_now_.fetch_add(delta, std::memory_order_relaxed); }
  // > 0: every NowNs() first advances the clock by `step`, so successive reads (on any
  // threads, in happens-before order) strictly increase: a test can then check that
  // time stamps taken in a known order come out in that order.
  void SetTickPerRead(int64_t step) { fake_step_.store(step, std::memory_order_relaxed); }
};

// The process-wide clock, calibrated on first call (thread-safe). Hot code should
// hold the reference rather than call this per event.
const Clock& DefaultClock();

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_CLOCK_H_
