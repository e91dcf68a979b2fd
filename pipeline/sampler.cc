#include "pipeline/sampler.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "alloc/allocator.h"
#include "alloc/component.h"

namespace hftbot::pipeline {

Sampler::Sampler(const metrics::Clock& clock, int64_t start_ns, double interval_s, bool progress,
                 uint64_t total_events, std::function<uint64_t()> processed_now)
    : clock_(clock),
      start_ns_(start_ns),
      interval_s_(interval_s),
      current_interval_s_(std::min(interval_s, kFinestSampleInterval)),
      progress_(progress && isatty(fileno(stderr))),
      total_events_(total_events),
      processed_now_(std::move(processed_now)) {
  timeline_.sampler_thread_id = static_cast<uint64_t>(syscall(SYS_gettid));
  // Reserved now, so that thinning never reallocates during the replay (the pooled
  // profile's allocation tests count every thread, this one included).
  timeline_.samples.reserve(kThinningThreshold + 1);
  timeline_.interval_s = current_interval_s_;
}

void Sampler::Sample() {
  double t = static_cast<double>(clock_.NowNs() - start_ns_) / 1e9;
  timeline_.samples.push_back(MakeMemorySample(std::max(t, 0.0), processed_now_(), alloc::Stats()));
}

void Sampler::Thin() {
  std::vector<MemorySample>& samples = timeline_.samples;
  const MemorySample last = samples.back();
  size_t kept = 0;
  for (size_t i = 0; i < samples.size(); i += 2) samples[kept++] = samples[i];
  samples.resize(kept);
  if (samples.back().t_s != last.t_s) samples.push_back(last);
  current_interval_s_ = std::min(interval_s_, 2 * current_interval_s_);
  timeline_.interval_s = current_interval_s_;
}

void Sampler::AddPeriodicTask(int64_t first_ns, double period_s, std::function<void(int64_t)> task) {
  const int64_t period_ns = static_cast<int64_t>(period_s * 1e9);
  tasks_.push_back({first_ns + period_ns, period_ns, std::move(task)});
}

void Sampler::RunUntil(const std::function<bool()>& done) {
  alloc::ComponentScope component(alloc::Component::kReports);
  Sample();
  int64_t next_sample_ns = clock_.NowNs() + static_cast<int64_t>(current_interval_s_ * 1e9);
  while (!done()) {
    // Nap until the next sample or task is due, at most kMaxNapNs so a finished replay
    // is noticed soon. Not shorter than 1 ms: with every core spinning, each wake-up of
    // this thread preempts a hot one (it once woke every 1 ms regardless).
    int64_t due_ns = next_sample_ns;
    for (const PeriodicTask& task : tasks_) due_ns = std::min(due_ns, task.next_ns);
    const int64_t nap_ns = std::clamp(due_ns - clock_.NowNs(), kMinNapNs, kMaxNapNs);
    std::this_thread::sleep_for(std::chrono::nanoseconds(nap_ns));
    const int64_t now_ns = clock_.NowNs();
    for (PeriodicTask& task : tasks_) {
      if (now_ns < task.next_ns) continue;
      task.run(task.next_ns);
      task.next_ns += task.period_ns;
    }
    if (now_ns < next_sample_ns) continue;
    Sample();
    if (timeline_.samples.size() >= kThinningThreshold && current_interval_s_ < interval_s_) Thin();
    next_sample_ns = std::max(next_sample_ns + static_cast<int64_t>(current_interval_s_ * 1e9), now_ns);
    if (progress_) {
      uint64_t processed = processed_now_();
      std::fprintf(stderr, "\rreplaying: %llu / %llu events (%.0f%%)   ", static_cast<unsigned long long>(processed),
                   static_cast<unsigned long long>(total_events_),
                   total_events_ ? 100.0 * static_cast<double>(processed) / static_cast<double>(total_events_)
                                 : 100.0);
    }
  }
  Sample();
  if (progress_) std::fprintf(stderr, "\r%60s\r", "");
}

}  // namespace hftbot::pipeline
