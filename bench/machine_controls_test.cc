#include "bench/machine_controls.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

namespace hftbot::bench {
namespace {

using std::chrono::milliseconds;

// Times themselves are not tested (a shared machine); that each control ends, counts its
// work and gives a finite positive time per unit is.
TEST(MachineControlsTest, TheComputeKernelGivesAFiniteTimePerStep) {
  const double ns = ComputeKernelNs(milliseconds(5));
  EXPECT_GT(ns, 0);
  EXPECT_TRUE(std::isfinite(ns));
}

// Also run under TSan (the token's memory orders).
TEST(MachineControlsTest, TheHandOffEndsAndGivesAFiniteTimePerItem) {
  for (int i = 0; i < 3; ++i) {
    const double ns = HandOffNs(milliseconds(5));
    EXPECT_GT(ns, 0);
    EXPECT_TRUE(std::isfinite(ns));
  }
}

}  // namespace
}  // namespace hftbot::bench
