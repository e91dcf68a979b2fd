#include "pipeline/sampler.h"

#include <gtest/gtest.h>

#include <cstdint>

#include "metrics/clock.h"

namespace hftbot::pipeline {
namespace {

// Runs a Sampler on a FakeClock that moves `step_ns` on every read, until the fake
// time passes `run_s`: the schedule depends on the fake time only.
MemoryTimeline SampleFor(double interval_s, double run_s, int64_t step_ns) {
  metrics::FakeClock clock(1'000'000'000);
  clock.SetTickPerRead(step_ns);
  const int64_t start_ns = clock.NowNs();
  Sampler sampler(clock, start_ns, interval_s, false, 0, [] { return uint64_t{0}; });
  sampler.RunUntil([&] { return clock.NowNs() - start_ns > static_cast<int64_t>(run_s * 1e9); });
  return sampler.timeline();
}

void ExpectIncreasingTimes(const MemoryTimeline& timeline) {
  for (size_t i = 1; i < timeline.samples.size(); ++i) {
    EXPECT_LT(timeline.samples[i - 1].t_s, timeline.samples[i].t_s) << "sample " << i;
  }
}

// A 0.1 s replay (max speed on the sample file) sampled every 0.1 s had two points.
TEST(SamplerTest, AShortRunHasEnoughSamplesToPlot) {
  MemoryTimeline timeline = SampleFor(0.1, 0.1, 250'000);
  EXPECT_GE(timeline.samples.size(), 50u);
  EXPECT_DOUBLE_EQ(timeline.interval_s, Sampler::kFinestSampleInterval);
  ExpectIncreasingTimes(timeline);
}

// A long run thins its early samples and ends at the configured interval: the
// timeline stays bounded while dense, then grows at the configured rate.
TEST(SamplerTest, ALongRunEndsAtTheConfiguredInterval) {
  MemoryTimeline timeline = SampleFor(0.1, 60.0, 5'000'000);
  EXPECT_DOUBLE_EQ(timeline.interval_s, 0.1);
  EXPECT_LE(timeline.samples.size(), Sampler::kThinningThreshold + 2);
  EXPECT_GE(timeline.samples.size(), 250u);
  ExpectIncreasingTimes(timeline);
  // The last stretch is sampled every 0.1 s (the loop's 15 ms of fake time per
  // iteration is the slack).
  const auto& samples = timeline.samples;
  const double gap = samples[samples.size() - 2].t_s - samples[samples.size() - 3].t_s;
  EXPECT_NEAR(gap, 0.1, 0.02);
  EXPECT_GE(samples.back().t_s, 60.0);
}

// An interval finer than the finest one is used as given, never thinned.
TEST(SamplerTest, AFineConfiguredIntervalIsKept) {
  MemoryTimeline timeline = SampleFor(0.0005, 0.2, 250'000);
  EXPECT_DOUBLE_EQ(timeline.interval_s, 0.0005);
  EXPECT_GE(timeline.samples.size(), 150u);
  ExpectIncreasingTimes(timeline);
}

}  // namespace
}  // namespace hftbot::pipeline
