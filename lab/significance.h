// Is a difference between two allocators real or noise? Per-run values of one metric
// (e.g. five tick_to_order p99s per allocator) are compared with the two-sided
// Mann-Whitney U test, exact for the small run counts compare uses (no normal
// approximation, no assumption that latencies are normally distributed).
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_SIGNIFICANCE_H_
#define HFTBOT_LAB_SIGNIFICANCE_H_

#include <string>
#include <vector>

namespace hftbot::lab {

struct Spread {
  double median = 0, min = 0, max = 0;
};
Spread SpreadOf(std::vector<double> values);

struct Comparison {
  double u = 0;             // Mann-Whitney U of `a` against `b`
  double p_value = 1;       // two-sided, exact (ties handled by the exact distribution of mid-ranks)
  bool significant = false; // p_value < alpha
  double change_pct = 0;    // (median(a) - median(b)) / median(b) * 100
  std::string verdict;      // e.g. "-12.3% (p=0.008)" or "within noise (p=0.42)"
};

// REQUIRES: both non-empty. alpha is the significance level (compare uses 0.05).
Comparison Compare(const std::vector<double>& a, const std::vector<double>& b, double alpha = 0.05);

// Exact two-sided p-value of the Mann-Whitney test for samples a and b.
double MannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SIGNIFICANCE_H_
