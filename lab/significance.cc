#include "lab/significance.h"

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

// count[s]: how many subsets of `m` of the `ranks` have (doubled) rank sum s. Doubles,
// not integers: C(50, 25) overflows nothing in a double's exponent, and only ratios
// of counts are used.
std::vector<double> SubsetSumCounts(const std::vector<int>& ranks, size_t m) {
  const int total = std::accumulate(ranks.begin(), ranks.end(), 0);
  std::vector<std::vector<double>> count(m + 1, std::vector<double>(static_cast<size_t>(total) + 1, 0.0));
  count[0][0] = 1;
  for (size_t i = 0; i < ranks.size(); ++i) {
    for (size_t k = std::min(i + 1, m); k >= 1; --k) {
      for (int s = total; s >= ranks[i]; --s) {
        count[k][static_cast<size_t>(s)] += count[k - 1][static_cast<size_t>(s - ranks[i])];
      }
    }
  }
  return count[m];
}

double UStatistic(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> sorted_b = b;
  std::sort(sorted_b.begin(), sorted_b.end());
  double u = 0;
  for (double x : a) {
    auto below = std::lower_bound(sorted_b.begin(), sorted_b.end(), x) - sorted_b.begin();
    auto not_above = std::upper_bound(sorted_b.begin(), sorted_b.end(), x) - sorted_b.begin();
    u += static_cast<double>(below) + 0.5 * static_cast<double>(not_above - below);
  }
  return u;
}

bool UseExact(size_t n1, size_t n2, Method method) {
  if (method != Method::kAuto) return method == Method::kExact;
  return n1 + n2 <= kExactMannWhitneyMaxRuns;
}

double ExactPValue(const std::vector<double>& a_in, const std::vector<double>& b_in) {
  // The two-sided p-value is symmetric in a and b: enumerate subsets of the smaller.
  const bool swap = a_in.size() > b_in.size();
  const std::vector<double>& a = swap ? b_in : a_in;
  const std::vector<double>& b = swap ? a_in : b_in;
  std::vector<double> pooled = a;
  pooled.insert(pooled.end(), b.begin(), b.end());
  const std::vector<int> ranks = DoubledRanks(pooled);
  const size_t m = a.size();
  int observed = 0;
  for (size_t i = 0; i < m; ++i) observed += ranks[i];
  const std::vector<double> counts = SubsetSumCounts(ranks, m);
  const double total = std::accumulate(ranks.begin(), ranks.end(), 0.0);
  // Two-sided: sums at least as far from the mean rank sum as the observed one.
  const double mean = total * static_cast<double>(m) / static_cast<double>(pooled.size());
  const double distance = std::fabs(observed - mean);
  double all = 0, as_extreme = 0;
  for (size_t s = 0; s < counts.size(); ++s) {
    all += counts[s];
    if (std::fabs(static_cast<double>(s) - mean) >= distance - 1e-9) as_extreme += counts[s];
  }
  return all > 0 ? std::min(1.0, as_extreme / all) : 1.0;
}

double NormalPValue(double u, const std::vector<double>& a, const std::vector<double>& b) {
  const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
  const double n = n1 + n2;
  std::vector<double> pooled = a;
  pooled.insert(pooled.end(), b.begin(), b.end());
  std::sort(pooled.begin(), pooled.end());
  double ties = 0;  // sum of t^3 - t over groups of t equal values
  for (size_t i = 0; i < pooled.size();) {
    size_t j = i;
    while (j < pooled.size() && pooled[j] == pooled[i]) ++j;
    const double t = static_cast<double>(j - i);
    ties += t * t * t - t;
    i = j;
  }
  const double variance = n1 * n2 / 12.0 * ((n + 1) - ties / (n * (n - 1)));
  if (variance <= 0) return 1.0;  // every value equal
  const double z = std::max(0.0, std::fabs(u - n1 * n2 / 2.0) - 0.5) / std::sqrt(variance);
  return std::min(1.0, std::erfc(z / std::sqrt(2.0)));
}

// z with P(Z > z) = tail, for a standard normal Z (bisection on erfc: exact to 1e-12).
double UpperQuantile(double tail) {
  double low = 0, high = 40;
  for (int i = 0; i < 100; ++i) {
    const double mid = (low + high) / 2;
    (0.5 * std::erfc(mid / std::sqrt(2.0)) > tail ? low : high) = mid;
  }
  return (low + high) / 2;
}

// The k-th smallest (1-based) of `values`, which it reorders.
double OrderStatistic(std::vector<double>& values, size_t k) {
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k - 1), values.end());
  return values[k - 1];
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

MannWhitney MannWhitneyTest(const std::vector<double>& a, const std::vector<double>& b, Method method) {
  MannWhitney result;
  result.u = UStatistic(a, b);
  result.exact = UseExact(a.size(), b.size(), method);
  result.p_value = result.exact ? ExactPValue(a, b) : NormalPValue(result.u, a, b);
  return result;
}

double MannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b) {
  return MannWhitneyTest(a, b).p_value;
}

double MinimumPValue(size_t n1, size_t n2) {
  const double log_choose = std::lgamma(static_cast<double>(n1 + n2) + 1) - std::lgamma(static_cast<double>(n1) + 1) -
                            std::lgamma(static_cast<double>(n2) + 1);
  return std::min(1.0, 2.0 * std::exp(-log_choose));
}

size_t RunsNeededFor(double threshold) {
  size_t n = 1;
  while (MinimumPValue(n, n) >= threshold && n < 100000) ++n;
  return n;
}

Shift HodgesLehmann(const std::vector<double>& a, const std::vector<double>& b, double confidence, Method method) {
  std::vector<double> differences;
  differences.reserve(a.size() * b.size());
  for (double x : a) {
    for (double y : b) differences.push_back(x - y);
  }
  const size_t pairs = differences.size();
  Shift shift;
  shift.estimate = pairs % 2 ? OrderStatistic(differences, pairs / 2 + 1)
                             : (OrderStatistic(differences, pairs / 2) + OrderStatistic(differences, pairs / 2 + 1)) / 2;
  const double tail = (1 - confidence) / 2;
  // k: the largest with P(U <= k - 1) <= tail under no difference; the interval runs
  // from the k-th smallest to the k-th largest difference.
  size_t k = 0;
  if (UseExact(a.size(), b.size(), method)) {
    std::vector<int> ranks(a.size() + b.size());
    for (size_t i = 0; i < ranks.size(); ++i) ranks[i] = 2 * static_cast<int>(i + 1);
    const size_t m = std::min(a.size(), b.size());
    const std::vector<double> counts = SubsetSumCounts(ranks, m);
    const double all = std::accumulate(counts.begin(), counts.end(), 0.0);
    const size_t lowest_sum = m * (m + 1);  // doubled rank sum at U = 0
    double below = 0;                      // P(U <= k - 1)
    while (k < pairs) {
      const double next = below + counts[lowest_sum + 2 * k] / all;
      if (next > tail + 1e-12) break;
      below = next;
      ++k;
    }
    shift.coverage = 1 - 2 * below;
  } else {
    const double n1 = static_cast<double>(a.size()), n2 = static_cast<double>(b.size());
    const double sigma = std::sqrt(n1 * n2 * (n1 + n2 + 1) / 12);
    const double k_real = std::floor(n1 * n2 / 2 - UpperQuantile(tail) * sigma + 0.5);
    k = k_real < 1 ? 0 : static_cast<size_t>(k_real);
    shift.coverage = 1 - std::erfc((n1 * n2 / 2 - (static_cast<double>(k) - 0.5)) / sigma / std::sqrt(2.0));
  }
  if (k >= 1 && k <= pairs / 2 + 1) {
    shift.low = OrderStatistic(differences, k);
    shift.high = OrderStatistic(differences, pairs - k + 1);
  } else {
    shift.coverage = 0;
  }
  return shift;
}

std::vector<double> HolmAdjust(const std::vector<double>& p_values) {
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) { return p_values[x] < p_values[y]; });
  std::vector<double> adjusted(m);
  double running = 0;
  for (size_t i = 0; i < m; ++i) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - i) * p_values[order[i]]));
    adjusted[order[i]] = running;
  }
  return adjusted;
}

}  // namespace hftbot::lab
