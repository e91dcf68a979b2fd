// //lab:tune — rank allocator settings for one tick file.
//
// Each grid entry is an environment (MALLOC_CONF, MIMALLOC_*, TCMALLOC_*,
// GLIBC_TUNABLES / MALLOC_ARENA_MAX). Allocators read these once at start-up, so every
// run is a fresh bot process; entries are interleaved round-robin over R rounds after
// a discarded warm-up round. The options each run really had are read back from its
// report (//alloc:allocator Options()): an entry the allocator ignored or rejected is
// reported invalid, never ranked. The baseline is the entry with no variables.

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/paths.h"
#include "lab/output_dir.h"
#include "lab/significance.h"
#include "lab/subprocess.h"
#include "base/toml.h"
#include "base/version.h"

extern char** environ;

namespace hftbot::lab {
namespace {

using nlohmann::json;

constexpr const char* kTuningPrefixes[] = {"MALLOC_CONF", "MIMALLOC_", "TCMALLOC_", "GLIBC_TUNABLES", "MALLOC_ARENA_MAX"};

struct Entry {
  std::string name;
  std::vector<std::pair<std::string, std::string>> env;
  std::vector<double> values;
  std::vector<std::string> problems;
  std::string digest;
};

bool IsTuningVariable(const std::string& name) {
  for (const char* prefix : kTuningPrefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

[[noreturn]] void GridError(const std::string& where, const std::string& reason) {
  throw std::runtime_error(where + ": " + reason);
}

std::vector<Entry> LoadGrid(const std::string& path, std::string& allocator) {
  toml::table grid;
  try {
    grid = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    GridError(path + ":" + std::to_string(error.source().begin.line), std::string(error.description()));
  }
  for (const auto& [key, node] : grid) {
    if (key != "allocator" && key != "entry") GridError(path + ": " + std::string(key.str()), "unknown key");
  }
  allocator = grid["allocator"].value_or(std::string());
  if (allocator.empty()) GridError(path + ": allocator", "missing (system, jemalloc, mimalloc or tcmalloc)");
  const toml::array* entries = grid["entry"].as_array();
  if (entries == nullptr || entries->empty()) GridError(path + ": entry", "no [[entry]] tables");
  std::vector<Entry> out;
  bool has_baseline = false;
  for (size_t i = 0; i < entries->size(); ++i) {
    std::string where = fmt::format("{}: entry[{}]", path, i);
    const toml::table* table = entries->at(i).as_table();
    if (table == nullptr) GridError(where, "expected a table");
    Entry entry;
    for (const auto& [key, node] : *table) {
      std::string k(key.str());
      if (k == "name") {
        entry.name = node.value_or(std::string());
      } else if (k == "env") {
        const toml::table* env = node.as_table();
        if (env == nullptr) GridError(where + ".env", "expected a table of VARIABLE = \"value\"");
        for (const auto& [var, value] : *env) {
          std::string name(var.str());
          if (!IsTuningVariable(name)) GridError(where + ".env." + name, "not an allocator tuning variable");
          auto text = value.value<std::string>();
          if (!text) GridError(where + ".env." + name, "expected a string");
          entry.env.emplace_back(name, *text);
        }
      } else {
        GridError(where + "." + k, "unknown key (name, env)");
      }
    }
    if (entry.name.empty()) GridError(where + ".name", "missing");
    has_baseline |= entry.env.empty();
    out.push_back(entry);
  }
  if (!has_baseline) out.insert(out.begin(), Entry{"default", {}, {}, {}, ""});
  std::stable_partition(out.begin(), out.end(), [](const Entry& e) { return e.env.empty(); });
  return out;
}

// "tick_to_order.p99_9" -> latency_ns.tick_to_order.p99_9; "throughput"; "peak_rss".
double MetricOf(const json& report, const std::string& metric) {
  if (metric == "throughput") return report["throughput_ticks_per_s"].get<double>();
  if (metric == "peak_rss") return report["memory"]["peak_rss_bytes"].get<double>();
  auto dot = metric.find('.');
  return report["latency_ns"][metric.substr(0, dot)][metric.substr(dot + 1)].get<double>();
}

std::string ExportLine(const Entry& entry) {
  if (entry.env.empty()) return "(no variables: the allocator's defaults)";
  std::string line = "export";
  for (const auto& [name, value] : entry.env) line += " " + name + "='" + value + "'";
  return line;
}

int TuneMain(int argc, char** argv) {
  CLI::App app{"hftbot tune: rank allocator settings (MALLOC_CONF, MIMALLOC_*, TCMALLOC_*, GLIBC_TUNABLES)"};
  std::string grid_path, ticks, metric = "tick_to_order.p99_9", out_dir;
  int runs = 5;
  app.add_option("--grid", grid_path, "grid file (config/tuning/<allocator>.toml)")->required();
  app.add_option("--ticks", ticks, "tick file (default: the bundled sample)");
  app.add_option("--runs", runs, "measured rounds per entry (default 5)")->check(CLI::Range(1, 1000));
  app.add_option("--metric", metric,
                 "what to rank by: <stage>.<p50|p90|p99|p99_9|p99_99|max|mean>, throughput or peak_rss");
  app.add_option("--out", out_dir, "output folder (default: hftbot-out/tune-<time> where you ran the command)");
  app.allow_extras();
  app.footer("Any other option is passed to every bot run, e.g. --rate 100000.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  std::vector<std::string> extras = app.remaining();
  const bool higher_is_better = metric == "throughput";

  std::string resolved_grid = ResolveUserPath(grid_path);
  if (!std::filesystem::exists(resolved_grid)) resolved_grid = ResolveBundledFile(grid_path, argv[0]);
  std::string allocator;
  std::vector<Entry> entries;
  try {
    entries = LoadGrid(resolved_grid, allocator);
  } catch (const std::exception& error) {
    std::cerr << "tune: error: " << error.what() << "\n";
    return 2;
  }
  out_dir = out_dir.empty() ? lab::DefaultOutputDir("tune") : ResolveUserPath(out_dir);
  std::filesystem::create_directories(out_dir);
  if (!ticks.empty()) ticks = std::filesystem::absolute(ResolveUserPath(ticks)).string();
  std::string bot = ResolveBundledFile("bot/bot", argv[0]);
  std::filesystem::path runfiles = std::filesystem::absolute(bot).parent_path().parent_path().parent_path();

  // The user's own tuning variables would leak into every entry: clear them.
  std::vector<std::string> unset = {"BUILD_WORKING_DIRECTORY"};
  for (char** e = environ; *e != nullptr; ++e) {
    std::string name = std::string(*e).substr(0, std::string(*e).find('='));
    if (IsTuningVariable(name)) unset.push_back(name);
  }

  json runs_json = json::array();
  for (int round = 0; round <= runs; ++round) {
    for (size_t k = 0; k < entries.size(); ++k) {
      Entry& entry = entries[(k + static_cast<size_t>(round)) % entries.size()];
      std::string report_path = fmt::format("{}/run-{}-r{}.json", out_dir, &entry - entries.data(), round);
      std::vector<std::string> args = {bot, "--no-progress", "--report-json", report_path};
      if (!ticks.empty()) args.insert(args.end(), {"--ticks", ticks});
      args.insert(args.end(), extras.begin(), extras.end());
      std::vector<std::string> env = {"RUNFILES_DIR=" + runfiles.string()};
      for (const auto& [name, value] : entry.env) env.push_back(name + "=" + value);
      std::cerr << fmt::format("tune: {} round {}{}\n", entry.name, round, round == 0 ? " (warm-up)" : "");
      ProcessResult process = RunProcess(args, {env, unset, {}, 0});
      if (process.exit_code != 0) {
        std::cerr << fmt::format("tune: run of '{}' failed (exit {}):\n{}", entry.name, process.exit_code,
                                 process.stderr_text);
        return 1;
      }
      json report = json::parse(std::ifstream(report_path));
      if (report["allocator"]["name"] != allocator) {
        std::cerr << fmt::format("tune: the grid is for {} but this bot runs {}; run with --//alloc={}\n", allocator,
                                 report["allocator"]["name"].get<std::string>(), allocator);
        return 2;
      }
      entry.problems = report["allocator"]["problems"].get<std::vector<std::string>>();
      if (entry.digest.empty()) entry.digest = report["digest"];
      if (report["digest"] != entry.digest) {
        std::cerr << "tune: DIGEST MISMATCH within entry '" << entry.name << "': results must not depend on tuning\n";
        return 1;
      }
      if (round == 0) continue;
      entry.values.push_back(MetricOf(report, metric));
      runs_json.push_back({{"entry", entry.name}, {"round", round}, {"report", report}});
    }
  }

  const Entry& baseline = entries.front();
  std::vector<const Entry*> ranked;
  for (const Entry& entry : entries) {
    if (entry.problems.empty()) ranked.push_back(&entry);
  }
  std::sort(ranked.begin(), ranked.end(), [&](const Entry* a, const Entry* b) {
    double ma = SpreadOf(a->values).median, mb = SpreadOf(b->values).median;
    return higher_is_better ? ma > mb : ma < mb;
  });
  bool digests_agree = true;
  for (const Entry& entry : entries) digests_agree &= entry.digest == baseline.digest;

  double scale = metric == "throughput" ? 1.0 : (metric == "peak_rss" ? 1048576.0 : 1000.0);
  std::string unit = metric == "throughput" ? "ticks/s" : (metric == "peak_rss" ? "MiB" : "us");
  std::ostringstream md;
  md << fmt::format("# hftbot tune: {} on {}\n\nranked by `{}` ({}), {} rounds (+1 warm-up), grid `{}`\n\n", allocator,
                    ticks.empty() ? "the bundled sample" : ticks, metric, higher_is_better ? "higher is better" : "lower is better",
                    runs, grid_path);
  md << fmt::format("| rank | entry | environment | {} median [min–max] ({}) | vs {} |\n|---|---|---|---|---|\n", metric,
                    unit, baseline.name);
  json table = json::array();
  int rank = 0;
  for (const Entry* entry : ranked) {
    Spread s = SpreadOf(entry->values);
    std::string verdict = entry == &baseline ? "baseline" : Compare(entry->values, baseline.values).verdict;
    md << fmt::format("| {} | {} | `{}` | {:.2f} [{:.2f}–{:.2f}] | {} |\n", ++rank, entry->name, ExportLine(*entry),
                      s.median / scale, s.min / scale, s.max / scale, verdict);
    table.push_back({{"rank", rank}, {"entry", entry->name}, {"median", s.median}, {"min", s.min}, {"max", s.max},
                     {"runs", entry->values}, {"verdict", verdict}});
  }
  json invalid = json::array();
  for (const Entry& entry : entries) {
    if (entry.problems.empty()) continue;
    md << fmt::format("| — | {} | `{}` | INVALID: {} | not ranked |\n", entry.name, ExportLine(entry),
                      fmt::join(entry.problems, "; "));
    invalid.push_back({{"entry", entry.name}, {"problems", entry.problems}});
  }
  std::string winner_line;
  if (!ranked.empty()) {
    const Entry& winner = *ranked.front();
    if (&winner == &baseline) {
      winner_line = fmt::format("winner: {} — no entry beats the defaults on {}", baseline.name, metric);
    } else {
      Comparison c = Compare(winner.values, baseline.values);
      winner_line = fmt::format("winner: {} — {} vs {}{}\n  {}", winner.name, c.verdict, baseline.name,
                                c.significant ? "" : " (not significant: keep the defaults unless other runs agree)",
                                ExportLine(winner));
    }
  }
  md << "\n" << winner_line << "\n";
  if (!digests_agree) md << "\nWARNING: entries produced different digests — tuning changed results.\n";
  json out = {{"hftbot_version", kHftbotVersion}, {"allocator", allocator}, {"metric", metric}, {"rounds", runs},
              {"grid", grid_path},   {"ranked", table},       {"invalid", invalid}, {"winner", winner_line},
              {"digests_agree", digests_agree}, {"runs", runs_json}};
  std::ofstream(out_dir + "/tune.json") << out.dump(2) << "\n";
  std::ofstream(out_dir + "/tune.md") << md.str();
  std::cout << md.str() << "\nwritten: " << out_dir << "/tune.md, tune.json\n";
  return digests_agree ? 0 : 1;
}

}  // namespace
}  // namespace hftbot::lab

int main(int argc, char** argv) { return hftbot::lab::TuneMain(argc, argv); }
