#include "lab/significance.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace hftbot::lab {
namespace {

// Mid-ranks (1-based, ties averaged) of the pooled sample, doubled so they stay
// integers: the exact permutation distribution is then enumerable with integer keys.
std::vector<int> DoubledRanks(const std::vector<double>& pooled) {
  std::vector<size_t> order(pooled.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t x, size_t y) { return pooled[x] < pooled[y]; });
  std::vector<int> ranks(pooled.size());
  size_t i = 0;
  while (i < order.size()) {
    size_t j = i;
    while (j + 1 < order.size() && pooled[order[j + 1]] == pooled[order[i]]) ++j;
    int doubled = static_cast<int>(i + 1 + j + 1);  // (first + last) rank, i.e. 2 x mid-rank
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = doubled;
    i = j + 1;
  }
  return ranks;
}

}  // namespace

Spread SpreadOf(std::vector<double> values) {
  Spread s;
  if (values.empty()) return s;
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  s.median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
  s.min = values.front();
  s.max = values.back();
  return s;
}

double MannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> pooled = a;
  pooled.insert(pooled.end(), b.begin(), b.end());
  std::vector<int> ranks = DoubledRanks(pooled);
  const size_t n = pooled.size();
  const size_t m = a.size();
  int observed = 0;
  for (size_t i = 0; i < m; ++i) observed += ranks[i];
  const int total = std::accumulate(ranks.begin(), ranks.end(), 0);
  // count[k][s]: subsets of size k of the ranks seen so far with doubled rank sum s.
  std::vector<std::vector<double>> count(m + 1, std::vector<double>(static_cast<size_t>(total) + 1, 0.0));
  count[0][0] = 1;
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = std::min(i + 1, m); k >= 1; --k) {
      for (int s = total; s >= ranks[i]; --s) {
        count[k][static_cast<size_t>(s)] += count[k - 1][static_cast<size_t>(s - ranks[i])];
      }
    }
  }
  double all = 0, as_extreme = 0;
  // Two-sided: sums at least as far from the mean rank sum as the observed one.
  const double mean = static_cast<double>(total) * static_cast<double>(m) / static_cast<double>(n);
  const double distance = std::fabs(observed - mean);
  for (int s = 0; s <= total; ++s) {
    double c = count[m][static_cast<size_t>(s)];
    all += c;
    if (std::fabs(s - mean) >= distance - 1e-9) as_extreme += c;
  }
  return all > 0 ? std::min(1.0, as_extreme / all) : 1.0;
}

Comparison Compare(const std::vector<double>& a, const std::vector<double>& b, double alpha) {
  Comparison c;
  double u = 0;
  for (double x : a) {
    for (double y : b) u += x > y ? 1.0 : (x == y ? 0.5 : 0.0);
  }
  c.u = u;
  c.p_value = MannWhitneyPValue(a, b);
  c.significant = c.p_value < alpha;
  double median_a = SpreadOf(a).median;
  double median_b = SpreadOf(b).median;
  c.change_pct = median_b != 0 ? (median_a - median_b) / median_b * 100.0 : 0.0;
  c.verdict = c.significant ? fmt::format("{:+.1f}% (p={:.3f})", c.change_pct, c.p_value)
                            : fmt::format("{:+.1f}%, within noise (p={:.2f})", c.change_pct, c.p_value);
  return c;
}

}  // namespace hftbot::lab
