#include "lab/recommendation.h"

#include <fmt/format.h>

#include "lab/significance.h"

namespace hftbot::lab {

const char* KindText(RecommendationKind kind) {
  switch (kind) {
    case RecommendationKind::kUse:
      return "use";
    case RecommendationKind::kKeepBaseline:
      return "keep baseline";
    case RecommendationKind::kTooFewRuns:
      return "too few runs to tell";
    case RecommendationKind::kNothingToCompare:
      return "nothing to compare";
  }
  return "?";
}

Recommendation Recommend(const std::string& what, const std::string& baseline, const std::vector<Contender>& contenders,
                         Direction direction, const VerdictRules& rules, size_t runs_needed) {
  Recommendation r;
  if (contenders.empty()) {
    r.kind = RecommendationKind::kNothingToCompare;
    r.text = fmt::format("{}: nothing to compare with {}: no other run has this figure", what, baseline);
    return r;
  }
  const Contender* best = nullptr;
  std::vector<std::string> too_few;
  for (const Contender& c : contenders) {
    if (c.verdict.word == Word::kTooFewRuns) too_few.push_back(c.label);
    if (c.verdict.word != Word::kBetter) continue;
    const double median = SpreadOf(c.values).median;
    if (best == nullptr || (direction == Direction::kLowerIsBetter ? median < SpreadOf(best->values).median
                                                                   : median > SpreadOf(best->values).median)) {
      best = &c;
    }
  }
  if (best == nullptr) {
    if (too_few.size() == contenders.size()) {
      r.kind = RecommendationKind::kTooFewRuns;
      r.text = fmt::format("{}: too few runs to tell ({}); at least {} runs each are needed", what,
                           contenders.front().verdict.why, runs_needed);
      return r;
    }
    r.kind = RecommendationKind::kKeepBaseline;
    r.text = fmt::format("{}: nothing beats {} beyond noise (a change of at least {:.1f}% with p < {} is needed)", what,
                         baseline, rules.min_effect_pct, rules.alpha);
    if (!too_few.empty()) r.text += fmt::format("; too few runs to tell for {}", fmt::join(too_few, ", "));
    return r;
  }
  r.kind = RecommendationKind::kUse;
  r.best = best->label;
  std::vector<std::string> described;
  for (const Contender& c : contenders) {
    if (c.verdict.word != Word::kBetter) continue;
    // An equal of the best: better than the baseline, and not better than it beyond noise.
    const bool equal = &c == best || Judge(Comparison{best->values, c.values, direction, 0}, rules).word != Word::kBetter;
    if (!equal) continue;
    r.picks.push_back(c.label);
    described.push_back(fmt::format("{} {}", c.label, FormatVerdict(c.verdict)));
  }
  r.text = fmt::format("{}: use {} — against {}: {}", what, fmt::join(r.picks, " or "), baseline,
                       fmt::join(described, "; "));
  if (r.picks.size() > 1) r.text += " (not distinguishable from each other: either will do)";
  return r;
}

}  // namespace hftbot::lab
