// The pipeline's wall-clock perf guard (issue 13): repetitions of the single-thread
// pooled and naive engine rates on one tick file, the pooled compact pipeline's rate
// (one feed thread, inline gateway, max speed) and two control cases that measure the
// machine (bench/machine_controls.h), interleaved, compared with a stored baseline after
// drift correction by the seed guard's rule (bench/pipeline_guard.h).
//
//   bazel run //bench:pipeline_perf_guard                     # full: a developer's check
//   bazel run //bench:pipeline_perf_guard -- --smoke          # CI: few repetitions
//   bazel run //bench:pipeline_perf_guard -- --write-baseline # bench/pipeline_baseline.json
//
// Every pass must process every event, and every pass's per-symbol digests must equal
// the first pooled engine pass's (engines of both profiles and the pipeline do the same
// work), or the run is broken.
//
// Exit status: 0 no confirmed regression (a --smoke run's findings never count), or the
// baseline was written; 1 a confirmed regression in a full run, or a broken run (a
// digest differs, no events, an event not processed); 2 bad input (options, tick file,
// baseline file).
// Single-threaded start-up code around the passes, which start their own threads.

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "alloc/allocator.h"
#include "base/command_line.h"
#include "base/host_info.h"
#include "base/paths.h"
#include "base/version.h"
#include "bench/machine_controls.h"
#include "bench/pipeline_guard.h"
#include "bench/pipeline_passes.h"
#include "engine/allocation_profile.h"
#include "feed/input_error.h"
#include "feed/tick_file.h"

namespace hftbot::bench {
namespace {

using nlohmann::json;

constexpr const char* kBundledSample = "data/sample.bin.gz";
constexpr const char* kBaseline = "bench/pipeline_baseline.json";
constexpr int kExitRegressionOrBroken = 1;

// The run did not do the work it measures: no verdict is worth anything.
class BrokenRun : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string ticks_path;
  bool smoke = false;
  bool write_baseline = false;
  bool correct_drift = true;
  int repetitions = 0;  // 0: 10, or 3 with --smoke
  int min_time_ms = 300;
  double floor_pct = 10;
  std::string baseline_path;
  std::string report_path;
};

struct Case {
  std::string name;
  std::string unit;
  std::string drift_from;           // empty: a control case
  std::function<double()> measure;  // one repetition's time, in `unit`
  std::vector<double> times = {};
};

std::string DigestText(const std::vector<uint64_t>& digests) {
  std::string text;
  for (uint64_t d : digests) text += fmt::format("{}{:016x}", text.empty() ? "" : " ", d);
  return text;
}

// Passes until `min_time` of timed work, so short passes still add up to one
// measurement long enough to rise above the clock and a scheduler tick.
double NsPerEvent(const std::function<Pass()>& run_pass, const std::vector<uint64_t>& expected, uint64_t events,
                  const std::string& name, std::chrono::nanoseconds min_time) {
  double seconds = 0;
  uint64_t processed = 0;
  do {
    const Pass pass = run_pass();
    if (pass.events != events) {
      throw BrokenRun(fmt::format("{}: processed {} of {} events", name, pass.events, events));
    }
    if (pass.digests != expected) {
      throw BrokenRun(fmt::format("{}: digests {} differ from the pooled engines' {}: it did other work", name,
                                  DigestText(pass.digests), DigestText(expected)));
    }
    seconds += pass.seconds;
    processed += pass.events;
  } while (seconds * 1e9 < static_cast<double>(min_time.count()));
  return seconds * 1e9 / static_cast<double>(processed);
}

std::string UtcNow() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

json ReadBaseline(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    throw feed::InputError(path, "cannot read the baseline (take one with --write-baseline on this machine)");
  }
  json baseline;
  try {
    baseline = json::parse(in);
  } catch (const json::exception& error) {
    throw feed::InputError(path, std::string("not JSON: ") + error.what());
  }
  if (!baseline.is_object() || baseline.value("schema", "") != kPipelinePerfSchema) {
    throw feed::InputError(path, fmt::format("not a pipeline perf report (schema {})", kPipelinePerfSchema));
  }
  return baseline;
}

std::string BaselineWritePath(const Options& o) {
  if (!o.baseline_path.empty()) return ResolveUserPath(o.baseline_path);
  const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY");
  if (workspace == nullptr) {
    throw feed::InputError("--write-baseline",
                           "no workspace to write bench/pipeline_baseline.json in (run through "
                           "'./bazelw run', or pass --baseline FILE)");
  }
  return std::string(workspace) + "/" + kBaseline;
}

void WriteJson(const std::string& path, const json& value) {
  std::ofstream out(path);
  out << value.dump(2) << "\n";
  if (!out) throw feed::InputError(path, "cannot write");
}

int Run(int argc, char** argv) {
  CLI::App app{
      "hftbot pipeline perf guard: engine and pipeline rates against a stored baseline, "
      "drift-corrected by control cases"};
  Options o;
  app.add_option("--ticks", o.ticks_path, "tick file (default: the bundled sample)");
  app.add_flag("--smoke", o.smoke, "few repetitions (CI): findings are informational; a broken run still fails");
  app.add_option("--repetitions", o.repetitions, "interleaved repetitions of every case (default 10, --smoke 3)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--min-time-ms", o.min_time_ms, "timed work per case and repetition, in whole passes (default 300)")
      ->check(CLI::Range(1, 60000));
  app.add_option("--floor-pct", o.floor_pct, "never flag a change smaller than this (default 10)")
      ->check(CLI::Range(0.0, 1000.0));
  app.add_option("--baseline", o.baseline_path, "baseline file (default: bench/pipeline_baseline.json)");
  app.add_flag("--write-baseline", o.write_baseline,
               "write this run as the baseline instead of comparing (not with --smoke)");
  app.add_flag("!--no-drift-correction", o.correct_drift, "compare raw times: shows what the control cases remove");
  app.add_option("--report-json", o.report_path, "also write this run's report here");
  app.set_version_flag("--version", std::string("pipeline perf guard (hftbot) ") + kHftbotVersion);
  if (auto status = ParseCommandLine(app, argc, argv, "pipeline_perf_guard")) return *status;
  if (o.smoke && o.write_baseline) {
    std::fprintf(stderr,
                 "pipeline_perf_guard: error: --write-baseline takes a full run, not --smoke (see "
                 "--help)\n");
    return kExitBadInput;
  }
  if (o.repetitions == 0) o.repetitions = o.smoke ? 3 : 10;
  const bool bundled = o.ticks_path.empty();
  const std::string ticks_path = bundled ? ResolveBundledFile(kBundledSample, argv[0]) : ResolveUserPath(o.ticks_path);
  // Read before measuring: a missing baseline should not cost a whole run.
  const json baseline = o.write_baseline ? json()
                                         : ReadBaseline(o.baseline_path.empty() ? ResolveBundledFile(kBaseline, argv[0])
                                                                                : ResolveUserPath(o.baseline_path));

  const feed::LoadedTicks ticks = feed::LoadTickFile(ticks_path, {});
  const std::vector<feed::Event> events = FeedOrder(ticks);
  if (events.empty()) throw BrokenRun(ticks_path + ": no events to replay");
  const std::vector<uint64_t> expected = RunEngines(engine::AllocationProfile::kPooled, ticks, events).digests;
  const std::chrono::milliseconds min_time(o.min_time_ms);
  const uint64_t n = events.size();
  std::vector<Case> cases;
  cases.push_back({"engine/pooled", "ns/event", "control/compute", [&] {
                     return NsPerEvent([&] { return RunEngines(engine::AllocationProfile::kPooled, ticks, events); },
                                       expected, n, "engine/pooled", min_time);
                   }});
  cases.push_back({"engine/naive", "ns/event", "control/compute", [&] {
                     return NsPerEvent([&] { return RunEngines(engine::AllocationProfile::kNaive, ticks, events); },
                                       expected, n, "engine/naive", min_time);
                   }});
  cases.push_back({"pipeline/compact_pooled", "ns/event", "control/handoff", [&] {
                     return NsPerEvent([&] { return RunCompactPipeline(ticks, 1); }, expected, n,
                                       "pipeline/compact_pooled", min_time);
                   }});
  cases.push_back({"control/compute", "ns/step", "", [&] { return ComputeKernelNs(min_time); }});
  cases.push_back({"control/handoff", "ns/item", "", [&] { return HandOffNs(min_time); }});

  const std::string allocator = alloc::Info().name;
  std::printf(
      "ticks: %s, %zu events, %zu symbols; allocator %s; %d repetitions of %zu cases, "
      "interleaved, >= %d ms each%s\n",
      ticks_path.c_str(), events.size(), ticks.symbols.size(), allocator.c_str(), o.repetitions, cases.size(),
      o.min_time_ms, o.smoke ? " (smoke)" : "");
  for (int rep = 0; rep < o.repetitions; ++rep) {
    // Rotate the order, so each case meets the machine's drift at every position.
    std::string line = fmt::format("rep {:>2}:", rep + 1);
    for (size_t i = 0; i < cases.size(); ++i) {
      Case& c = cases[(rep + i) % cases.size()];
      c.times.push_back(c.measure());
      line += fmt::format("  {} {:.2f}", c.name, c.times.back());
    }
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  }

  json report = {{"schema", kPipelinePerfSchema}};
  report["meta"] = {{"created_utc", UtcNow()},
                    {"machine", fmt::format("{}, {} cores", CpuModel(), std::thread::hardware_concurrency())},
                    {"kernel", KernelRelease()},
                    {"allocator", allocator},
                    {"allocator_version", alloc::Info().version},
                    {"hftbot_version", kHftbotVersion},
                    {"ticks_file", bundled ? std::string(kBundledSample) : ticks_path},
                    {"events", n},
                    {"digest", DigestText(expected)},
                    {"smoke", o.smoke},
                    {"repetitions", o.repetitions},
                    {"min_time_ms", o.min_time_ms}};
  report["cases"] = json::array();
  for (const Case& c : cases) {
    json entry = {{"case", c.name}, {"unit", c.unit}, {"times", c.times}};
    if (!c.drift_from.empty()) entry["drift_from"] = c.drift_from;
    report["cases"].push_back(entry);
  }
  if (!o.report_path.empty()) WriteJson(ResolveUserPath(o.report_path), report);
  if (o.write_baseline) {
    const std::string path = BaselineWritePath(o);
    WriteJson(path, report);
    std::printf("baseline written: %s\n", path.c_str());
    return 0;
  }
  const PipelineGuardResult result = ComparePipelineRun(baseline, report, {{o.floor_pct}, o.correct_drift});
  std::printf("%s", FormatPipelineGuard(result).c_str());
  return GuardExitStatus(result);
}

}  // namespace
}  // namespace hftbot::bench

int main(int argc, char** argv) {
  try {
    return hftbot::bench::Run(argc, argv);
  } catch (const hftbot::bench::BrokenRun& error) {
    std::fprintf(stderr, "pipeline_perf_guard: broken run: %s\n", error.what());
    return hftbot::bench::kExitRegressionOrBroken;
  } catch (const hftbot::feed::InputError& error) {
    std::fprintf(stderr, "pipeline_perf_guard: %s\n", error.what());
    return hftbot::kExitBadInput;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "pipeline_perf_guard: %s\n", error.what());
    return hftbot::kExitBadInput;
  }
}
