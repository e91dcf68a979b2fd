#include "bench/seed/seed_report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>

#include "lab/significance.h"
#include "lab/verdict.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;

constexpr const char* kBaseline = "system";

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

double NsPerUnit(const std::string& unit) {
  if (unit == "ns") return 1;
  if (unit == "us") return 1e3;
  if (unit == "ms") return 1e6;
  if (unit == "s") return 1e9;
  throw std::runtime_error("unknown time_unit '" + unit + "'");
}

double GeoMean(const std::vector<double>& values) {
  double log_sum = 0;
  for (double v : values) log_sum += std::log(v);
  return std::exp(log_sum / static_cast<double>(values.size()));
}

const CaseRuns* Find(const std::vector<CaseRuns>& cases, const std::string& name) {
  for (const CaseRuns& c : cases) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

// Median of a counter's reported values (negative = not reported), or nothing.
std::optional<double> CounterMedian(const CaseRuns& c, const std::string& key) {
  auto it = c.counters.find(key);
  if (it == c.counters.end()) return std::nullopt;
  std::vector<double> known;
  for (double v : it->second) {
    if (v >= 0 && std::isfinite(v)) known.push_back(v);
  }
  if (known.empty()) return std::nullopt;
  return lab::SpreadOf(known).median;
}

json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// Not ranked: the pool's own path barely touches the allocator; it is reported in
// the break-even table instead.
// control/...: the machine's own drift, for the regression guard.
bool Ranked(const std::string& case_name) {
  return !StartsWith(case_name, "object_pool/pool/") && !StartsWith(case_name, "control/");
}

std::string Mib(double bytes) { return fmt::format("{:.0f} MiB", bytes / 1048576.0); }

struct Pick {
  std::string allocator;  // empty: too few runs to tell
  std::string reason;
};

lab::VerdictRules RulesOf(const ReportOptions& options) {
  lab::VerdictRules rules;
  rules.alpha = options.alpha;
  rules.min_effect_pct = options.min_effect_pct;
  return rules;
}

// The shared rule (lab/verdict.h) on one case: times, lower is better.
lab::Verdict JudgeTimes(const std::vector<double>& times, const std::vector<double>& base,
                        const ReportOptions& options) {
  return lab::Judge({times, base, lab::Direction::kLowerIsBetter, 0}, RulesOf(options));
}

bool Differs(const lab::Verdict& v) {
  return v.word == lab::Word::kBetter || v.word == lab::Word::kWorse;
}

// The rule for a recommendation, per workload and overall: when no allocator's
// repetitions could show a difference in any case ("too few runs to tell", e.g. the 3
// repetitions of --quick), nothing is picked, not even system. Otherwise the allocator
// with the lowest geometric-mean time ratio wins if it is below 1, faster than system
// beyond noise (lab/verdict.h: p < alpha and at least min_effect_pct) in at least half
// of the cases and in more cases than it is slower; otherwise system stays. A memory
// caveat is added when its peak RSS exceeds the lowest by more than rss_caveat_factor.
Pick Recommend(const json& per_allocator, const std::vector<std::string>& names,
                  const ReportOptions& options, const char* scope) {
  std::string best;
  double best_ratio = std::numeric_limits<double>::infinity();
  double min_rss = std::numeric_limits<double>::infinity();
  std::string min_rss_name;
  for (const std::string& name : names) {
    const json& a = per_allocator[name];
    if (a["ratio"].is_number() && a["ratio"].get<double>() < best_ratio) {
      best_ratio = a["ratio"].get<double>();
      best = name;
    }
    if (a["peak_rss_bytes"].is_number() && a["peak_rss_bytes"].get<double>() < min_rss) {
      min_rss = a["peak_rss_bytes"].get<double>();
      min_rss_name = name;
    }
  }
  if (best.empty()) return {kBaseline, "no measurements"};
  int judged = 0, too_few = 0;
  for (const std::string& name : names) {
    if (name == kBaseline) continue;
    judged += per_allocator[name]["cases"].get<int>();
    too_few += per_allocator[name].value("too_few_runs", 0);
  }
  if (judged > 0 && too_few == judged) {
    return {"", fmt::format("too few runs to tell on {}: these repetitions can never show a difference beyond "
                            "noise (at least {} per allocator are needed)",
                            scope, lab::RunsNeeded(1, RulesOf(options)))};
  }
  const json& b = per_allocator[best];
  const int cases = b["cases"].get<int>();
  const int faster = b["faster_beyond_noise"].get<int>();
  const int slower = b["slower_beyond_noise"].get<int>();
  Pick verdict;
  if (best == kBaseline) {
    verdict = {kBaseline, fmt::format("no allocator beats system on {}", scope)};
  } else if (best_ratio < 1 && faster > slower && 2 * faster >= cases) {
    verdict = {
        best, fmt::format(
                  "{:.0f}% less time than system (geometric mean of {} case{}; faster beyond noise "
                  "in {} of {}, slower in {})",
                  (1 - best_ratio) * 100, cases, cases == 1 ? "" : "s", faster, cases, slower)};
  } else {
    verdict = {
        kBaseline,
        fmt::format("{} is {:.0f}% faster on the geometric mean but that is not beyond noise "
                    "(faster beyond noise in {} of {} cases, slower in {})",
                    best, (1 - best_ratio) * 100, faster, cases, slower)};
  }
  const json& chosen = per_allocator[verdict.allocator];
  if (chosen["peak_rss_bytes"].is_number() && std::isfinite(min_rss) &&
      chosen["peak_rss_bytes"].get<double>() > min_rss * options.rss_caveat_factor &&
      chosen["peak_rss_bytes"].get<double>() - min_rss > options.rss_caveat_min_bytes) {
    verdict.reason +=
        fmt::format("; memory caveat: peak RSS {} against {} for {}",
                    Mib(chosen["peak_rss_bytes"].get<double>()), Mib(min_rss), min_rss_name);
  }
  return verdict;
}

}  // namespace

const std::vector<std::string>& Workloads() {
  static const std::vector<std::string> names = {
      "order_book_ops",    "market_data_processor", "trading_engine_sim", "allocation_patterns",
      "producer_consumer", "object_pool",           "memory_monitor",
  };
  return names;
}

std::string NormaliseCaseName(const std::string& run_name) {
  static const std::regex suffixes(
      "/(iterations:[0-9]+|real_time|manual_time|repeats:[0-9]+|min_time:[0-9.]+)");
  return std::regex_replace(run_name, suffixes, "");
}

std::string WorkloadOf(const std::string& case_name) {
  return case_name.substr(0, case_name.find('/'));
}

json ReadBenchmarkJson(const std::string& text) {
  static const std::regex bare_non_finite(R"(:(\s*)-?(nan|inf)\b)", std::regex::icase);
  json doc = json::parse(std::regex_replace(text, bare_non_finite, ":$1null"));
  if (!doc.is_object() || !doc.contains("benchmarks") || !doc["benchmarks"].is_array()) {
    throw std::runtime_error("not a Google Benchmark JSON report (no \"benchmarks\" array)");
  }
  return doc;
}

std::vector<CaseRuns> ParseBenchmarkJson(const std::string& text, json* context) {
  const json doc = ReadBenchmarkJson(text);
  if (context != nullptr) *context = doc.value("context", json::object());
  return CasesOf(doc);
}

std::vector<CaseRuns> CasesOf(const json& doc) {
  static const std::set<std::string> kNotCounters = {
      "family_index", "per_family_instance_index",
      "repetitions",  "repetition_index",
      "threads",      "iterations",
      "real_time",    "cpu_time",
  };
  std::vector<CaseRuns> cases;
  for (const json& b : doc["benchmarks"]) {
    if (b.value("run_type", std::string("iteration")) != "iteration") continue;
    if (b.value("error_occurred", false)) continue;
    const std::string run_name = b.value("run_name", b.value("name", std::string()));
    const std::string kind = run_name.find("/manual_time") != std::string::npos ? "manual"
                             : run_name.find("/real_time") != std::string::npos ? "wall"
                                                                                : "cpu";
    const bool wall = kind != "cpu";  // manual time is stored in real_time
    const double scale = NsPerUnit(b.value("time_unit", std::string("ns")));
    const json& time = b[wall ? "real_time" : "cpu_time"];
    if (!time.is_number()) continue;
    const std::string name = NormaliseCaseName(run_name);
    auto it =
        std::find_if(cases.begin(), cases.end(), [&](const CaseRuns& c) { return c.name == name; });
    if (it == cases.end()) {
      cases.push_back({name, kind, {}, {}});
      it = cases.end() - 1;
    }
    it->times_ns.push_back(time.get<double>() * scale);
    for (const auto& [key, value] : b.items()) {
      if (value.is_number() && !kNotCounters.count(key))
        it->counters[key].push_back(value.get<double>());
      if (value.is_null() && !kNotCounters.count(key)) it->counters[key].push_back(-1);
    }
  }
  return cases;
}

json BuildReport(const std::vector<AllocatorRuns>& allocators, const json& meta,
                 const ReportOptions& options) {
  if (allocators.empty() || allocators.front().name != kBaseline) {
    throw std::invalid_argument("BuildReport: the first allocator must be system");
  }
  std::vector<std::string> names;
  for (const AllocatorRuns& a : allocators) names.push_back(a.name);

  json report = json::object();
  report["schema"] = "hftbot-seed-report/1";
  report["meta"] = meta;
  report["options"] = {{"alpha", options.alpha},
                       {"min_effect_pct", options.min_effect_pct},
                       {"fragmentation_warn_pct", options.fragmentation_warn_pct},
                       {"rss_caveat_factor", options.rss_caveat_factor},
                       {"rss_caveat_min_bytes", options.rss_caveat_min_bytes}};
  report["allocators"] = json::array();
  for (const AllocatorRuns& a : allocators)
    report["allocators"].push_back({{"name", a.name}, {"version", a.version}});

  // Case order: as the system run lists them, then any only another allocator has.
  std::vector<std::string> case_names;
  for (const AllocatorRuns& a : allocators) {
    for (const CaseRuns& c : a.timed) {
      if (StartsWith(c.name, "counter_overhead/")) continue;
      if (std::find(case_names.begin(), case_names.end(), c.name) == case_names.end())
        case_names.push_back(c.name);
    }
  }

  json cases = json::array();
  for (const std::string& case_name : case_names) {
    const CaseRuns* base = Find(allocators.front().timed, case_name);
    json entry = {
        {"case", case_name}, {"workload", WorkloadOf(case_name)}, {"ranked", Ranked(case_name)}};
    entry["time"] = nullptr;
    json per = json::object();
    for (const AllocatorRuns& a : allocators) {
      const CaseRuns* c = Find(a.timed, case_name);
      if (c == nullptr || c->times_ns.empty()) {
        per[a.name] = nullptr;
        continue;
      }
      entry["time"] = c->time_kind;
      const lab::Spread s = lab::SpreadOf(c->times_ns);
      json cell = {{"median_ns", s.median},
                   {"min_ns", s.min},
                   {"max_ns", s.max},
                   {"times_ns", c->times_ns},
                   {"repetitions", c->times_ns.size()}};
      if (base != nullptr && !base->times_ns.empty()) {
        const double base_median = lab::SpreadOf(base->times_ns).median;
        cell["ratio"] = s.median / base_median;
        cell["ratio_min"] = s.min / base_median;
        cell["ratio_max"] = s.max / base_median;
        if (a.name != kBaseline) {
          const lab::Verdict v = JudgeTimes(c->times_ns, base->times_ns, options);
          cell["p_value"] = v.p_value;
          cell["significant"] = Differs(v);
          cell["word"] = lab::WordText(v.word);
          cell["verdict"] = lab::FormatVerdict(v);
        }
      }
      json counters = json::object();
      for (const auto& [key, values] : c->counters) counters[key] = OrNull(CounterMedian(*c, key));
      cell["counters"] = counters;
      per[a.name] = cell;
    }
    entry["allocators"] = per;
    cases.push_back(entry);
  }
  report["cases"] = cases;

  // Workload rows: geometric means over the ranked cases; peak RSS over all of them.
  json workloads = json::array();
  json overall_per = json::object();
  std::map<std::string, std::vector<double>> overall_ratios, overall_min, overall_max;
  std::map<std::string, int> overall_faster, overall_slower, overall_cases, overall_too_few;
  std::map<std::string, double> overall_rss;
  for (const std::string& workload : Workloads()) {
    json row = {{"workload", workload}};
    json per = json::object();
    bool any = false;
    for (const std::string& name : names) {
      std::vector<double> ratios, mins, maxs;
      int faster = 0, slower = 0, counted = 0, too_few = 0;
      std::optional<double> rss;
      bool complete = true;
      for (const json& c : cases) {
        if (c["workload"] != workload) continue;
        const json& cell = c["allocators"][name];
        if (cell.is_null()) {
          if (c["ranked"].get<bool>()) complete = false;
          continue;
        }
        const json& peak = cell["counters"].value("peak_rss_bytes", json(nullptr));
        if (peak.is_number()) rss = std::max(rss.value_or(0), peak.get<double>());
        if (!c["ranked"].get<bool>() || !cell.contains("ratio")) continue;
        ratios.push_back(cell["ratio"].get<double>());
        mins.push_back(cell["ratio_min"].get<double>());
        maxs.push_back(cell["ratio_max"].get<double>());
        ++counted;
        if (cell.value("significant", false)) (cell["ratio"].get<double>() < 1 ? faster : slower)++;
        if (cell.value("word", "") == lab::WordText(lab::Word::kTooFewRuns)) ++too_few;
      }
      if (ratios.empty() || !complete) {
        per[name] = {{"ratio", nullptr},
                     {"peak_rss_bytes", OrNull(rss)},
                     {"cases", 0},
                     {"faster_beyond_noise", 0},
                     {"slower_beyond_noise", 0}};
        continue;
      }
      any = true;
      per[name] = {{"ratio", GeoMean(ratios)},      {"ratio_min", GeoMean(mins)},
                   {"ratio_max", GeoMean(maxs)},    {"cases", counted},
                   {"faster_beyond_noise", faster}, {"slower_beyond_noise", slower},
                   {"too_few_runs", too_few},       {"peak_rss_bytes", OrNull(rss)}};
      overall_ratios[name].push_back(GeoMean(ratios));
      overall_min[name].push_back(GeoMean(mins));
      overall_max[name].push_back(GeoMean(maxs));
      overall_faster[name] += faster;
      overall_slower[name] += slower;
      overall_cases[name] += counted;
      overall_too_few[name] += too_few;
      if (rss) overall_rss[name] = std::max(overall_rss[name], *rss);
    }
    if (!any) continue;
    row["allocators"] = per;
    const Pick verdict = Recommend(per, names, options, workload.c_str());
    row["recommendation"] = {{"allocator", verdict.allocator}, {"reason", verdict.reason}};
    workloads.push_back(row);
  }
  report["workloads"] = workloads;

  for (const std::string& name : names) {
    if (overall_ratios[name].size() != workloads.size() || workloads.empty()) {
      overall_per[name] = {{"ratio", nullptr},
                           {"peak_rss_bytes", nullptr},
                           {"cases", 0},
                           {"faster_beyond_noise", 0},
                           {"slower_beyond_noise", 0}};
      continue;
    }
    int wins = 0;
    for (const json& w : workloads) wins += w["recommendation"]["allocator"] == name ? 1 : 0;
    overall_per[name] = {
        {"ratio", GeoMean(overall_ratios[name])},
        {"ratio_min", GeoMean(overall_min[name])},
        {"ratio_max", GeoMean(overall_max[name])},
        {"cases", overall_cases[name]},
        {"faster_beyond_noise", overall_faster[name]},
        {"slower_beyond_noise", overall_slower[name]},
        {"too_few_runs", overall_too_few[name]},
        {"workloads_recommended", wins},
        {"peak_rss_bytes", overall_rss.count(name) ? json(overall_rss[name]) : json(nullptr)}};
  }
  const Pick overall = Recommend(overall_per, names, options, "the suite as a whole");
  report["overall"] = {
      {"allocators", overall_per},
      {"recommendation", {{"allocator", overall.allocator}, {"reason", overall.reason}}}};

  // Object pool break-even: orders after which preallocating (setup) has paid for itself.
  json break_even = json::array();
  for (const AllocatorRuns& a : allocators) {
    for (const CaseRuns& with_allocator : a.timed) {
      if (!StartsWith(with_allocator.name, "object_pool/new_delete/")) continue;
      const std::string shape =
          with_allocator.name.substr(std::string("object_pool/new_delete/").size());
      const CaseRuns* pool = Find(a.timed, "object_pool/pool/" + shape);
      const auto orders = CounterMedian(with_allocator, "orders_per_iteration");
      const auto setup_ns = pool ? CounterMedian(*pool, "setup_ns") : std::nullopt;
      if (pool == nullptr || !orders || !setup_ns || pool->times_ns.empty()) continue;
      const double alloc_ns = lab::SpreadOf(with_allocator.times_ns).median / *orders;
      const double pool_ns = lab::SpreadOf(pool->times_ns).median / *orders;
      const lab::Verdict cmp = JudgeTimes(with_allocator.times_ns, pool->times_ns, options);
      const std::string noise = Differs(cmp) ? "" : std::string(lab::WordText(cmp.word));
      json row = {{"allocator", a.name},
                  {"shape", shape},
                  {"alloc_ns_per_order", alloc_ns},
                  {"pool_ns_per_order", pool_ns},
                  {"pool_setup_ns", *setup_ns},
                  {"p_value", cmp.p_value}};
      if (alloc_ns > pool_ns) {
        const double n = *setup_ns / (alloc_ns - pool_ns);
        row["break_even_orders"] = std::ceil(n);
        row["verdict"] =
            fmt::format("pool wins from {:.0f} orders on ({:.1f}x per order{})", std::ceil(n),
                        alloc_ns / pool_ns, noise.empty() ? "" : ", " + noise);
      } else {
        row["break_even_orders"] = nullptr;
        row["verdict"] = fmt::format("never: the allocator is {:.1f}x the pool's speed per order{}",
                                     pool_ns / alloc_ns, noise.empty() ? "" : " (" + noise + ")");
      }
      break_even.push_back(row);
    }
  }
  report["object_pool_break_even"] = break_even;

  // trading_engine_sim allocation counts (counted suite): the same under every allocator?
  json counts = json::array();
  for (const CaseRuns& c : allocators.front().counted) {
    if (!StartsWith(c.name, "trading_engine_sim/")) continue;
    json row = {{"case", c.name}};
    std::set<std::string> distinct;
    json per = json::object();
    for (const AllocatorRuns& a : allocators) {
      const CaseRuns* mine = Find(a.counted, c.name);
      if (mine == nullptr) continue;
      json figures = {{"allocations", OrNull(CounterMedian(*mine, "allocations"))},
                      {"deallocations", OrNull(CounterMedian(*mine, "deallocations"))},
                      {"bytes_allocated", OrNull(CounterMedian(*mine, "bytes_allocated"))}};
      distinct.insert(figures.dump());
      per[a.name] = figures;
    }
    row["allocators"] = per;
    row["identical_across_allocators"] = distinct.size() == 1;
    counts.push_back(row);
  }
  report["trading_engine_counts"] = counts;

  // What the allocation counter costs: a new/delete pair, and trading_engine_sim.
  json overhead = json::object();
  for (const AllocatorRuns& a : allocators) {
    const CaseRuns* bare = Find(a.timed, "counter_overhead/new_delete_64");
    const CaseRuns* counted = Find(a.counted, "counter_overhead/new_delete_64");
    if (bare == nullptr || counted == nullptr) continue;
    const double bare_ns = lab::SpreadOf(bare->times_ns).median;
    const double counted_ns = lab::SpreadOf(counted->times_ns).median;
    std::vector<double> slowdowns;
    for (const CaseRuns& c : a.counted) {
      const CaseRuns* timed = Find(a.timed, c.name);
      if (StartsWith(c.name, "trading_engine_sim/") && timed != nullptr) {
        slowdowns.push_back(lab::SpreadOf(c.times_ns).median /
                            lab::SpreadOf(timed->times_ns).median);
      }
    }
    overhead[a.name] = {
        {"new_delete_ns", bare_ns},
        {"new_delete_counted_ns", counted_ns},
        {"overhead_ns", counted_ns - bare_ns},
        {"trading_engine_sim_ratio", slowdowns.empty() ? json(nullptr) : json(GeoMean(slowdowns))}};
  }
  report["counter_overhead"] = overhead;

  // Memory monitor: each allocator's own figures; warnings above the threshold.
  json memory = json::array();
  for (const AllocatorRuns& a : allocators) {
    for (const CaseRuns& c : a.timed) {
      if (!StartsWith(c.name, "memory_monitor/")) continue;
      const auto max_frag = CounterMedian(c, "max_fragmentation_pct");
      json row = {{"allocator", a.name},
                  {"case", c.name},
                  {"peak_allocated_bytes", OrNull(CounterMedian(c, "peak_allocated_bytes"))},
                  {"peak_resident_bytes", OrNull(CounterMedian(c, "peak_resident_bytes"))},
                  {"fragmentation_pct", OrNull(CounterMedian(c, "fragmentation_pct"))},
                  {"max_fragmentation_pct", OrNull(max_frag)},
                  {"warnings_per_run", OrNull(CounterMedian(c, "fragmentation_warnings"))},
                  {"warning", CounterMedian(c, "fragmentation_warnings").value_or(0) > 0}};
      memory.push_back(row);
    }
  }
  report["memory_monitor"] = memory;
  return report;
}

namespace {

std::string RatioCell(const json& cell) {
  if (cell.is_null() || !cell.contains("ratio") || cell["ratio"].is_null()) return "n/a";
  return fmt::format("{:.2f} [{:.2f}–{:.2f}]", cell["ratio"].get<double>(),
                     cell["ratio_min"].get<double>(), cell["ratio_max"].get<double>());
}

std::string Figure(const json& v, const char* format_spec, double scale = 1) {
  if (!v.is_number()) return "n/a";
  return fmt::format(fmt::runtime(format_spec), v.get<double>() / scale);
}

std::string Duration(double ns) {
  if (ns >= 1e6) return fmt::format("{:.2f} ms", ns / 1e6);
  if (ns >= 1e3) return fmt::format("{:.1f} µs", ns / 1e3);
  return fmt::format("{:.1f} ns", ns);
}

// Where the processes ran, as a paragraph; empty for a report without that record.
std::string WhereLine(const json& meta) {
  const json nodes = meta.value("nodes", json::array());
  if (nodes.empty()) return "";
  const size_t processes = meta.value("runs", json::array()).size();
  const std::string executor = meta.value("executor", "?");
  if (nodes.size() == 1) {
    return fmt::format("{} processes, {} executor, all on node `{}`.\n\n", processes, executor,
                       nodes[0].get<std::string>());
  }
  std::vector<std::string> names;
  for (const json& node : nodes) names.push_back(node.get<std::string>());
  return fmt::format(
      "{} processes, {} executor, on {} nodes ({}): their times compare only if the nodes are identical "
      "(see meta.runs in seed.json for each process's node).\n\n",
      processes, executor, nodes.size(), fmt::join(names, ", "));
}

}  // namespace

std::string RenderMarkdown(const json& report) {
  std::vector<std::string> names;
  for (const json& a : report["allocators"]) names.push_back(a["name"]);
  const json& meta = report["meta"];
  std::string md = "# hftbot seed suite: the lesson's workloads under every allocator\n\n";
  md += fmt::format("{} · commit `{}` · {} · {} repetition(s) per case{} · hftbot {}\n\n",
                    meta.value("created_utc", "?"), meta.value("git_commit", "?"),
                    meta.value("host", "?"), meta.value("repetitions", 0),
                    meta.value("quick", false) ? " · **quick mode**" : "",
                    meta.value("hftbot_version", "?"));
  md += "Allocators: ";
  for (size_t i = 0; i < report["allocators"].size(); ++i) {
    const json& a = report["allocators"][i];
    md += fmt::format("{}{} {}", i ? ", " : "", a["name"].get<std::string>(),
                      a["version"].get<std::string>());
  }
  md += "\n\n" + WhereLine(meta);
  md += "## Time relative to system, and peak RSS\n\n";
  md +=
      "Cells: median time ÷ system's median time [min–max over repetitions] · peak RSS of the "
      "workload's "
      "process. Lower is better. Workload rows are geometric means over the workload's cases (see "
      "below); "
      "single-threaded cases compare CPU time, multi-threaded cases wall time, object_pool its own "
      "thread-CPU measurement.\n\n";
  md += "| workload |";
  for (const auto& n : names) md += " " + n + " |";
  md += " recommendation |\n|---|";
  for (size_t i = 0; i < names.size(); ++i) md += "---|";
  md += "---|\n";
  auto row = [&](const std::string& label, const json& per, const json& recommendation) {
    md += "| " + label + " |";
    for (const auto& n : names) {
      const json& cell = per[n];
      std::string text = RatioCell(cell);
      if (recommendation["allocator"] == n) text = "**" + text + "**";
      if (cell.contains("peak_rss_bytes") && cell["peak_rss_bytes"].is_number()) {
        text += " · " + Mib(cell["peak_rss_bytes"].get<double>());
      }
      md += " " + text + " |";
    }
    const std::string pick = recommendation["allocator"].get<std::string>();
    md += " " + (pick.empty() ? std::string("too few runs to tell") : pick) + " |\n";
  };
  for (const json& w : report["workloads"])
    row(w["workload"], w["allocators"], w["recommendation"]);
  row("**overall**", report["overall"]["allocators"], report["overall"]["recommendation"]);

  md += "\n## Recommendations\n\n";
  auto line = [&md](const std::string& label, const json& recommendation) {
    const std::string pick = recommendation["allocator"].get<std::string>();
    const std::string reason = recommendation["reason"].get<std::string>();
    // A too-few-runs line is its reason alone: there is no pick to name.
    md += pick.empty() ? fmt::format("- **{}**: {}\n", label, reason)
                       : fmt::format("- **{}**: {} — {}\n", label, pick, reason);
  };
  for (const json& w : report["workloads"]) line(w["workload"].get<std::string>(), w["recommendation"]);
  line("overall", report["overall"]["recommendation"]);

  if (!report["object_pool_break_even"].empty()) {
    md += "\n## Object pool break-even (lesson homework 2)\n\n";
    md +=
        "Per order: one acquire and one release. Setup: preallocating a pool of batch + lifetime "
        "orders. "
        "Break-even = setup ÷ (allocator − pool) per order: after that many orders the pool, setup "
        "included, "
        "has cost less.\n\n";
    md +=
        "| allocator | batch/lifetime | new+delete ns/order | pool ns/order | pool setup | "
        "break-even |\n";
    md += "|---|---|---|---|---|---|\n";
    for (const json& r : report["object_pool_break_even"]) {
      md +=
          fmt::format("| {} | {} | {:.2f} | {:.2f} | {} | {} |\n",
                      r["allocator"].get<std::string>(), r["shape"].get<std::string>(),
                      r["alloc_ns_per_order"].get<double>(), r["pool_ns_per_order"].get<double>(),
                      Duration(r["pool_setup_ns"].get<double>()), r["verdict"].get<std::string>());
    }
  }

  if (!report["trading_engine_counts"].empty()) {
    md += "\n## trading_engine_sim allocations (//alloc:allocation_counter)\n\n";
    md +=
        "| case | allocations | deallocations | bytes allocated | same under every allocator "
        "|\n|---|---|---|---|---|\n";
    for (const json& r : report["trading_engine_counts"]) {
      const json& sys = r["allocators"].value(kBaseline, json::object());
      md += fmt::format("| {} | {} | {} | {} | {} |\n", r["case"].get<std::string>(),
                        Figure(sys.value("allocations", json()), "{:.0f}"),
                        Figure(sys.value("deallocations", json()), "{:.0f}"),
                        Figure(sys.value("bytes_allocated", json()), "{:.0f} KiB", 1024),
                        r["identical_across_allocators"].get<bool>() ? "yes" : "**no**");
    }
  }
  if (!report["counter_overhead"].empty()) {
    md +=
        "\n## What counting costs\n\n| allocator | new+delete 64 B | with the counter | overhead | "
        "trading_engine_sim counted ÷ uncounted |\n|---|---|---|---|---|\n";
    for (const auto& n : names) {
      if (!report["counter_overhead"].contains(n)) continue;
      const json& o = report["counter_overhead"][n];
      md += fmt::format("| {} | {:.1f} ns | {:.1f} ns | {:+.1f} ns | {} |\n", n,
                        o["new_delete_ns"].get<double>(), o["new_delete_counted_ns"].get<double>(),
                        o["overhead_ns"].get<double>(),
                        Figure(o["trading_engine_sim_ratio"], "{:.2f}"));
    }
  }
  if (!report["memory_monitor"].empty()) {
    md += fmt::format(
        "\n## Memory monitor (fragmentation = (resident − allocated) ÷ resident; warning above "
        "{:.0f}% with at least 8 MiB unused)\n\n",
        report["options"]["fragmentation_warn_pct"].get<double>());
    md +=
        "| allocator | case | peak allocated | peak resident | fragmentation at end | max | "
        "warning |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const json& r : report["memory_monitor"]) {
      md += fmt::format(
          "| {} | {} | {} | {} | {} | {} | {} |\n", r["allocator"].get<std::string>(),
          r["case"].get<std::string>(), Figure(r["peak_allocated_bytes"], "{:.1f} MiB", 1048576),
          Figure(r["peak_resident_bytes"], "{:.1f} MiB", 1048576),
          Figure(r["fragmentation_pct"], "{:.1f}%"), Figure(r["max_fragmentation_pct"], "{:.1f}%"),
          r["warning"].get<bool>() ? "**WARNING**"
                                   : (r["max_fragmentation_pct"].is_null() ? "n/a" : "ok"));
    }
  }

  md +=
      "\n## Every case\n\nsystem: median absolute time; others: ratio to it [min–max], `*` = "
      "different "
      "from system beyond noise (lab/verdict.h: Mann-Whitney p < alpha and a change of at least the "
      "minimum effect).\n\n| case | time |";
  for (const auto& n : names) md += " " + n + " |";
  md += "\n|---|---|";
  for (size_t i = 0; i < names.size(); ++i) md += "---|";
  md += "\n";
  for (const json& c : report["cases"]) {
    md += fmt::format("| {}{} | {} |", c["case"].get<std::string>(),
                      c["ranked"].get<bool>() ? "" : " (not ranked)",
                      c["time"].is_null() ? "?" : c["time"].get<std::string>());
    for (const auto& n : names) {
      const json& cell = c["allocators"][n];
      if (cell.is_null()) {
        md += " n/a |";
      } else if (n == kBaseline) {
        md += " " + Duration(cell["median_ns"].get<double>()) + " |";
      } else {
        md += " " + RatioCell(cell) + (cell.value("significant", false) ? " *" : "") + " |";
      }
    }
    md += "\n";
  }
  const json failures = meta.value("failures", json::array());
  if (!failures.empty()) {
    md += "\n## Failed runs\n\nLeft out of every table above (each was retried as the executor does).\n\n";
    for (const json& failure : failures) md += "- " + failure.get<std::string>() + "\n";
  }
  return md;
}

}  // namespace hftbot::seed
