#include "metrics/clock.h"

#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#if HFTBOT_METRICS_HAVE_TSC
#include <cpuid.h>
#endif

namespace hftbot::metrics {
namespace {

constexpr auto kCalibrationInterval = std::chrono::milliseconds(20);

int64_t MonotonicNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

#if HFTBOT_METRICS_HAVE_TSC
// A TSC reading paired with CLOCK_MONOTONIC, taken from the narrowest of several
// read windows so that preemption between the two reads does not skew it.
struct Anchor {
  uint64_t ticks = 0;
  int64_t ns = 0;
  uint64_t window = UINT64_MAX;  // ticks between the TSC reads around clock_gettime
};

Anchor ReadAnchor() {
  Anchor best;
  for (int i = 0; i < 32; ++i) {
    const uint64_t before = __rdtsc();
    const int64_t ns = MonotonicNs();
    const uint64_t after = __rdtsc();
    if (after >= before && after - before < best.window) {
      best = Anchor{before + (after - before) / 2, ns, after - before};
    }
  }
  return best;
}

bool CpuidInvariantTsc() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_max(0x80000000, nullptr) < 0x80000007) return false;
  if (!__get_cpuid(0x80000007, &eax, &ebx, &ecx, &edx)) return false;
  return (edx & (1u << 8)) != 0;
}
#endif

// The kernel's CPU flags contain both words, read from /proc/cpuinfo.
bool KernelFlagsInvariantTsc() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    std::istringstream words(line);
    std::string word;
    bool constant = false, nonstop = false;
    while (words >> word) {
      constant = constant || word == "constant_tsc";
      nonstop = nonstop || word == "nonstop_tsc";
    }
    return constant && nonstop;
  }
  return false;
}

}  // namespace

bool Clock::TscIsInvariant(std::string* why) {
#if HFTBOT_METRICS_HAVE_TSC
  if (CpuidInvariantTsc()) {
    *why = "CPUID 0x80000007 reports an invariant TSC";
    return true;
  }
  if (KernelFlagsInvariantTsc()) {
    *why = "/proc/cpuinfo flags include constant_tsc and nonstop_tsc";
    return true;
  }
  *why = "the TSC is not invariant (no CPUID bit, no constant_tsc+nonstop_tsc)";
  return false;
#else
  *why = "this CPU has no TSC";
  return false;
#endif
}

Clock::Clock(ClockSource preferred) {
  if (preferred == ClockSource::kSteadyClock) {
    reason_ = "steady_clock requested";
  } else if (TscIsInvariant(&reason_)) {
    kind_ = Kind::kTsc;
    Calibrate();
  }
  MeasureReadCost();
}

Clock::Clock(FakeTag) : kind_(Kind::kFake), reason_("fake clock for tests") {}

const char* Clock::Source() const {
  switch (kind_) {
    case Kind::kTsc:
      return "tsc";
    case Kind::kSteadyClock:
      return "steady_clock";
    case Kind::kFake:
      return "fake";
  }
  return "unknown";
}

int64_t Clock::NowNsSlow() const {
  if (kind_ == Kind::kFake) {
    int64_t step = fake_step_.load(std::memory_order_relaxed);
    if (step == 0) return fake_now_.load(std::memory_order_relaxed);
    return fake_now_.fetch_add(step, std::memory_order_relaxed) + step;
  }
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Clock::Calibrate() {
#if HFTBOT_METRICS_HAVE_TSC
  const int64_t started = MonotonicNs();
  const Anchor first = ReadAnchor();
  std::this_thread::sleep_for(kCalibrationInterval);
  const Anchor second = ReadAnchor();
  const double ticks = static_cast<double>(second.ticks - first.ticks);
  const double ns = static_cast<double>(second.ns - first.ns);
  const double ticks_per_second = ns > 0 ? ticks * 1e9 / ns : 0.0;
  // A frequency outside 100 MHz..20 GHz means the TSC is not what CPUID promised
  // (e.g. a hypervisor that traps it): do not build timestamps on it.
  if (second.ticks <= first.ticks || ticks_per_second < 1e8 || ticks_per_second > 2e10) {
    kind_ = Kind::kSteadyClock;
    reason_ += ", but calibration against CLOCK_MONOTONIC failed";
    return;
  }
  mult_ = std::llround(ns / ticks * static_cast<double>(int64_t{1} << kShift));
  base_ticks_ = second.ticks;
  base_ns_ = second.ns;
  calibration_.ticks_per_second = ticks_per_second;
  calibration_.uncertainty_ppm =
      static_cast<double>(first.window + second.window) / 2.0 / ticks * 1e6;

  // Check the result over a fresh interval instead of trusting the estimate.
  std::this_thread::sleep_for(kCalibrationInterval);
  const Anchor check = ReadAnchor();
  const auto delta = static_cast<int64_t>(check.ticks - base_ticks_);
  const int64_t predicted = base_ns_ + static_cast<int64_t>((static_cast<Int128>(delta) * mult_) >> kShift);
  calibration_.error_ppm = std::abs(static_cast<double>(predicted - check.ns)) /
                           static_cast<double>(check.ns - base_ns_) * 1e6;
  calibration_.duration_ms = static_cast<double>(MonotonicNs() - started) / 1e6;
#endif
}

void Clock::MeasureReadCost() {
  constexpr int kBatches = 15;
  constexpr int kCallsPerBatch = 2000;
  std::vector<double> per_call;
  per_call.reserve(kBatches);
  int64_t sink = 0;
  for (int b = 0; b < kBatches; ++b) {
    const int64_t start = MonotonicNs();
    for (int i = 0; i < kCallsPerBatch; ++i) sink += NowNs();
    per_call.push_back(static_cast<double>(MonotonicNs() - start) / kCallsPerBatch);
  }
  std::nth_element(per_call.begin(), per_call.begin() + kBatches / 2, per_call.end());
  read_cost_ns_ = per_call[kBatches / 2];
  volatile int64_t keep = sink;  // the reads must not be optimised away
  (void)keep;
}

const Clock& DefaultClock() {
  static const Clock clock;
  return clock;
}

}  // namespace hftbot::metrics
