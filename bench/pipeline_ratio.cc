// How close the whole pooled pipeline comes to its engine: on one tick file, the
// single-thread rate of pooled SymbolEngines alone (every symbol on this thread, the
// events in the feed's data-time order, already in memory) and the rate of the pooled
// pipeline at max speed in the compact topology (one feed thread, one engine thread
// putting its own orders on the wire), interleaved round by round. Prints each round,
// then the median and range of both rates and of their ratio (issue 13's target is
// >= 70%). Both runs use the same engine settings and strategy, and must produce the
// same digest per symbol, or the tool fails: a ratio of different work means nothing.
//
//   bazel run //bench:pipeline_ratio -- [--ticks FILE] [--rounds 5]
//
// Exit status: 0 measured, 1 the digests differ, 2 bad input.
// Single-threaded start-up code around RunPipeline, which starts its own threads.

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "base/command_line.h"
#include "base/paths.h"
#include "base/version.h"
#include "bench/pipeline_passes.h"
#include "engine/allocation_profile.h"
#include "feed/input_error.h"
#include "feed/tick_file.h"

namespace hftbot::bench {
namespace {

constexpr const char* kBundledSample = "data/sample.bin.gz";

struct Summary {
  double median = 0;
  double low = 0;
  double high = 0;
};

Summary Summarize(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

int Run(int argc, char** argv) {
  CLI::App app{"hftbot pipeline ratio: the pooled compact pipeline's rate against its engine's, one file"};
  std::string ticks_path;
  int rounds = 5;
  app.add_option("--ticks", ticks_path, "tick file (default: the bundled sample)");
  app.add_option("--rounds", rounds, "engine and pipeline runs, interleaved (default 5)")->check(CLI::Range(1, 1000));
  app.set_version_flag("--version", std::string("pipeline ratio (hftbot) ") + kHftbotVersion);
  if (auto status = ParseCommandLine(app, argc, argv, "pipeline_ratio")) return *status;
  ticks_path = ticks_path.empty() ? ResolveBundledFile(kBundledSample, argv[0]) : ResolveUserPath(ticks_path);

  const feed::LoadedTicks ticks = feed::LoadTickFile(ticks_path, {});
  const std::vector<feed::Event> events = FeedOrder(ticks);
  std::printf(
      "ticks: %s, %zu events, %zu symbols; pooled, market_maker; compact topology, inline "
      "gateway, 1 feed thread, max speed\n",
      ticks_path.c_str(), events.size(), ticks.symbols.size());
  std::printf("%-6s %16s %16s %8s\n", "round", "engine ev/s", "pipeline ev/s", "ratio");
  std::vector<double> engine_rates;
  std::vector<double> pipeline_rates;
  std::vector<double> ratios;
  for (int round = 0; round < rounds; ++round) {
    // Alternate which goes first, so drift on a shared machine hits both alike.
    Pass engine_pass;
    Pass pipeline_pass;
    if (round % 2 == 0) {
      engine_pass = RunEngines(engine::AllocationProfile::kPooled, ticks, events);
      pipeline_pass = RunCompactPipeline(ticks);
    } else {
      pipeline_pass = RunCompactPipeline(ticks);
      engine_pass = RunEngines(engine::AllocationProfile::kPooled, ticks, events);
    }
    if (engine_pass.digests != pipeline_pass.digests) {
      std::fprintf(stderr,
                   "pipeline_ratio: round %d: the pipeline's digests differ from the engine's: "
                   "they did different work, the ratio would mean nothing\n",
                   round + 1);
      return 1;
    }
    const double ratio = pipeline_pass.events_per_s / engine_pass.events_per_s;
    engine_rates.push_back(engine_pass.events_per_s);
    pipeline_rates.push_back(pipeline_pass.events_per_s);
    ratios.push_back(ratio);
    std::printf("%-6d %16.0f %16.0f %7.1f%%\n", round + 1, engine_pass.events_per_s, pipeline_pass.events_per_s,
                100 * ratio);
  }
  const Summary e = Summarize(engine_rates);
  const Summary p = Summarize(pipeline_rates);
  const Summary r = Summarize(ratios);
  std::printf("engine:   median %.2f M events/s (%.1f ns/event), range %.2f-%.2f M\n", e.median / 1e6, 1e9 / e.median,
              e.low / 1e6, e.high / 1e6);
  std::printf("pipeline: median %.2f M events/s (%.1f ns/event), range %.2f-%.2f M\n", p.median / 1e6, 1e9 / p.median,
              p.low / 1e6, p.high / 1e6);
  std::printf("ratio:    median %.1f%%, range %.1f%%-%.1f%% (target >= 70%%)\n", 100 * r.median, 100 * r.low,
              100 * r.high);
  return 0;
}

}  // namespace
}  // namespace hftbot::bench

int main(int argc, char** argv) {
  try {
    return hftbot::bench::Run(argc, argv);
  } catch (const hftbot::feed::InputError& error) {
    std::fprintf(stderr, "pipeline_ratio: %s\n", error.what());
    return hftbot::kExitBadInput;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "pipeline_ratio: %s\n", error.what());
    return hftbot::kExitBadInput;
  }
}
