// A per-node A/A check: did the node a run landed on change what it measured? When a
// tool's runs of one variant ran on several nodes (a Slurm array), the same build on
// identical nodes should measure alike: the medians of the nodes should be no further
// apart than the runs on one node are. For one variant's metric this groups the runs by
// node (count, median, spread within the node), measures the spread between the node
// medians, and tests each node against the variant's runs on the other nodes with the
// exact Mann-Whitney test (lab/significance.h), Holm-adjusted over those tests. A node
// effect is flagged when that test is significant at `alpha` and the spread between
// nodes exceeds the largest spread within a node.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_NODE_EFFECT_H_
#define HFTBOT_LAB_NODE_EFFECT_H_

#include <string>
#include <vector>

namespace hftbot::lab {

struct NodeValue {
  std::string node;
  double value = 0;
};

struct NodeGroup {
  std::string node;
  size_t runs = 0;
  double median = 0;
  double within_pct = 0;  // (max - min) / median of the node's runs, percent; 0 for one run
};

struct NodeEffect {
  std::vector<NodeGroup> nodes;  // in first-seen order
  double between_pct = 0;  // (largest - smallest node median) / the median of all runs, percent
  double within_pct = 0;   // the largest within_pct of a node with two runs or more
  bool within_known = false;  // some node had two runs or more
  // Some node test could reach p < alpha with these run counts; else "too few runs per node".
  bool testable = false;
  double p_adjusted = 1;  // the smallest Holm-adjusted p of the node tests
  std::string outlier;    // the node of that smallest p
  bool flagged = false;   // significant, and between_pct > within_pct
};

// REQUIRES: values from at least two nodes. `alpha`: the significance level.
NodeEffect JudgeNodeEffect(const std::vector<NodeValue>& values, double alpha);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_NODE_EFFECT_H_
