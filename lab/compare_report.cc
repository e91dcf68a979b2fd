#include "lab/compare_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "lab/lab_document.h"
#include "lab/metric.h"
#include "lab/node_effect.h"
#include "lab/recommendation.h"
#include "lab/replay_mode.h"
#include "lab/significance.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json NumberOrNull(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

json VerdictJson(const Verdict& v) {
  return {{"change_pct", NumberOrNull(v.change_pct)},
          {"low_pct", v.low_pct ? json(*v.low_pct) : json(nullptr)},
          {"high_pct", v.high_pct ? json(*v.high_pct) : json(nullptr)},
          {"shift", v.shift},
          {"p_value", v.p_value},
          {"p_adjusted", v.p_adjusted},
          {"exact", v.exact},
          {"threshold_pct", v.threshold_pct},
          {"word", WordText(v.word)},
          {"why", v.why},
          {"text", FormatVerdict(v)}};
}

std::vector<double> ValuesOf(const std::vector<MeasuredRun>& runs, const Metric& metric) {
  std::vector<double> values;
  for (const MeasuredRun& run : runs) {
    if (std::optional<double> v = MetricValue(run.report, metric)) values.push_back(*v);
  }
  return values;
}

// The figures a profile's table shows: the display list, then tested ones not in it.
std::vector<Metric> ShownMetrics(const std::vector<Metric>& tested) {
  std::vector<Metric> shown;
  for (const std::string& name : CompareDisplayMetrics()) shown.push_back(*FindMetric(name));
  for (const Metric& m : tested) {
    if (std::none_of(shown.begin(), shown.end(), [&](const Metric& s) { return s.name == m.name; })) shown.push_back(m);
  }
  return shown;
}

// How far an A/A comparison moved a metric: the largest of |change| and the interval's ends.
double SpreadOfAa(const Verdict& v) {
  double spread = std::isnan(v.change_pct) ? 0 : std::fabs(v.change_pct);
  if (v.low_pct) spread = std::max(spread, std::fabs(*v.low_pct));
  if (v.high_pct) spread = std::max(spread, std::fabs(*v.high_pct));
  return spread;
}

// Fills out["nodes"] and, for runs on several nodes, the per-node A/A of every tested
// metric of every variant (out["node_effects"], out["node_warnings"]).
template <typename RunsOf>
void AnalyseNodes(const CompareInput& input, const std::vector<Metric>& tested, RunsOf runs_of, json& out) {
  std::vector<std::string> nodes;
  for (const std::string& arm : input.arms) {
    for (const MeasuredRun& run : runs_of(arm)) {
      if (!run.node.empty() && std::find(nodes.begin(), nodes.end(), run.node) == nodes.end()) nodes.push_back(run.node);
    }
  }
  out["nodes"] = nodes;
  if (nodes.size() < 2) return;
  json effects = json::object(), warnings = json::array();
  for (const std::string& arm : input.arms) {
    for (const Metric& m : tested) {
      std::vector<NodeValue> values;
      std::vector<std::string> seen;
      for (const MeasuredRun& run : runs_of(arm)) {
        const std::optional<double> value = MetricValue(run.report, m);
        if (run.node.empty() || !value) continue;
        values.push_back({run.node, *value});
        if (std::find(seen.begin(), seen.end(), run.node) == seen.end()) seen.push_back(run.node);
      }
      if (seen.size() < 2) continue;
      const NodeEffect e = JudgeNodeEffect(values, input.rules.alpha);
      json groups = json::array();
      for (const NodeGroup& g : e.nodes) {
        groups.push_back({{"node", g.node}, {"runs", g.runs}, {"median", g.median}, {"within_pct", g.within_pct}});
      }
      effects[arm][m.name] = {{"nodes", groups},
                              {"between_pct", e.between_pct},
                              {"within_pct", e.within_known ? json(e.within_pct) : json(nullptr)},
                              {"p_adjusted", e.p_adjusted},
                              {"testable", e.testable},
                              {"outlier", e.outlier},
                              {"node_effect", e.flagged}};
      if (e.flagged) {
        warnings.push_back(fmt::format(
            "{} {}: the node medians are {:.1f}% apart, more than the {:.1f}% spread within a node, and node {} "
            "differs from the others (p={:.3g}): these nodes do not measure alike, so its verdicts mix node and "
            "allocator effects",
            arm, m.label, e.between_pct, e.within_pct, e.outlier, e.p_adjusted));
      }
    }
  }
  out["node_effects"] = effects;
  out["node_warnings"] = warnings;
}

json AnalyseProfile(const CompareInput& input, const std::string& profile) {
  json out = json::object();
  const auto found = input.runs.find(profile);
  const std::map<std::string, std::vector<MeasuredRun>> empty;
  const auto& by_arm = found == input.runs.end() ? empty : found->second;
  auto runs_of = [&](const std::string& arm) -> const std::vector<MeasuredRun>& {
    static const std::vector<MeasuredRun> none;
    auto it = by_arm.find(arm);
    return it == by_arm.end() ? none : it->second;
  };
  const MeasuredRun* first = nullptr;
  for (const std::string& arm : input.arms) {
    if (!runs_of(arm).empty() && first == nullptr) first = &runs_of(arm).front();
  }
  if (first == nullptr) {
    out["error"] = "no run of this profile completed";
    return out;
  }
  const ReplayMode mode = ModeOf(first->report);
  out["mode"] = mode.description;
  out["paced"] = mode.paced;
  out["queueing_note"] = QueueingNote(mode);

  // Every run must have produced the same orders and fills.
  const std::string digest = first->report.value("digest", "");
  out["digest"] = digest;
  json problems = json::array();
  int digest_runs = 0;
  for (const std::string& arm : input.arms) {
    for (const MeasuredRun& run : runs_of(arm)) {
      ++digest_runs;
      if (run.report.value("digest", "") != digest) {
        problems.push_back(fmt::format("{} round {} has digest {} but {} round {} has {}", arm, run.round,
                                       run.report.value("digest", "?"), input.arms.front(), first->round, digest));
      }
    }
  }
  out["digests_agree"] = problems.empty();
  out["digest_problems"] = problems;
  out["digest_runs"] = digest_runs;

  const std::vector<std::string> tested_names = input.tested.empty() ? DefaultTestedMetrics(mode.paced) : input.tested;
  std::vector<Metric> tested;
  for (const std::string& name : tested_names) {
    if (std::optional<Metric> m = FindMetric(name)) tested.push_back(*m);
  }
  out["tested"] = tested_names;
  const std::vector<Metric> shown = ShownMetrics(tested);
  const std::string& baseline = input.arms.front();
  const Metric headline = *FindMetric(DefaultLatencyMetric(mode.paced));

  json arms = json::object();
  for (const std::string& arm : input.arms) {
    const auto& runs = runs_of(arm);
    json a = {{"runs", runs.size()}, {"version", runs.empty() ? json(nullptr)
                                           : runs.front().report.value("allocator", json::object()).value("version", json(nullptr))}};
    json metrics = json::object();
    for (const Metric& m : shown) {
      std::vector<double> values = ValuesOf(runs, m);
      if (values.empty()) continue;
      const Spread s = SpreadOf(values);
      metrics[m.name] = {{"median", s.median}, {"min", s.min}, {"max", s.max}, {"values", values}};
    }
    a["metrics"] = metrics;
    // The run with the median headline latency, for plots of one typical run.
    std::vector<std::pair<double, std::string>> by_headline;
    for (const MeasuredRun& run : runs) {
      by_headline.emplace_back(MetricValue(run.report, headline).value_or(0), run.dir);
    }
    std::sort(by_headline.begin(), by_headline.end());
    a["median_run_dir"] = by_headline.empty() ? json(nullptr) : json(by_headline[by_headline.size() / 2].second);
    arms[arm] = a;
  }

  // The family: every allocator against the baseline on every tested metric.
  std::vector<Comparison> tests;
  std::vector<std::pair<std::string, std::string>> where;  // (arm, metric) of each test
  const json& aa_spread = input.aa_spread_pct.is_object() ? input.aa_spread_pct.value(profile, json::object()) : json::object();
  for (size_t k = 1; k < input.arms.size(); ++k) {
    for (const Metric& m : tested) {
      std::vector<double> candidate = ValuesOf(runs_of(input.arms[k]), m);
      std::vector<double> base = ValuesOf(runs_of(baseline), m);
      if (candidate.empty() || base.empty()) continue;
      const json spread_figure = aa_spread.value(m.name, json());
      const double spread = spread_figure.is_number() ? spread_figure.get<double>() : 0.0;
      tests.push_back({candidate, base, m.direction, spread});
      where.emplace_back(input.arms[k], m.name);
    }
  }
  const std::vector<Verdict> verdicts = JudgeFamily(tests, input.rules);
  for (size_t i = 0; i < verdicts.size(); ++i) {
    arms[where[i].first]["metrics"][where[i].second]["verdict"] = VerdictJson(verdicts[i]);
  }
  out["arms"] = arms;
  out["family_size"] = tests.size();
  const size_t runs_needed = RunsNeeded(tests.size(), input.rules);
  out["runs_needed"] = runs_needed;

  json recommendations = json::array();
  for (const Metric& m : tested) {
    std::vector<Contender> contenders;
    for (size_t i = 0; i < verdicts.size(); ++i) {
      if (where[i].second == m.name) contenders.push_back({where[i].first, tests[i].candidate, verdicts[i]});
    }
    if (contenders.empty()) continue;
    Recommendation r = Recommend(m.label, baseline, contenders, m.direction, input.rules, runs_needed);
    recommendations.push_back(
        {{"metric", m.name}, {"kind", KindText(r.kind)}, {"picks", r.picks}, {"best", r.best}, {"text", r.text}});
  }
  out["recommendations"] = recommendations;

  json over_capacity = json::object();
  for (const std::string& arm : input.arms) {
    std::vector<json> reports;
    for (const MeasuredRun& run : runs_of(arm)) reports.push_back(run.report);
    if (std::optional<std::string> why = OverCapacity(reports)) over_capacity[arm] = *why;
  }
  out["over_capacity"] = over_capacity;

  AnalyseNodes(input, tested, runs_of, out);

  if (input.aa && input.arms.size() == 2) {
    json spread = json::object();
    for (const Metric& m : shown) {
      std::vector<double> a = ValuesOf(runs_of(input.arms[1]), m), b = ValuesOf(runs_of(baseline), m);
      if (!a.empty() && !b.empty()) spread[m.name] = SpreadOfAa(Judge(Comparison{a, b, m.direction, 0}, input.rules));
    }
    out["aa_spread_pct"] = spread;
  }
  return out;
}

std::string SpreadCell(const Metric& m, const json& figures) {
  return fmt::format("{} [{}–{}]", FormatValue(m, figures["median"].get<double>()),
                     FormatValue(m, figures["min"].get<double>()), FormatValue(m, figures["max"].get<double>()));
}

// One line for runs on one node; for several, the per-node table and any warnings.
std::string NodesMarkdown(const json& p, const std::vector<std::string>& arms) {
  const json nodes = p.value("nodes", json::array());
  if (nodes.empty()) return "";
  if (nodes.size() == 1) return fmt::format("- all runs on node `{}`\n", nodes[0].get<std::string>());
  std::vector<std::string> names;
  for (const json& node : nodes) names.push_back(node.get<std::string>());
  std::string md = fmt::format(
      "\nRuns on {} nodes ({}). Per-node A/A: each allocator's runs on one node against its runs on the others "
      "(Mann-Whitney, Holm over the nodes); a node effect is a significant difference larger than the spread "
      "within a node.\n\n",
      names.size(), fmt::join(names, ", "));
  const std::vector<std::string> header = {"allocator", "metric", "per node: runs, median", "between nodes",
                                           "within a node", "p", "node effect"};
  md += TableRow(header) + TableRule(header.size());
  const json effects = p.value("node_effects", json::object());
  for (const std::string& arm : arms) {
    const json of_arm = effects.value(arm, json::object());
    for (const auto& [name, e] : of_arm.items()) {
      const Metric m = *FindMetric(name);
      std::vector<std::string> groups;
      for (const json& g : e["nodes"]) {
        groups.push_back(fmt::format("{}: {}, {}", g["node"].get<std::string>(), g["runs"].get<int>(),
                                     FormatValue(m, g["median"].get<double>())));
      }
      md += TableRow({arm, m.label, fmt::format("{}", fmt::join(groups, "; ")),
                      fmt::format("{:.1f}%", e["between_pct"].get<double>()),
                      e["within_pct"].is_number() ? fmt::format("{:.1f}%", e["within_pct"].get<double>()) : "n/a",
                      fmt::format("{:.3g}", e["p_adjusted"].get<double>()),
                      e["node_effect"].get<bool>() ? "**yes**"
                      : e["testable"].get<bool>()  ? "no"
                                                   : "too few runs per node to tell"});
    }
  }
  md += "\n";
  for (const json& warning : p.value("node_warnings", json::array())) {
    md += "- NODE EFFECT: " + warning.get<std::string>() + "\n";
  }
  return md;
}

}  // namespace

const std::vector<std::string>& CompareDisplayMetrics() {
  static const std::vector<std::string> names = {
      "throughput",         "tick_to_order.p50", "tick_to_order.p99", "tick_to_order.p99_9", "tick_to_order.max",
      "engine_service.p50", "engine_service.p99", "engine_service.p99_9", "queue_wait.p99", "publish_lag.p99",
      "peak_rss",           "resident",          "allocated",         "fragmentation",     "allocs_per_event"};
  return names;
}

json AnalyseCompare(const CompareInput& input) {
  json analysis = json::object();
  for (const std::string& profile : input.profiles) analysis[profile] = AnalyseProfile(input, profile);
  return analysis;
}

std::string CompareMarkdown(const json& analysis, const std::vector<std::string>& profiles,
                            const std::vector<std::string>& arms) {
  std::string md;
  for (const std::string& profile : profiles) {
    const json& p = analysis.value(profile, json::object());
    if (p.contains("error")) {
      md += fmt::format("## profile `{}`\n\n{}\n\n", profile, p["error"].get<std::string>());
      continue;
    }
    md += fmt::format("## profile `{}` — {} — digest `{}` {}\n\n", profile, p["mode"].get<std::string>(),
                      p["digest"].get<std::string>(),
                      p["digests_agree"].get<bool>()
                          ? fmt::format("(identical in all {} runs)", p["digest_runs"].get<int>())
                          : std::string("— MISMATCH: results invalid"));
    for (const json& problem : p["digest_problems"]) md += "- DIGEST MISMATCH: " + problem.get<std::string>() + "\n";
    md += "> " + p["queueing_note"].get<std::string>() + "\n\n";

    std::vector<Metric> tested;
    for (const json& name : p["tested"]) tested.push_back(*FindMetric(name.get<std::string>()));
    md += fmt::format(
        "Tested against {} ({} tests, Holm-adjusted; with {} runs or more each a verdict is possible):\n\n",
        arms.front(), p["family_size"].get<size_t>(), p["runs_needed"].get<size_t>());
    std::vector<std::string> header = {"allocator", "runs"};
    for (const Metric& m : tested) header.push_back(m.label);
    md += TableRow(header) + TableRule(header.size());
    for (const std::string& arm : arms) {
      const json& a = p["arms"][arm];
      std::vector<std::string> row = {a["version"].is_string() ? fmt::format("{} ({})", arm, a["version"].get<std::string>()) : arm,
                                      std::to_string(a["runs"].get<int>())};
      for (const Metric& m : tested) {
        const json& figures = a["metrics"].value(m.name, json());
        if (figures.is_null()) {
          row.push_back("n/a");
        } else if (arm == arms.front()) {
          row.push_back(SpreadCell(m, figures));
        } else {
          row.push_back(figures.contains("verdict") ? figures["verdict"]["text"].get<std::string>() : "n/a");
        }
      }
      md += TableRow(row);
    }
    md += "\n";
    for (const json& r : p["recommendations"]) md += "- " + r["text"].get<std::string>() + "\n";
    for (const auto& [arm, why] : p["over_capacity"].items()) {
      md += fmt::format("- over capacity: {}: {}\n", arm, why.get<std::string>());
    }
    md += NodesMarkdown(p, arms);
    if (p.contains("aa_spread_pct")) {
      md += "\nA/A spread (how far two sets of runs of the same build landed; pass this compare.json to a later "
            "compare with --noise to hold every difference to it):";
      for (const auto& [name, pct] : p["aa_spread_pct"].items()) md += fmt::format(" {} {:.1f}%;", name, pct.get<double>());
      md += "\n";
    }

    md += "\nAll figures, median [min–max] over the runs:\n\n";
    std::vector<std::string> names;
    for (const std::string& name : CompareDisplayMetrics()) {
      bool any = false;
      for (const std::string& arm : arms) any |= p["arms"][arm]["metrics"].contains(name);
      if (any) names.push_back(name);
    }
    std::vector<std::string> all_header = {"allocator"};
    for (const std::string& name : names) all_header.push_back(FindMetric(name)->label);
    md += TableRow(all_header) + TableRule(all_header.size());
    for (const std::string& arm : arms) {
      std::vector<std::string> row = {arm};
      for (const std::string& name : names) {
        const json& figures = p["arms"][arm]["metrics"].value(name, json());
        row.push_back(figures.is_null() ? "n/a" : SpreadCell(*FindMetric(name), figures));
      }
      md += TableRow(row);
    }
    md += "\n";
  }
  return md;
}

}  // namespace hftbot::lab
