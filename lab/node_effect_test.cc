#include "lab/node_effect.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::vector<NodeValue> Runs(const std::string& node, const std::vector<double>& values) {
  std::vector<NodeValue> runs;
  for (double v : values) runs.push_back({node, v});
  return runs;
}

std::vector<NodeValue> Join(std::vector<NodeValue> a, const std::vector<NodeValue>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(NodeEffectTest, ASeparatedSlowNodeBeyondTheWithinNodeSpreadIsFlagged) {
  const NodeEffect e =
      JudgeNodeEffect(Join(Runs("a", {100, 101, 102, 99, 100}), Runs("b", {120, 121, 119, 122, 120})), 0.05);
  ASSERT_EQ(e.nodes.size(), 2u);
  EXPECT_EQ(e.nodes[0].node, "a");
  EXPECT_EQ(e.nodes[1].median, 120);
  EXPECT_NEAR(e.nodes[0].within_pct, 3.0, 1e-9);
  EXPECT_NEAR(e.within_pct, 3.0, 1e-9);
  EXPECT_TRUE(e.testable);
  EXPECT_LT(e.p_adjusted, 0.01);
  EXPECT_EQ(e.outlier, "b");
  EXPECT_TRUE(e.flagged);
}

TEST(NodeEffectTest, ASignificantShiftInsideTheNoiseIsNotFlagged) {
  // Separated, but each node alone spreads wider than the nodes' medians differ.
  const NodeEffect e =
      JudgeNodeEffect(Join(Runs("a", {80, 100, 101, 102, 103}), Runs("b", {104, 105, 106, 107, 130})), 0.05);
  EXPECT_LT(e.p_adjusted, 0.05);
  EXPECT_GT(e.within_pct, e.between_pct);
  EXPECT_FALSE(e.flagged);
}

TEST(NodeEffectTest, TooFewRunsPerNodeCannotFlag) {
  const NodeEffect e = JudgeNodeEffect(Join(Runs("a", {100, 100.5}), Runs("b", {150, 150.5})), 0.05);
  EXPECT_FALSE(e.testable);
  EXPECT_FALSE(e.flagged);
}

TEST(NodeEffectTest, ThreeNodesTestEachAgainstTheRestWithHolm) {
  const NodeEffect e = JudgeNodeEffect(Join(Join(Runs("a", {100, 101, 99, 100}), Runs("b", {100, 99, 101, 100})),
                                            Runs("c", {140, 141, 139, 140})),
                                       0.05);
  EXPECT_EQ(e.outlier, "c");
  EXPECT_TRUE(e.flagged);
  EXPECT_NEAR(e.between_pct, 40.0, 0.5);  // of the median of all runs, 100.5
}

}  // namespace
}  // namespace hftbot::lab
