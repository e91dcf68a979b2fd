#include "lab/sweep_analysis.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "lab/lab_document.h"
#include "lab/recommendation.h"
#include "lab/significance.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

constexpr const char* kStages[] = {"tick_to_order", "engine_service"};
constexpr const char* kStats[] = {"p50", "p99", "p99_9"};

double RoundToThreeFigures(double x) {
  if (x <= 0) return 0;
  const double scale = std::pow(10.0, std::floor(std::log10(x)) - 2);
  return std::round(x / scale) * scale;
}

std::optional<double> MedianOf(const std::vector<MeasuredRun>& runs, const Metric& metric) {
  std::vector<double> values;
  for (const MeasuredRun& run : runs) {
    if (std::optional<double> v = MetricValue(run.report, metric)) values.push_back(*v);
  }
  if (values.empty()) return std::nullopt;
  return SpreadOf(values).median;
}

std::optional<double> FloorOf(const json& report) {
  const json& floor = report.value("core_floor_ns", json::object()).value("one_way_p50", json());
  return floor.is_number() ? std::optional<double>(floor.get<double>()) : std::nullopt;
}

std::string Rate(double rate) { return FormatValue(*FindMetric("throughput"), rate); }

std::string Micros(double ns) { return fmt::format("{:.1f} µs", ns / 1000); }

json CapacityJson(const Capacity& c) { return {{"rate", c.rate}, {"at_top", c.at_top}}; }

std::string CapacityText(const json& c) {
  if (c["rate"].is_null()) return "n/a (no SLO bound)";
  if (c["rate"].get<double>() <= 0) return "below the lowest rate";
  return (c["at_top"].get<bool>() ? ">= " : "") + Rate(c["rate"].get<double>());
}

}  // namespace

const std::vector<double>& DefaultLadderFractions() {
  static const std::vector<double> fractions = {0.1, 0.25, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.25};
  return fractions;
}

std::vector<double> RateLadder(double saturation, const std::vector<double>& fractions) {
  std::set<double> rates;
  for (double f : fractions) {
    const double rate = RoundToThreeFigures(saturation * f);
    if (rate > 0) rates.insert(rate);
  }
  return {rates.begin(), rates.end()};
}

double SaturationOf(const std::vector<MeasuredRun>& runs) {
  return MedianOf(runs, *FindMetric("throughput")).value_or(0);
}

SloBound SloBoundOf(const SweepInput& input, const std::map<std::string, SweepSeries>& by_allocator) {
  if (input.slo_ns) return {*input.slo_ns, fmt::format("given: {}", Micros(*input.slo_ns))};
  std::optional<double> lowest;
  for (const auto& [allocator, series] : by_allocator) {
    if (!series.ladder.empty()) lowest = std::min(lowest.value_or(series.ladder.begin()->first), series.ladder.begin()->first);
  }
  std::vector<double> floors, services;
  for (const auto& [allocator, series] : by_allocator) {
    if (!lowest) break;
    auto it = series.ladder.find(*lowest);
    if (it == series.ladder.end()) continue;
    for (const MeasuredRun& run : it->second) {
      if (std::optional<double> floor = FloorOf(run.report)) floors.push_back(*floor);
      if (std::optional<double> service = MetricValue(run.report, *FindMetric("engine_service.p99"))) {
        services.push_back(*service);
      }
    }
  }
  if (floors.empty() || services.empty()) {
    return {0, "no run at the lowest rate reported core_floor_ns and engine_service: no bound (give --slo-us)"};
  }
  const double floor = SpreadOf(floors).median, service = SpreadOf(services).median;
  const double bound = input.slo_factor * (floor + service);
  return {bound, fmt::format("{:g} x (core-to-core floor p50 {:.0f} ns + engine_service p99 {}), medians over the "
                             "runs at the lowest rate, {} events/s = {}",
                             input.slo_factor, floor, Micros(service), Rate(*lowest), Micros(bound))};
}

Capacity CapacityAt(const std::map<double, double>& values_by_rate, double bound) {
  Capacity capacity;
  for (const auto& [rate, value] : values_by_rate) {
    if (value > bound) return capacity;
    capacity.rate = rate;
  }
  capacity.at_top = !values_by_rate.empty();
  return capacity;
}

json AnalyseSweep(const SweepInput& input) {
  json analysis = json::object();
  for (const std::string& profile : input.profiles) {
    json p = json::object();
    const auto found = input.series.find(profile);
    if (found == input.series.end()) {
      analysis[profile] = {{"error", "no run of this profile completed"}};
      continue;
    }
    const auto& by_allocator = found->second;
    const SloBound slo = SloBoundOf(input, by_allocator);
    p["slo_metric"] = input.slo_metric.name;
    p["slo_ns"] = slo.ns;
    p["slo_derivation"] = slo.derivation;
    std::set<double> all_rates;
    double reference = 0;
    for (const auto& [allocator, series] : by_allocator) {
      for (const auto& [rate, runs] : series.ladder) all_rates.insert(rate);
      reference = std::max(reference, SaturationOf(series.saturation));
    }
    p["rates"] = std::vector<double>(all_rates.begin(), all_rates.end());
    // Pacing changes when events are published, never what the bot decides: one digest.
    std::string digest;
    json digest_problems = json::array();
    for (const auto& [allocator, series] : by_allocator) {
      std::vector<std::pair<std::string, const MeasuredRun*>> runs;
      for (const MeasuredRun& run : series.saturation) runs.emplace_back("max speed", &run);
      for (const auto& [rate, list] : series.ladder) {
        for (const MeasuredRun& run : list) runs.emplace_back(Rate(rate) + " events/s", &run);
      }
      for (const auto& [where, run] : runs) {
        const std::string mine = run->report.value("digest", "");
        if (digest.empty()) digest = mine;
        if (mine != digest) {
          digest_problems.push_back(
              fmt::format("{} at {} round {} has digest {}, the first run {}", allocator, where, run->round, mine, digest));
        }
      }
    }
    p["digest"] = digest;
    p["digests_agree"] = digest_problems.empty();
    p["digest_problems"] = digest_problems;
    p["reference_saturation"] = reference;

    json allocators = json::object();
    std::vector<Comparison> tests;
    std::vector<std::string> tested;
    std::vector<double> baseline_rounds;
    for (const std::string& allocator : input.allocators) {
      auto it = by_allocator.find(allocator);
      if (it == by_allocator.end()) continue;
      const SweepSeries& series = it->second;
      json a = json::object();
      std::vector<double> saturations;
      for (const MeasuredRun& run : series.saturation) saturations.push_back(run.report.value("throughput_ticks_per_s", 0.0));
      const Spread s = SpreadOf(saturations);
      a["saturation"] = {{"median", s.median}, {"min", s.min}, {"max", s.max}, {"values", saturations}};

      json points = json::array();
      std::map<double, double> medians;
      std::map<int, std::map<double, double>> by_round;
      for (const auto& [rate, runs] : series.ladder) {
        json point = {{"rate", rate}, {"runs", runs.size()}};
        const double achieved = MedianOf(runs, *FindMetric("throughput")).value_or(0);
        point["achieved"] = achieved;
        point["kept_up"] = achieved >= 0.95 * rate;
        for (const char* stage : kStages) {
          json figures = json::object();
          for (const char* stat : kStats) {
            if (std::optional<double> v = MedianOf(runs, *FindMetric(std::string(stage) + "." + stat))) figures[stat] = *v;
          }
          point[stage] = figures;
        }
        if (std::optional<double> v = MedianOf(runs, input.slo_metric)) medians[rate] = *v;
        for (const MeasuredRun& run : runs) {
          if (std::optional<double> v = MetricValue(run.report, input.slo_metric)) by_round[run.round][rate] = *v;
        }
        points.push_back(point);
      }
      a["points"] = points;
      // Without a bound there is no capacity to state (not "zero").
      json capacity = slo.ns > 0 ? CapacityJson(CapacityAt(medians, slo.ns)) : json{{"rate", nullptr}, {"at_top", false}};
      std::vector<double> per_round;
      for (const auto& [round, values] : by_round) {
        if (slo.ns > 0) per_round.push_back(CapacityAt(values, slo.ns).rate);
      }
      const Spread c = SpreadOf(per_round);
      capacity["per_round"] = per_round;
      capacity["median"] = c.median;
      capacity["min"] = c.min;
      capacity["max"] = c.max;
      a["capacity"] = capacity;
      allocators[allocator] = a;
      if (slo.ns <= 0 || per_round.empty()) continue;
      if (allocator == input.allocators.front()) {
        baseline_rounds = per_round;
      } else if (!baseline_rounds.empty()) {
        tests.push_back({per_round, baseline_rounds, Direction::kHigherIsBetter, 0});
        tested.push_back(allocator);
      }
    }
    const std::vector<Verdict> verdicts = JudgeFamily(tests, input.rules);
    std::vector<Contender> contenders;
    for (size_t i = 0; i < verdicts.size(); ++i) {
      allocators[tested[i]]["capacity"]["verdict"] = {{"text", FormatVerdict(verdicts[i])},
                                                      {"word", WordText(verdicts[i].word)},
                                                      {"p_adjusted", verdicts[i].p_adjusted}};
      contenders.push_back({tested[i], tests[i].candidate, verdicts[i]});
    }
    p["allocators"] = allocators;
    p["family_size"] = tests.size();
    const Recommendation r = Recommend("capacity at SLO", input.allocators.front(), contenders,
                                       Direction::kHigherIsBetter, input.rules, RunsNeeded(tests.size(), input.rules));
    p["recommendation"] = {{"kind", KindText(r.kind)}, {"picks", r.picks}, {"best", r.best}, {"text", r.text}};
    analysis[profile] = p;
  }
  return analysis;
}

std::string SweepMarkdown(const json& analysis, const std::vector<std::string>& profiles,
                          const std::vector<std::string>& allocators) {
  std::string md;
  for (const std::string& profile : profiles) {
    const json& p = analysis.value(profile, json::object());
    if (p.contains("error") || !p.contains("allocators")) {
      md += fmt::format("## profile `{}`\n\n{}\n\n", profile, p.value("error", std::string("no data")));
      continue;
    }
    const Metric slo_metric = *FindMetric(p["slo_metric"].get<std::string>());
    md += p["slo_ns"].get<double>() > 0
              ? fmt::format("## profile `{}` — SLO: {} <= {}\n\nThe bound: {}.\n\n", profile, slo_metric.name,
                            Micros(p["slo_ns"].get<double>()), p["slo_derivation"].get<std::string>())
              : fmt::format("## profile `{}` — no SLO bound\n\n{}.\n\n", profile, p["slo_derivation"].get<std::string>());
    for (const json& problem : p["digest_problems"]) md += "- DIGEST MISMATCH: " + problem.get<std::string>() + "\n";
    const std::string baseline = allocators.front();
    md += TableRow({"allocator", "saturation (events/s, max speed)", "capacity at SLO (medians)",
                    "capacity per round, median [min–max]", "vs " + baseline});
    md += TableRule(5);
    for (const std::string& allocator : allocators) {
      const json& a = p["allocators"].value(allocator, json());
      if (a.is_null()) {
        md += TableRow({allocator, "no completed run", "", "", ""});
        continue;
      }
      const json& c = a["capacity"];
      md += TableRow({allocator,
                      fmt::format("{} [{}–{}]", Rate(a["saturation"]["median"].get<double>()),
                                  Rate(a["saturation"]["min"].get<double>()), Rate(a["saturation"]["max"].get<double>())),
                      CapacityText(c),
                      c["per_round"].empty() ? "n/a"
                                             : fmt::format("{} [{}–{}] ({} rounds)", Rate(c["median"].get<double>()),
                                                           Rate(c["min"].get<double>()), Rate(c["max"].get<double>()),
                                                           c["per_round"].size()),
                      c.contains("verdict") ? c["verdict"]["text"].get<std::string>() : std::string()});
    }
    md += "\n- " + p["recommendation"]["text"].get<std::string>() + "\n\n";

    const double reference = p["reference_saturation"].get<double>();
    for (const char* stage : kStages) {
      md += fmt::format("{} p50 / p99 / p99.9 (µs), medians over the rounds; `*` = did not keep up (achieved < 95% of "
                        "the offered rate: queueing)\n\n",
                        stage);
      std::vector<std::string> header = {"offered (events/s)", "% of highest saturation"};
      header.insert(header.end(), allocators.begin(), allocators.end());
      md += TableRow(header) + TableRule(header.size());
      for (const json& rate : p["rates"]) {
        std::vector<std::string> row = {Rate(rate.get<double>()),
                                        reference > 0 ? fmt::format("{:.0f}%", rate.get<double>() / reference * 100) : "?"};
        for (const std::string& allocator : allocators) {
          std::string cell = "n/a";
          const json& a = p["allocators"].value(allocator, json());
          for (const json& point : a.is_null() ? json::array() : a["points"]) {
            if (point["rate"] != rate) continue;
            const json& f = point[stage];
            auto us = [&](const char* stat) {
              return f.contains(stat) ? fmt::format("{:.1f}", f[stat].get<double>() / 1000) : std::string("n/a");
            };
            cell = fmt::format("{} / {} / {}{}", us("p50"), us("p99"), us("p99_9"), point["kept_up"].get<bool>() ? "" : " *");
          }
          row.push_back(cell);
        }
        md += TableRow(row);
      }
      md += "\n";
    }
  }
  return md;
}

}  // namespace hftbot::lab
