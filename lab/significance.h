// Is a difference between two sets of runs real or noise? The statistics behind every
// verdict of compare, tune, sweep and the seed report, on per-run values of one metric
// (e.g. six tick_to_order p99s per allocator):
// - the two-sided Mann-Whitney U test, which assumes nothing about the shape of the
//   distribution: exact (the permutation distribution of mid-rank sums, ties included)
//   for small samples, the normal approximation with tie and continuity correction for
//   large ones, where the exact table would need memory quadratic in the run count;
// - the Hodges-Lehmann estimate of the shift between the two samples with its
//   distribution-free confidence interval (Moses), read off the same U distribution;
// - Holm's step-down correction for a family of tests;
// - the smallest p-value a pair of sample sizes can ever produce, so a tool can say
//   "too few runs to tell" instead of "no difference".
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_SIGNIFICANCE_H_
#define HFTBOT_LAB_SIGNIFICANCE_H_

#include <cstddef>
#include <optional>
#include <vector>

namespace hftbot::lab {

struct Spread {
  double median = 0, min = 0, max = 0;
};
Spread SpreadOf(std::vector<double> values);

// Samples with n1 + n2 up to this are tested exactly; larger ones by the normal
// approximation: at 25 against 25 it is within 0.005 of the exact p anywhere, within
// 10% of it from p = 0.01 on, and above it in the far tail (conservative: exact 0.0020,
// normal 0.0025); closer as the samples grow.
inline constexpr size_t kExactMannWhitneyMaxRuns = 50;

enum class Method { kAuto, kExact, kNormal };

struct MannWhitney {
  double u = 0;        // U of a against b: pairs with a > b, plus half the ties
  double p_value = 1;  // two-sided
  bool exact = true;   // false: normal approximation
};

// REQUIRES: both non-empty.
MannWhitney MannWhitneyTest(const std::vector<double>& a, const std::vector<double>& b,
                            Method method = Method::kAuto);

// The two-sided p-value of MannWhitneyTest.
double MannWhitneyPValue(const std::vector<double>& a, const std::vector<double>& b);

// The smallest two-sided p-value samples of these sizes can give (complete separation,
// no ties): 2 / C(n1 + n2, n1), at most 1.
double MinimumPValue(size_t n1, size_t n2);

// The smallest n such that n runs on each side can reach p < threshold.
size_t RunsNeededFor(double threshold);

struct Shift {
  double estimate = 0;  // Hodges-Lehmann: the median of all differences a_i - b_j
  // The confidence interval for the shift of a against b; absent when the samples are
  // too small for any interval at that confidence (e.g. 3 against 3 at 95%).
  std::optional<double> low, high;
  double coverage = 0;  // the interval's exact (or approximate) coverage, >= the asked one
};

// REQUIRES: both non-empty; 0 < confidence < 1.
Shift HodgesLehmann(const std::vector<double>& a, const std::vector<double>& b, double confidence = 0.95,
                    Method method = Method::kAuto);

// Holm-adjusted p-values, in the order given: p_(i) * (m - i + 1) for the i-th smallest,
// made monotone and capped at 1. Rejecting where adjusted < alpha controls the
// family-wise error rate at alpha.
std::vector<double> HolmAdjust(const std::vector<double>& p_values);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SIGNIFICANCE_H_
