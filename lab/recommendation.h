// One recommendation line from a family of verdicts against a baseline, with the
// same rules everywhere (compare, tune, sweep):
//   - "use X" only when X is "better" than the baseline (lab/verdict.h); when several
//     are better and the best cannot be told apart from some of them (their own
//     comparison is not "better"), all of those are named, in arm order, so that a
//     re-run on the same input does not flip between equals;
//   - "too few runs to tell" when no contender could have reached a verdict — never
//     "keep the baseline", which would be a claim the runs cannot support;
//   - "nothing to compare" when no contender could be tested at all (every run of
//     them failed, or the figure is missing);
//   - else keep the baseline: nothing beats it beyond noise.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_RECOMMENDATION_H_
#define HFTBOT_LAB_RECOMMENDATION_H_

#include <string>
#include <vector>

#include "lab/verdict.h"

namespace hftbot::lab {

struct Contender {
  std::string label;
  std::vector<double> values;
  Verdict verdict;  // against the baseline, judged in its family
};

enum class RecommendationKind { kUse, kKeepBaseline, kTooFewRuns, kNothingToCompare };

struct Recommendation {
  RecommendationKind kind = RecommendationKind::kKeepBaseline;
  std::vector<std::string> picks;  // kUse: the contenders named, in arm order
  std::string best;                // kUse: the best median among them
  std::string text;                // one line for people
};

// `what` names the figure ("latency (tick_to_order p99)"); `runs_needed` is quoted in
// the too-few-runs line.
Recommendation Recommend(const std::string& what, const std::string& baseline, const std::vector<Contender>& contenders,
                         Direction direction, const VerdictRules& rules, size_t runs_needed);

// "use", "keep baseline", "too few runs to tell", "nothing to compare".
const char* KindText(RecommendationKind kind);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_RECOMMENDATION_H_
