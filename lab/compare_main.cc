// //lab:compare — every allocator, side by side, on one tick file.
//
// The bot is built once per allocator (//bot:bot_variants, a split transition) and
// each variant is run in a fresh process, round-robin over R rounds after one
// discarded warm-up round, so slow drifts of a shared machine hit all allocators
// alike. Per allocator it reports median and min-max over the runs, the change
// against system with an exact Mann-Whitney test ("within noise" unless p < 0.05),
// one recommendation for latency and one for memory, and it refuses to call the
// comparison valid unless every run produced the same digest.

#include <fmt/format.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/paths.h"
#include "lab/plot.h"
#include "lab/output_dir.h"
#include "lab/significance.h"
#include "lab/subprocess.h"
#include "base/version.h"
#include "metrics/hgrm.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

struct Metric {
  const char* key;    // compare.json key
  const char* label;  // table header
  bool lower_is_better;
  double scale;       // value shown = raw / scale
  const char* unit;
};

constexpr Metric kMetrics[] = {
    {"throughput", "throughput (ticks/s)", false, 1, ""},
    {"p50", "tick_to_order p50 (us)", true, 1000, ""},
    {"p99", "p99 (us)", true, 1000, ""},
    {"p99_9", "p99.9 (us)", true, 1000, ""},
    {"max", "max (us)", true, 1000, ""},
    {"peak_rss", "peak RSS (MiB)", true, 1048576, ""},
    {"resident", "peak resident (MiB)", true, 1048576, ""},
    {"allocated", "peak allocated (MiB)", true, 1048576, ""},
    {"fragmentation", "fragmentation (%)", true, 1, ""},
    {"allocs_per_event", "allocs/event", true, 1, ""},
};

struct Variant {
  std::string label;      // "jemalloc", or "system (A/A)"
  std::string allocator;  // the build variant
  std::string binary;
};

struct Run {
  std::string variant;
  std::string profile;
  int round = 0;
  std::string dir;
  json report;
  std::map<std::string, double> values;
};

// NaN when the allocator does not report the figure (e.g. mimalloc's allocated bytes).
double PeakOf(const json& timeline, const char* key) {
  double peak = std::nan("");
  for (const auto& sample : timeline) {
    if (sample.contains(key) && sample[key].is_number()) {
      peak = std::isnan(peak) ? sample[key].get<double>() : std::max(peak, sample[key].get<double>());
    }
  }
  return peak;
}

std::map<std::string, double> Extract(const json& report) {
  std::map<std::string, double> v;
  const json& t2o = report["latency_ns"]["tick_to_order"];
  v["throughput"] = report["throughput_ticks_per_s"].get<double>();
  v["p50"] = t2o["p50"].get<double>();
  v["p99"] = t2o["p99"].get<double>();
  v["p99_9"] = t2o["p99_9"].get<double>();
  v["max"] = t2o["max"].get<double>();
  v["peak_rss"] = report["memory"]["peak_rss_bytes"].get<double>();
  v["resident"] = PeakOf(report["memory_timeline"], "resident_bytes");
  v["allocated"] = PeakOf(report["memory_timeline"], "allocated_bytes");
  double fragmentation = std::nan("");
  for (const auto& sample : report["memory_timeline"]) {
    if (sample["fragmentation_pct"].is_number()) fragmentation = sample["fragmentation_pct"].get<double>();
  }
  v["fragmentation"] = fragmentation;
  v["allocs_per_event"] = report["memory"]["allocs_per_tick"].get<double>();
  return v;
}

std::string Cell(const Spread& s, const Metric& m) {
  int digits = m.scale == 1 && std::string(m.key) == "throughput" ? 0 : 2;
  return fmt::format("{:.{}f} [{:.{}f}–{:.{}f}]", s.median / m.scale, digits, s.min / m.scale, digits,
                     s.max / m.scale, digits);
}

int CompareMain(int argc, char** argv) {
  CLI::App app{"hftbot compare: every allocator side by side on one tick file"};
  std::string ticks, profile_choice = "naive", out_dir;
  int runs = 5;
  bool aa = false;
  app.add_option("--ticks", ticks, "tick file (default: the bundled sample)");
  app.add_option("--runs", runs, "measured rounds per allocator (default 5; >= 4 to ever reach p < 0.05)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--profile", profile_choice, "allocation profile")->check(CLI::IsMember({"naive", "pooled", "both"}));
  app.add_flag("--aa", aa, "A/A mode: system against itself, to show the noise floor");
  app.add_option("--out", out_dir, "output folder (default: hftbot-out/compare-<time> where you ran the command)");
  app.allow_extras();
  app.footer("Any other option is passed to every bot run, e.g. --speed 1 or --wait block.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  std::vector<std::string> extras = app.remaining();

  out_dir = out_dir.empty() ? lab::DefaultOutputDir("compare") : ResolveUserPath(out_dir);
  std::filesystem::create_directories(out_dir);
  if (!ticks.empty()) ticks = std::filesystem::absolute(ResolveUserPath(ticks)).string();

  // The bot variants live in this binary's runfiles; the bot finds its bundled
  // config and sample through RUNFILES_DIR.
  std::string probe = ResolveBundledFile("lab/bot_variants/system/bot", argv[0]);
  std::filesystem::path root = std::filesystem::absolute(probe).parent_path().parent_path().parent_path().parent_path().parent_path();
  std::vector<Variant> variants;
  std::vector<std::string> allocators = aa ? std::vector<std::string>{"system", "system"}
                                           : std::vector<std::string>{"system", "jemalloc", "mimalloc", "tcmalloc"};
  for (size_t i = 0; i < allocators.size(); ++i) {
    std::string binary = (root / "hftbot/lab/bot_variants" / allocators[i] / "bot").string();
    if (!std::filesystem::exists(binary)) {
      std::cerr << "compare: bot variant not found at " << binary << "\n";
      return 2;
    }
    variants.push_back({aa && i == 1 ? "system (A/A)" : allocators[i], allocators[i], binary});
  }
  std::vector<std::string> profiles =
      profile_choice == "both" ? std::vector<std::string>{"naive", "pooled"} : std::vector<std::string>{profile_choice};

  std::vector<Run> all_runs;
  json summary = json::object();
  std::vector<std::string> recommendations;
  bool digests_agree = true;
  std::ostringstream markdown;
  markdown << "# hftbot compare\n\n";
  markdown << fmt::format("ticks: `{}`; rounds: {} (+1 warm-up, discarded); extra bot options: `{}`\n\n",
                          ticks.empty() ? "bundled sample" : ticks, runs, fmt::join(extras, " "));

  for (const std::string& profile : profiles) {
    std::map<std::string, std::vector<Run>> by_variant;
    for (int round = 0; round <= runs; ++round) {
      for (size_t k = 0; k < variants.size(); ++k) {
        // Rotate the start each round so no allocator always runs first.
        const Variant& variant = variants[(k + static_cast<size_t>(round)) % variants.size()];
        std::string dir = fmt::format("{}/runs/{}/{}-r{}", out_dir, profile,
                                      variant.label == "system (A/A)" ? "system-aa" : variant.label, round);
        std::filesystem::create_directories(dir);
        std::vector<std::string> args = {variant.binary, "--no-progress", "--profile", profile,
                                         "--report-json", dir + "/report.json", "--hgrm-dir", dir};
        if (!ticks.empty()) args.insert(args.end(), {"--ticks", ticks});
        args.insert(args.end(), extras.begin(), extras.end());
        std::cerr << fmt::format("compare: {} {} round {}{}\n", profile, variant.label, round,
                                 round == 0 ? " (warm-up)" : "");
        ProcessResult process = RunProcess(args, {{"RUNFILES_DIR=" + root.string()}, {"BUILD_WORKING_DIRECTORY"}, {}, 0});
        std::ofstream(dir + "/stdout.txt") << process.stdout_text;
        if (process.exit_code != 0) {
          std::cerr << fmt::format("compare: {} run failed (exit {}):\n{}", variant.label, process.exit_code,
                                   process.stderr_text);
          return 1;
        }
        if (round == 0) continue;
        Run run{variant.label, profile, round, dir, json::parse(std::ifstream(dir + "/report.json")), {}};
        run.values = Extract(run.report);
        by_variant[variant.label].push_back(run);
        all_runs.push_back(run);
      }
    }

    // Every run must have produced the same orders and fills.
    std::string digest = by_variant[variants[0].label].front().report["digest"];
    for (const auto& [label, list] : by_variant) {
      for (const Run& run : list) {
        if (run.report["digest"] != digest) {
          digests_agree = false;
          std::cerr << fmt::format("compare: DIGEST MISMATCH ({}): {} round {} has {} but {} has {}\n", profile,
                                   label, run.round, run.report["digest"].get<std::string>(), variants[0].label,
                                   digest);
        }
      }
    }

    const std::string& baseline = variants[0].label;
    markdown << fmt::format("## profile `{}` — digest `{}`{}\n\n", profile, digest,
                            digests_agree ? " (identical in every run)" : " — MISMATCH, results invalid");
    markdown << "| allocator | version |";
    for (const Metric& m : kMetrics) markdown << " " << m.label << " |";
    markdown << "\n|---|---|";
    for (size_t i = 0; i < std::size(kMetrics); ++i) markdown << "---|";
    markdown << "\n";
    json profile_summary = json::object();
    for (const Variant& variant : variants) {
      const auto& list = by_variant[variant.label];
      markdown << "| " << variant.label << " | " << list.front().report["allocator"]["version"].get<std::string>()
               << " |";
      json variant_summary = json::object();
      for (const Metric& m : kMetrics) {
        std::vector<double> values, base;
        for (const Run& run : list) values.push_back(run.values.at(m.key));
        for (const Run& run : by_variant[baseline]) base.push_back(run.values.at(m.key));
        bool unknown = std::any_of(values.begin(), values.end(), [](double v) { return std::isnan(v); });
        bool base_unknown = std::any_of(base.begin(), base.end(), [](double v) { return std::isnan(v); });
        if (unknown) {
          markdown << " n/a |";
          variant_summary[m.key] = nullptr;
          continue;
        }
        Spread spread = SpreadOf(values);
        std::string cell = Cell(spread, m);
        json entry = {{"median", spread.median}, {"min", spread.min}, {"max", spread.max}, {"runs", values}};
        if (variant.label != baseline && !base_unknown) {
          Comparison c = Compare(values, base);
          cell += "<br>" + c.verdict;
          entry["change_vs_system_pct"] = c.change_pct;
          entry["p_value"] = c.p_value;
          entry["significant"] = c.significant;
          bool better = m.lower_is_better ? c.change_pct < 0 : c.change_pct > 0;
          entry["better"] = c.significant && better;
        }
        markdown << " " << cell << " |";
        variant_summary[m.key] = entry;
      }
      markdown << "\n";
      profile_summary[variant.label] = variant_summary;
    }

    // One line for latency (tick_to_order p99) and one for memory (peak RSS).
    auto recommend = [&](const char* key, const char* what) {
      std::string best = baseline;
      double best_median = profile_summary[baseline][key]["median"].get<double>();
      for (const Variant& variant : variants) {
        const json& entry = profile_summary[variant.label][key];
        if (entry.is_null()) continue;
        if (variant.label != baseline && entry.value("better", false) && entry["median"].get<double>() < best_median) {
          best = variant.label;
          best_median = entry["median"].get<double>();
        }
      }
      if (best == baseline) {
        return fmt::format("{} ({}): no allocator beats {} beyond noise on this workload", what, profile, baseline);
      }
      const json& entry = profile_summary[best][key];
      return fmt::format("{} ({}): use {} — {:+.1f}% vs {} (exact Mann-Whitney p={:.3f}, {} runs each)", what,
                         profile, best, entry["change_vs_system_pct"].get<double>(), baseline,
                         entry["p_value"].get<double>(), runs);
    };
    std::string latency_line = recommend("p99", "latency (tick_to_order p99)");
    std::string memory_line = recommend("peak_rss", "memory (peak RSS)");
    recommendations.push_back(latency_line);
    recommendations.push_back(memory_line);
    markdown << "\n- " << latency_line << "\n- " << memory_line << "\n\n";

    // Plots from each variant's median-p99 run.
    std::vector<PlotSeries> latency_series, memory_series;
    for (const Variant& variant : variants) {
      auto list = by_variant[variant.label];
      std::sort(list.begin(), list.end(), [](const Run& a, const Run& b) { return a.values.at("p99") < b.values.at("p99"); });
      const Run& median_run = list[list.size() / 2];
      metrics::HgrmData hgrm = metrics::ParseHgrmFile(median_run.dir + "/tick_to_order.hgrm");
      PlotSeries latency{variant.label, {}};
      for (const auto& row : hgrm.rows) {
        double pct = row.percentile * 100.0;
        if (pct >= 50.0 && pct <= 99.99) latency.points.push_back({pct, row.value});
      }
      latency_series.push_back(latency);
      PlotSeries memory{variant.label + " RSS", {}};
      for (const auto& sample : median_run.report["memory_timeline"]) {
        memory.points.push_back({sample["t_s"].get<double>(), sample["rss_bytes"].get<double>() / 1048576.0});
      }
      memory_series.push_back(memory);
    }
    std::string latency_png = out_dir + "/latency-" + profile + ".png";
    std::string memory_png = out_dir + "/memory-" + profile + ".png";
    std::string problem = PlotLatencyPercentiles(latency_png, "tick_to_order latency by percentile (" + profile + ")",
                                                 latency_series);
    if (problem.empty()) problem = PlotMemoryOverTime(memory_png, "process RSS during the replay (" + profile + ")", memory_series);
    if (!problem.empty()) std::cerr << "compare: plots not written: " << problem << "\n";
    markdown << fmt::format("![latency](latency-{0}.png)\n![memory](memory-{0}.png)\n\n", profile);
    summary[profile] = profile_summary;
  }

  markdown << "Cells: median [min–max] over the runs; below it the change of the median against system and the\n"
              "exact two-sided Mann-Whitney U p-value over the per-run values. \"within noise\" means p >= 0.05:\n"
              "the runs of the two allocators overlap too much to call a difference.\n";

  json runs_json = json::array();
  for (const Run& run : all_runs) {
    runs_json.push_back({{"variant", run.variant}, {"profile", run.profile}, {"round", run.round}, {"report", run.report}});
  }
  json out = {{"hftbot_version", kHftbotVersion},
              {"aa", aa},
              {"rounds", runs},
              {"ticks", ticks.empty() ? "bundled sample" : ticks},
              {"bot_options", extras},
              {"host", all_runs.empty() ? json() : all_runs.front().report["host"]},
              {"digests_agree", digests_agree},
              {"summary", summary},
              {"recommendations", recommendations},
              {"runs", runs_json}};
  std::ofstream(out_dir + "/compare.json") << out.dump(2) << "\n";
  std::ofstream(out_dir + "/compare.md") << markdown.str();
  std::cout << markdown.str() << "\nwritten: " << out_dir << "/compare.md, compare.json, latency-*.png, memory-*.png\n";
  if (!digests_agree) {
    std::cerr << "compare: INVALID — runs produced different digests: an allocator changed results, not just speed\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) { return hftbot::lab::CompareMain(argc, argv); }
