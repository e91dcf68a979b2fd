#include "engine/allocation_profile.h"

#include <gtest/gtest.h>

namespace hftbot::engine {
namespace {

TEST(AllocationProfileTest, RoundTripsNames) {
  for (AllocationProfile p : {AllocationProfile::kNaive, AllocationProfile::kPooled}) {
    AllocationProfile parsed =
        p == AllocationProfile::kNaive ? AllocationProfile::kPooled : AllocationProfile::kNaive;
    ASSERT_TRUE(ParseAllocationProfile(AllocationProfileName(p), &parsed));
    EXPECT_EQ(parsed, p);
  }
  EXPECT_EQ(AllocationProfileName(AllocationProfile::kNaive), "naive");
  EXPECT_EQ(AllocationProfileName(AllocationProfile::kPooled), "pooled");
}

TEST(AllocationProfileTest, RejectsUnknownNamesWithoutTouchingOutput) {
  AllocationProfile p = AllocationProfile::kPooled;
  EXPECT_FALSE(ParseAllocationProfile("Naive", &p));
  EXPECT_FALSE(ParseAllocationProfile("", &p));
  EXPECT_FALSE(ParseAllocationProfile("pool", &p));
  EXPECT_EQ(p, AllocationProfile::kPooled);
}

}  // namespace
}  // namespace hftbot::engine
