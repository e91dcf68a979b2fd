#include "feed/input_error.h"

#include <gtest/gtest.h>

namespace hftbot::feed {
namespace {

TEST(InputErrorTest, WhatJoinsWhereAndReason) {
  InputError error("ticks.csv:17", "crossed_quote: bid 10 >= ask 9");
  EXPECT_EQ(error.where(), "ticks.csv:17");
  EXPECT_EQ(error.reason(), "crossed_quote: bid 10 >= ask 9");
  EXPECT_STREQ(error.what(), "ticks.csv:17: crossed_quote: bid 10 >= ask 9");
}

TEST(InputErrorTest, EmptyWhereLeavesReasonAlone) {
  InputError error("", "no tick file given");
  EXPECT_STREQ(error.what(), "no tick file given");
}

TEST(InputErrorTest, IsCaughtAsRuntimeError) {
  try {
    throw InputError("risk.max_position", "must be positive");
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "risk.max_position: must be positive");
  }
}

}  // namespace
}  // namespace hftbot::feed
