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
      progress_(progress && isatty(fileno(stderr))),
      total_events_(total_events),
      processed_now_(std::move(processed_now)) {
  timeline_.sampler_thread_id = static_cast<uint64_t>(syscall(SYS_gettid));
}

void Sampler::Sample() {
  double t = static_cast<double>(clock_.NowNs() - start_ns_) / 1e9;
  timeline_.samples.push_back(MakeMemorySample(std::max(t, 0.0), processed_now_(), alloc::Stats()));
}

void Sampler::AddPeriodicTask(int64_t first_ns, double period_s, std::function<void(int64_t)> task) {
  task_first_ns_ = first_ns;
  task_period_s_ = period_s;
  task_ = std::move(task);
}

void Sampler::RunUntil(const std::function<bool()>& done) {
  alloc::ComponentScope component(alloc::Component::kReports);
  const auto interval = std::chrono::duration<double>(interval_s_);
  Sample();
  auto next_sample = std::chrono::steady_clock::now() + interval;
  const int64_t task_period_ns = static_cast<int64_t>(task_period_s_ * 1e9);
  int64_t next_task_ns = task_first_ns_ + task_period_ns;
  while (!done()) {
    // Short naps so a short replay is not stretched to the sampling interval.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (task_ && clock_.NowNs() >= next_task_ns) {
      task_(next_task_ns);
      next_task_ns += task_period_ns;
    }
    if (std::chrono::steady_clock::now() < next_sample) continue;
    next_sample += std::chrono::duration_cast<std::chrono::steady_clock::duration>(interval);
    Sample();
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
