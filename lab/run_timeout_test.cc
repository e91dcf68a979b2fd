#include "lab/run_timeout.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

TEST(RunTimeoutTest, AFixedTimeoutWinsEverywhere) {
  RunTimeout timeout{2};
  EXPECT_EQ(timeout.FirstPhase(), 2);
  EXPECT_EQ(timeout.Later(100, 50), 2);
}

TEST(RunTimeoutTest, DerivedFromTheWarmUp) {
  RunTimeout timeout;
  EXPECT_EQ(timeout.FirstPhase(), RunTimeout::kFirstPhaseS);
  EXPECT_EQ(timeout.Later(0.3), RunTimeout::kFloorS);  // a fast sample replay still gets a minute
  EXPECT_EQ(timeout.Later(30), 300);
  EXPECT_EQ(timeout.Later(30, 4), 1200);  // a run paced to take 4x as long
  EXPECT_EQ(timeout.Later(30, 0.1), 300);  // never less than the warm-up's own allowance
  EXPECT_EQ(timeout.Later(0), RunTimeout::kFirstPhaseS);  // nothing timed: as generous as the warm-up
}

}  // namespace
}  // namespace hftbot::lab
