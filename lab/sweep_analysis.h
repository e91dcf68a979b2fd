// The analysis of //lab:sweep: latency against offered load. For each allocator (and
// profile) a max-speed replay finds its saturation throughput; the bot is then paced
// at a ladder of rates from about 10% of the highest saturation to past it, R rounds
// interleaved. From the reports:
//   - one digest over every run (pacing must not change what the bot decides);
//   - per offered rate, the medians over the rounds of tick_to_order and
//     engine_service p50/p99/p99.9, and whether the allocator kept up (achieved >= 95%
//     of the rate);
//   - the SLO bound on the SLO metric (tick_to_order p99 by default): given, or
//     slo_factor x (core-to-core floor p50 + engine_service p99), both medians over
//     every run at the lowest rate, where nothing queues;
//   - capacity at SLO: the highest offered rate below the first whose SLO metric
//     exceeds the bound, walking up the ladder — once from the medians over the
//     rounds (the headline), and once per round (its spread);
//   - each allocator's per-round capacities judged against the baseline's
//     (lab/verdict.h, Holm over the allocators), and one recommendation.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_SWEEP_ANALYSIS_H_
#define HFTBOT_LAB_SWEEP_ANALYSIS_H_

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "lab/compare_report.h"
#include "lab/metric.h"
#include "lab/verdict.h"

namespace hftbot::lab {

// The default ladder, as fractions of the highest saturation among the allocators.
const std::vector<double>& DefaultLadderFractions();

// Offered rates: each fraction of `saturation`, rounded to 3 significant figures,
// ascending and distinct.
std::vector<double> RateLadder(double saturation, const std::vector<double>& fractions);

// The median throughput of max-speed runs; 0 when there are none.
double SaturationOf(const std::vector<MeasuredRun>& runs);

struct SweepSeries {
  std::vector<MeasuredRun> saturation;             // max-speed runs (measured rounds)
  std::map<double, std::vector<MeasuredRun>> ladder;  // offered rate -> paced runs
};

struct SweepInput {
  std::vector<std::string> profiles;
  std::vector<std::string> allocators;  // the first is the baseline
  std::map<std::string, std::map<std::string, SweepSeries>> series;  // [profile][allocator]
  Metric slo_metric;                  // tick_to_order.p99 by default
  std::optional<double> slo_ns;       // given bound; else derived with slo_factor
  double slo_factor = 20;
  VerdictRules rules;
};

struct SloBound {
  double ns = 0;
  std::string derivation;  // how it was set, for the report
};

// The bound for one profile's series (REQUIRES: runs at the lowest rate when not given).
SloBound SloBoundOf(const SweepInput& input, const std::map<std::string, SweepSeries>& by_allocator);

struct Capacity {
  double rate = 0;           // 0: even the lowest rate exceeds the bound
  bool at_top = false;       // no rate of the ladder exceeded it: capacity is at least this
};

// Walks `values_by_rate` (offered rate -> SLO metric, ascending) up to the first value
// above `bound`.
Capacity CapacityAt(const std::map<double, double>& values_by_rate, double bound);

// Per profile: {slo_ns, slo_derivation, slo_metric, rates[], digest, digests_agree,
// digest_problems[], allocators: {name:
// {saturation{median,min,max,values}, capacity{rate, at_top, per_round[], median, min,
// max, verdict}, points[{rate, runs, achieved, kept_up, <stage>: {p50, p99, p99_9}}]}},
// recommendation{kind, picks, text}}.
nlohmann::json AnalyseSweep(const SweepInput& input);

std::string SweepMarkdown(const nlohmann::json& analysis, const std::vector<std::string>& profiles,
                          const std::vector<std::string>& allocators);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SWEEP_ANALYSIS_H_
