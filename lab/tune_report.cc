#include "lab/tune_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "lab/lab_document.h"
#include "lab/recommendation.h"
#include "lab/replay_mode.h"
#include "lab/significance.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

std::vector<double> ValuesOf(const TunedEntry& e, const Metric& metric) {
  std::vector<double> values;
  for (const MeasuredRun& run : e.runs) {
    if (std::optional<double> v = MetricValue(run.report, metric)) values.push_back(*v);
  }
  return values;
}

// What the allocator said about the entry's settings (ignored, rejected), over all runs.
std::vector<std::string> ProblemsOf(const TunedEntry& e) {
  std::set<std::string> problems;
  for (const MeasuredRun& run : e.runs) {
    const json& list = run.report.value("allocator", json::object()).value("problems", json::array());
    for (const json& p : list) {
      if (p.is_string()) problems.insert(p.get<std::string>());
    }
  }
  return {problems.begin(), problems.end()};
}

json MedianOf(const TunedEntry& e, const char* name) {
  std::vector<double> values = ValuesOf(e, *FindMetric(name));
  return values.empty() ? json(nullptr) : json(SpreadOf(values).median);
}

}  // namespace

json AnalyseTune(const TuneInput& input) {
  json out = {{"allocator", input.allocator}, {"metric", input.metric.name}, {"metric_label", input.metric.label}};
  out["direction"] = input.metric.direction == Direction::kHigherIsBetter ? "higher is better" : "lower is better";
  const MeasuredRun* first = nullptr;
  for (const TunedEntry& e : input.entries) {
    if (!e.runs.empty() && first == nullptr) first = &e.runs.front();
  }
  out["mode"] = first != nullptr ? ModeOf(first->report).description : "no run completed";
  out["queueing_note"] = first != nullptr ? QueueingNote(ModeOf(first->report)) : "";

  // Results must not depend on tuning: one digest across every run.
  const std::string digest = first != nullptr ? first->report.value("digest", "") : "";
  json digest_problems = json::array();
  for (const TunedEntry& e : input.entries) {
    for (const MeasuredRun& run : e.runs) {
      if (run.report.value("digest", "") != digest) {
        digest_problems.push_back(fmt::format("'{}' round {} has digest {}, others {}", e.entry.name, run.round,
                                              run.report.value("digest", "?"), digest));
      }
    }
  }
  out["digests_agree"] = digest_problems.empty();
  out["digest_problems"] = digest_problems;

  const TunedEntry& baseline = input.entries.front();
  const std::vector<double> base_values = ValuesOf(baseline, input.metric);
  std::vector<const TunedEntry*> valid;
  json invalid = json::array(), missing = json::array();
  for (const TunedEntry& e : input.entries) {
    std::vector<std::string> problems = ProblemsOf(e);
    if (!problems.empty()) {
      invalid.push_back({{"entry", e.entry.name}, {"export", ExportLine(e.entry)}, {"problems", problems}});
    } else if (ValuesOf(e, input.metric).empty()) {
      missing.push_back(e.entry.name);
    } else {
      valid.push_back(&e);
    }
  }
  out["invalid"] = invalid;
  out["missing"] = missing;

  std::vector<Comparison> tests;
  std::vector<const TunedEntry*> tested;
  for (const TunedEntry* e : valid) {
    if (e == &baseline || base_values.empty()) continue;
    tests.push_back({ValuesOf(*e, input.metric), base_values, input.metric.direction, input.aa_spread_pct});
    tested.push_back(e);
  }
  const std::vector<Verdict> verdicts = JudgeFamily(tests, input.rules);
  out["family_size"] = tests.size();
  const size_t runs_needed = RunsNeeded(tests.size(), input.rules);
  out["runs_needed"] = runs_needed;

  std::sort(valid.begin(), valid.end(), [&](const TunedEntry* a, const TunedEntry* b) {
    const double ma = SpreadOf(ValuesOf(*a, input.metric)).median, mb = SpreadOf(ValuesOf(*b, input.metric)).median;
    return input.metric.direction == Direction::kHigherIsBetter ? ma > mb : ma < mb;
  });
  json ranked = json::array();
  for (size_t i = 0; i < valid.size(); ++i) {
    const TunedEntry& e = *valid[i];
    const std::vector<double> values = ValuesOf(e, input.metric);
    const Spread s = SpreadOf(values);
    json row = {{"rank", i + 1},        {"entry", e.entry.name}, {"export", ExportLine(e.entry)},
                {"runs", values.size()}, {"median", s.median},    {"min", s.min},
                {"max", s.max},          {"values", values},      {"verdict", nullptr},
                {"throughput", MedianOf(e, "throughput")},         {"peak_rss", MedianOf(e, "peak_rss")}};
    for (size_t k = 0; k < tested.size(); ++k) {
      if (tested[k] == &e) {
        row["verdict"] = {{"text", FormatVerdict(verdicts[k])}, {"word", WordText(verdicts[k].word)},
                          {"p_adjusted", verdicts[k].p_adjusted}, {"why", verdicts[k].why}};
      }
    }
    ranked.push_back(row);
  }
  out["ranked"] = ranked;

  std::vector<Contender> contenders;
  for (size_t k = 0; k < tested.size(); ++k) contenders.push_back({tested[k]->entry.name, tests[k].candidate, verdicts[k]});
  Recommendation r = Recommend("winner", baseline.entry.name, contenders, input.metric.direction, input.rules, runs_needed);
  json exports = json::array();
  for (const std::string& pick : r.picks) {
    for (const TunedEntry& e : input.entries) {
      if (e.entry.name == pick) exports.push_back(ExportLine(e.entry));
    }
  }
  out["recommendation"] = {{"kind", KindText(r.kind)}, {"picks", r.picks}, {"best", r.best}, {"text", r.text},
                           {"exports", exports}};
  return out;
}

std::string TuneMarkdown(const json& a) {
  const Metric metric = *FindMetric(a["metric"].get<std::string>());
  const Metric throughput = *FindMetric("throughput"), rss = *FindMetric("peak_rss");
  std::string md = fmt::format("Ranked by `{}` ({}), {}. {}\n\n", a["metric"].get<std::string>(),
                               a["direction"].get<std::string>(), a["mode"].get<std::string>(),
                               a["queueing_note"].get<std::string>());
  md += fmt::format("Each entry is tested against the first ({} tests, Holm-adjusted; {} runs or more each make a "
                    "verdict possible).\n\n",
                    a["family_size"].get<size_t>(), a["runs_needed"].get<size_t>());
  md += TableRow({"rank", "entry", "environment", metric.label + " median [min–max]", "vs baseline", "runs",
                  "throughput", "peak RSS (MiB)"});
  md += TableRule(8);
  auto figure = [](const Metric& m, const json& v) { return v.is_number() ? FormatValue(m, v.get<double>()) : "n/a"; };
  for (const json& row : a["ranked"]) {
    md += TableRow({std::to_string(row["rank"].get<int>()), row["entry"].get<std::string>(),
                    "`" + row["export"].get<std::string>() + "`",
                    fmt::format("{} [{}–{}]", FormatValue(metric, row["median"].get<double>()),
                                FormatValue(metric, row["min"].get<double>()), FormatValue(metric, row["max"].get<double>())),
                    row["verdict"].is_null() ? std::string("baseline") : row["verdict"]["text"].get<std::string>(),
                    std::to_string(row["runs"].get<int>()), figure(throughput, row["throughput"]),
                    figure(rss, row["peak_rss"])});
  }
  for (const json& row : a["invalid"]) {
    std::vector<std::string> problems = row["problems"].get<std::vector<std::string>>();
    md += TableRow({"—", row["entry"].get<std::string>(), "`" + row["export"].get<std::string>() + "`",
                    fmt::format("INVALID: {}", fmt::join(problems, "; ")), "not ranked", "", "", ""});
  }
  for (const json& name : a["missing"]) {
    md += TableRow({"—", name.get<std::string>(), "", "no completed run", "not ranked", "0", "", ""});
  }
  md += "\n" + a["recommendation"]["text"].get<std::string>() + "\n";
  for (const json& line : a["recommendation"]["exports"]) md += "  " + line.get<std::string>() + "\n";
  if (!a["digests_agree"].get<bool>()) {
    md += "\nWARNING: entries produced different digests — tuning changed results:\n";
    for (const json& p : a["digest_problems"]) md += "- " + p.get<std::string>() + "\n";
  }
  return md;
}

}  // namespace hftbot::lab
