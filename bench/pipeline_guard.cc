#include "bench/pipeline_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <stdexcept>

namespace hftbot::bench {
namespace {

using nlohmann::json;

void RequireReport(const json& report, const char* which) {
  if (!report.is_object() || report.value("schema", "") != kPipelinePerfSchema || !report.contains("cases") ||
      !report["cases"].is_array()) {
    throw std::invalid_argument(
        fmt::format("{} is not a pipeline perf report (schema {} with cases)", which, kPipelinePerfSchema));
  }
}

std::vector<double> Times(const json& c) {
  std::vector<double> times;
  for (const json& t : c.value("times", json::array())) times.push_back(t.get<double>());
  return times;
}

const json* FindCase(const json& report, const std::string& name) {
  for (const json& c : report["cases"]) {
    if (c.value("case", "") == name) return &c;
  }
  return nullptr;
}

std::string MetaText(const json& report, const char* key) {
  const json& value = report.value("meta", json::object()).value(key, json());
  return value.is_string() ? value.get<std::string>() : value.dump();
}

const char* VerdictText(const CaseJudgement& j) {
  switch (j.change) {
    case Change::kRegression:
      return "REGRESSION";
    case Change::kImprovement:
      return "improvement";
    case Change::kWithinNoise:
      break;
  }
  return "within noise";
}

}  // namespace

int PipelineGuardResult::regressions() const {
  return static_cast<int>(std::count_if(rows.begin(), rows.end(),
                                        [](const CaseRow& r) { return r.judgement.change == Change::kRegression; }));
}

int PipelineGuardResult::improvements() const {
  return static_cast<int>(std::count_if(rows.begin(), rows.end(),
                                        [](const CaseRow& r) { return r.judgement.change == Change::kImprovement; }));
}

PipelineGuardResult ComparePipelineRun(const json& baseline, const json& run, const PipelineGuardOptions& options) {
  RequireReport(baseline, "the baseline");
  RequireReport(run, "the run");
  PipelineGuardResult result;
  result.informational = run.value("meta", json::object()).value("smoke", false);
  // Times compare only where the baseline's were taken, of the same build and input.
  for (const char* key : {"machine", "allocator", "ticks_file", "events"}) {
    if (MetaText(baseline, key) != MetaText(run, key)) {
      result.notes.push_back(
          fmt::format("not compared: the baseline's {} is {} but this run's is {}; take a baseline here "
                      "with --write-baseline",
                      key, MetaText(baseline, key), MetaText(run, key)));
    }
  }
  if (!result.notes.empty()) return result;
  result.compared = true;
  if (MetaText(baseline, "digest") != MetaText(run, "digest")) {
    result.notes.push_back(
        "the digest differs from the baseline's: the engine or strategy now does other work, "
        "so a change of time may be the work, not the speed");
  }

  std::map<std::string, double> drift;  // control case -> median ratio run / baseline
  for (const json& c : run["cases"]) {
    if (c.contains("drift_from")) continue;
    const std::string name = c.value("case", "");
    const json* base = FindCase(baseline, name);
    if (base == nullptr || Times(c).empty() || Times(*base).empty()) continue;
    drift[name] = options.correct_drift ? ControlRatio(Times(*base), Times(c)) : 1;
  }
  for (const json& c : run["cases"]) {
    const std::string name = c.value("case", "");
    const json* base = FindCase(baseline, name);
    if (base == nullptr) {
      result.notes.push_back("new case (not in the baseline): " + name);
      continue;
    }
    if (!c.contains("drift_from")) continue;
    const std::vector<double> now = Times(c);
    const std::vector<double> before = Times(*base);
    if (now.empty() || before.empty()) {
      result.notes.push_back("no times to compare: " + name);
      continue;
    }
    CaseRow row{name, c.value("unit", ""), c["drift_from"].get<std::string>()};
    const auto control = drift.find(row.control);
    if (control != drift.end()) {
      row.drift = control->second;
    } else {
      result.notes.push_back(
          fmt::format("{}: its control {} is missing from one report: not corrected", name, row.control));
    }
    row.judgement = JudgeCase(before, now, row.drift, options.rules);
    row.raw_median = row.judgement.current_median * row.drift;
    result.rows.push_back(row);
  }
  for (const json& c : baseline["cases"]) {
    if (FindCase(run, c.value("case", "")) == nullptr) {
      result.notes.push_back("case missing from the run: " + c.value("case", ""));
    }
  }
  return result;
}

std::string FormatPipelineGuard(const PipelineGuardResult& result) {
  std::string out;
  if (result.informational) {
    out +=
        "guard: --smoke run: few repetitions; the verdicts below are informational, never a "
        "failure\n";
  }
  if (!result.rows.empty()) {
    out += fmt::format("{:<36} {:>10} {:>10} {:>8} {:>10} {:>8} {:>10}  {}\n", "case (median, lower is faster)",
                       "baseline", "run", "drift", "corrected", "change", "threshold", "verdict");
  }
  for (const CaseRow& r : result.rows) {
    const CaseJudgement& j = r.judgement;
    out += fmt::format("{:<36} {:>10.2f} {:>10.2f} {:>+7.1f}% {:>10.2f} {:>+7.1f}% {:>9.1f}%  {}{}\n",
                       r.name + " (" + r.unit + ")", j.baseline_median, r.raw_median, (r.drift - 1) * 100,
                       j.current_median, j.change_pct, j.threshold_pct, VerdictText(j),
                       j.change == Change::kWithinNoise ? ""
                                                        : (j.p_value ? fmt::format(" (p={:.3f})", *j.p_value)
                                                                     : std::string(" (too few runs to tell)")));
  }
  for (const std::string& note : result.notes) out += "note: " + note + "\n";
  out += fmt::format("guard: {} case(s) compared, {} regression(s), {} improvement(s) beyond noise\n",
                     result.rows.size(), result.regressions(), result.improvements());
  return out;
}

int GuardExitStatus(const PipelineGuardResult& result) {
  return !result.informational && result.regressions() > 0 ? 1 : 0;
}

}  // namespace hftbot::bench
