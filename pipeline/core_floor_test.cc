#include "pipeline/core_floor.h"

#include <gtest/gtest.h>

#include <thread>

namespace hftbot::pipeline {
namespace {

// No timing thresholds: only that the measurement ran, is internally consistent, and
// reports the placement it really had.
TEST(CoreFloorTest, MeasuresEveryBatchAndReportsPlacement) {
  CoreFloorOptions options;
  options.warmup_round_trips = 100;
  options.batches = 20;
  options.round_trips_per_batch = 50;
  options.budget_ms = 60'000;
  int cpus = static_cast<int>(std::thread::hardware_concurrency());
  CoreFloor floor = MeasureCoreFloor(0, cpus > 1 ? 1 : 0, options);
  EXPECT_EQ(floor.batches, 20);
  EXPECT_EQ(floor.round_trips, 1000);
  EXPECT_GT(floor.one_way_min_ns, 0.0);
  EXPECT_LE(floor.one_way_min_ns, floor.one_way_p50_ns);
  EXPECT_EQ(floor.cpu_a, 0);
}

TEST(CoreFloorTest, UnusableCpuIsReportedAsUnpinned) {
  CoreFloorOptions options;
  options.warmup_round_trips = 10;
  options.batches = 2;
  options.round_trips_per_batch = 10;
  CoreFloor floor = MeasureCoreFloor(0, 100000, options);
  EXPECT_EQ(floor.cpu_a, -1);
  EXPECT_EQ(floor.cpu_b, -1);
}

}  // namespace
}  // namespace hftbot::pipeline
