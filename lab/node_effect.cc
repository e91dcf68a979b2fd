#include "lab/node_effect.h"

#include <algorithm>
#include <map>

#include "lab/significance.h"

namespace hftbot::lab {

NodeEffect JudgeNodeEffect(const std::vector<NodeValue>& values, double alpha) {
  NodeEffect effect;
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> by_node;
  std::vector<double> all;
  for (const NodeValue& v : values) {
    if (by_node.count(v.node) == 0) order.push_back(v.node);
    by_node[v.node].push_back(v.value);
    all.push_back(v.value);
  }
  if (all.empty()) return effect;
  const double overall = SpreadOf(all).median;
  double lowest = 0, highest = 0;
  std::vector<double> p_values;
  for (const std::string& node : order) {
    const std::vector<double>& mine = by_node[node];
    const Spread s = SpreadOf(mine);
    NodeGroup group{node, mine.size(), s.median, 0};
    if (mine.size() >= 2 && s.median != 0) {
      group.within_pct = (s.max - s.min) / s.median * 100;
      effect.within_pct = std::max(effect.within_pct, group.within_pct);
      effect.within_known = true;
    }
    lowest = effect.nodes.empty() ? s.median : std::min(lowest, s.median);
    highest = effect.nodes.empty() ? s.median : std::max(highest, s.median);
    effect.nodes.push_back(group);
    std::vector<double> rest;
    for (const auto& [other, theirs] : by_node) {
      if (other != node) rest.insert(rest.end(), theirs.begin(), theirs.end());
    }
    effect.testable |= !rest.empty() && MinimumPValue(mine.size(), rest.size()) < alpha;
    p_values.push_back(rest.empty() ? 1.0 : MannWhitneyPValue(mine, rest));
  }
  if (overall != 0) effect.between_pct = (highest - lowest) / overall * 100;
  // With two nodes both tests are the same test: one of them is the family.
  if (order.size() == 2) p_values.resize(1);
  const std::vector<double> adjusted = HolmAdjust(p_values);
  const auto smallest = std::min_element(adjusted.begin(), adjusted.end());
  effect.p_adjusted = *smallest;
  effect.outlier = order[static_cast<size_t>(smallest - adjusted.begin())];
  if (order.size() == 2) {
    // "Node a against b" names neither as the odd one: name the one with the higher median.
    effect.outlier = effect.nodes[0].median >= effect.nodes[1].median ? order[0] : order[1];
  }
  effect.flagged = effect.testable && effect.p_adjusted < alpha && effect.within_known &&
                   effect.between_pct > effect.within_pct;
  return effect;
}

}  // namespace hftbot::lab
