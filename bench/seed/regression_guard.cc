#include "bench/seed/regression_guard.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "bench/drift_guard.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;

void RequireReport(const json& report, const char* which) {
  if (!report.is_object() || report.value("schema", "") != "hftbot-seed-report/1") {
    throw std::invalid_argument(
        fmt::format("{} is not a seed report (schema hftbot-seed-report/1)", which));
  }
}

std::vector<double> Times(const json& cell) {
  std::vector<double> times;
  if (cell.is_object() && cell.contains("times_ns")) {
    for (const json& t : cell["times_ns"]) times.push_back(t.get<double>());
  }
  return times;
}

// Control cases: code that never calls the allocator in its timed region. CPU-time
// controls (object_pool/pool/...) measure drift for the CPU-time and manual cases;
// wall-time controls (control/...) measure co-tenant load for the wall-time cases.
bool IsCpuControl(const std::string& case_name) {
  return case_name.rfind("object_pool/pool/", 0) == 0;
}
bool IsWallControl(const std::string& case_name) { return case_name.rfind("control/", 0) == 0; }
bool IsControl(const std::string& case_name) {
  return IsCpuControl(case_name) || IsWallControl(case_name);
}

const json* FindCase(const json& report, const std::string& name) {
  for (const json& c : report["cases"]) {
    if (c["case"] == name) return &c;
  }
  return nullptr;
}

}  // namespace

GuardResult CompareToBaseline(const json& baseline, const json& run, const GuardOptions& options) {
  RequireReport(baseline, "the baseline");
  RequireReport(run, "the run");
  GuardResult result;
  const bool quick_run = run.value("meta", json::object()).value("quick", false);
  result.informational = quick_run;
  const bool quick_baseline = baseline.value("meta", json::object()).value("quick", false);
  if (quick_run != quick_baseline) {
    // A quick run times one cold iteration per case; a full run the mean of many warm ones.
    result.notes.push_back(fmt::format(
        "not compared: the run is {} but the baseline is {}; use a baseline made the same way",
        quick_run ? "--quick" : "a full run", quick_baseline ? "--quick" : "a full run"));
    return result;
  }
  std::vector<double> cpu_ratios, wall_ratios;
  for (const json& current_case : run["cases"]) {
    const json* base_case = FindCase(baseline, current_case["case"]);
    if (!IsControl(current_case["case"]) || base_case == nullptr) continue;
    for (const auto& [allocator, cell] : current_case["allocators"].items()) {
      const std::vector<double> now = Times(cell);
      const std::vector<double> before = Times((*base_case)["allocators"].value(allocator, json()));
      if (!now.empty() && !before.empty()) {
        (IsWallControl(current_case["case"]) ? wall_ratios : cpu_ratios)
            .push_back(bench::ControlRatio(before, now));
      }
    }
  }
  result.control_pairs = static_cast<int>(cpu_ratios.size());
  result.wall_control_pairs = static_cast<int>(wall_ratios.size());
  if (options.correct_drift) {
    result.drift = bench::DriftOf(cpu_ratios);
    result.wall_drift = bench::DriftOf(wall_ratios);
  }

  for (const json& current_case : run["cases"]) {
    const std::string name = current_case["case"];
    const json* base_case = FindCase(baseline, name);
    if (base_case == nullptr) {
      result.notes.push_back("new case (not in the baseline): " + name);
      continue;
    }
    if (IsControl(name)) continue;
    for (const auto& [allocator, cell] : current_case["allocators"].items()) {
      const json& base_cell = (*base_case)["allocators"].value(allocator, json());
      const std::vector<double> now = Times(cell);
      const std::vector<double> before = Times(base_cell);
      if (now.empty() || before.empty()) continue;
      const bool wall = current_case.value("time", json()) == "wall";
      ++result.compared;
      const bench::CaseJudgement judged =
          bench::JudgeCase(before, now, wall ? result.wall_drift : result.drift,
                           {options.floor_pct, options.alpha});
      if (judged.change == bench::Change::kWithinNoise) continue;
      const Finding finding{allocator,         name,
                            judged.baseline_median, judged.current_median,
                            judged.change_pct, judged.threshold_pct,
                            judged.p_value,    judged.too_few_runs};
      (judged.change == bench::Change::kRegression ? result.regressions : result.improvements)
          .push_back(finding);
    }
  }
  for (const json& base_case : baseline["cases"]) {
    if (FindCase(run, base_case["case"]) == nullptr) {
      result.notes.push_back("case missing from the run: " + base_case["case"].get<std::string>());
    }
  }
  // Peak RSS per workload and allocator.
  for (const json& workload : run["workloads"]) {
    for (const json& base_workload : baseline["workloads"]) {
      if (base_workload["workload"] != workload["workload"]) continue;
      for (const auto& [allocator, cell] : workload["allocators"].items()) {
        const json& base_cell = base_workload["allocators"].value(allocator, json());
        if (!cell.value("peak_rss_bytes", json()).is_number() || !base_cell.is_object() ||
            !base_cell.value("peak_rss_bytes", json()).is_number()) {
          continue;
        }
        const double before = base_cell["peak_rss_bytes"].get<double>();
        const double now = cell["peak_rss_bytes"].get<double>();
        const double change = (now - before) / before * 100;
        if (std::abs(change) <= options.rss_threshold_pct) continue;
        Finding finding{allocator,   workload["workload"].get<std::string>() + " peak RSS",
                        before,      now,
                        change,      options.rss_threshold_pct,
                        std::nullopt};
        (change > 0 ? result.regressions : result.improvements).push_back(finding);
      }
    }
  }
  return result;
}

std::string FormatGuard(const GuardResult& result) {
  std::string out;
  if (result.informational) {
    out += "guard: --quick run: one cold iteration per repetition, too few runs to tell; the lines below are "
           "informational, not regressions\n";
  }
  auto line = [&out](const char* kind, const Finding& f) {
    const bool rss = f.subject.find("peak RSS") != std::string::npos;
    out += fmt::format(
        "{} {:<9} {:<58} {:>12} -> {:<12} {:+.1f}% (threshold {:.1f}%{})\n", kind, f.allocator,
        f.subject,
        rss ? fmt::format("{:.1f} MiB", f.baseline / 1048576)
            : fmt::format("{:.0f} ns", f.baseline),
        rss ? fmt::format("{:.1f} MiB", f.current / 1048576) : fmt::format("{:.0f} ns", f.current),
        f.change_pct, f.threshold_pct,
        f.p_value ? fmt::format(", p={:.3f}", *f.p_value) : (f.too_few_runs ? ", too few runs to tell" : ""));
  };
  for (const Finding& f : result.regressions) line("REGRESSION ", f);
  for (const Finding& f : result.improvements) line("improvement", f);
  for (const std::string& note : result.notes) out += "note: " + note + "\n";
  out += fmt::format(
      "guard: machine drift {:+.1f}% on CPU time ({} control pairs), {:+.1f}% on wall time ({} "
      "control pairs); run times divided by it\n",
      (result.drift - 1) * 100, result.control_pairs, (result.wall_drift - 1) * 100,
      result.wall_control_pairs);
  out += fmt::format(
      "guard: {} case/allocator pairs compared, {} regression(s), {} improvement(s) beyond noise\n",
      result.compared, result.regressions.size(), result.improvements.size());
  return out;
}

json HistoryEntry(const json& run, const GuardResult& result) {
  const json& meta = run.value("meta", json::object());
  json entry = {{"created_utc", meta.value("created_utc", "")},
                {"git_commit", meta.value("git_commit", "")},
                {"host", meta.value("host", "")},
                {"quick", meta.value("quick", false)},
                {"informational", result.informational},
                {"repetitions", meta.value("repetitions", 0)},
                {"compared", result.compared},
                {"drift", result.drift},
                {"wall_drift", result.wall_drift},
                {"regressions", result.regressions.size()},
                {"improvements", result.improvements.size()}};
  json allocators = json::object();
  for (const json& w : run["workloads"]) {
    for (const auto& [name, cell] : w["allocators"].items()) {
      allocators[name]["workload_ratio"][w["workload"].get<std::string>()] =
          cell.value("ratio", json());
    }
  }
  for (const json& c : run["cases"]) {
    for (const auto& [name, cell] : c["allocators"].items()) {
      if (cell.is_object())
        allocators[name]["median_ns"][c["case"].get<std::string>()] = cell["median_ns"];
    }
  }
  for (const auto& [name, cell] : run["overall"]["allocators"].items()) {
    allocators[name]["overall_ratio"] = cell.value("ratio", json());
  }
  entry["allocators"] = allocators;
  entry["regressed"] = json::array();
  for (const Finding& f : result.regressions)
    entry["regressed"].push_back(f.allocator + " " + f.subject);
  return entry;
}

}  // namespace hftbot::seed
