// How close the whole pooled pipeline comes to its engine: on one tick file, the
// single-thread rate of pooled SymbolEngines alone (every symbol on this thread, the
// events in the feed's data-time order, already in memory) and the rate of the pooled
// pipeline at max speed in the compact topology (one feed thread, one engine thread
// putting its own orders on the wire), interleaved round by round. The pipeline runs
// twice per round: timing every event (the bot's default) and timing 1 event in
// --time-every (the engine alone times nothing; a clock read costs about 20 ns on a VM,
// so the difference is what measuring every event costs). Prints each round, then the
// median and range of the rates and ratios (issue 13's target is >= 70%). Every pass
// uses the same engine settings and strategy and must produce the same digest per
// symbol, or the tool fails: a ratio of different work means nothing.
//
//   bazel run //bench:pipeline_ratio -- [--ticks FILE] [--rounds 5] [--time-every 64]
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

void PrintSummary(const char* name, const std::vector<double>& rates) {
  const Summary r = Summarize(rates);
  std::printf("%-22s median %.2f M events/s (%.1f ns/event), range %.2f-%.2f M\n", name, r.median / 1e6,
              1e9 / r.median, r.low / 1e6, r.high / 1e6);
}

void PrintRatio(const char* name, const std::vector<double>& ratios) {
  const Summary r = Summarize(ratios);
  std::printf("%-22s median %.1f%%, range %.1f%%-%.1f%% (target >= 70%%)\n", name, 100 * r.median, 100 * r.low,
              100 * r.high);
}

int Run(int argc, char** argv) {
  CLI::App app{"hftbot pipeline ratio: the pooled compact pipeline's rate against its engine's, one file"};
  std::string ticks_path;
  int rounds = 5;
  uint32_t time_every = 64;
  app.add_option("--ticks", ticks_path, "tick file (default: the bundled sample)");
  app.add_option("--rounds", rounds, "rounds of the three passes, interleaved (default 5)")->check(CLI::Range(1, 1000));
  app.add_option("--time-every", time_every, "the second pipeline pass times 1 event in N (default 64)")
      ->check(CLI::Range(2, 1'000'000));
  app.set_version_flag("--version", std::string("pipeline ratio (hftbot) ") + kHftbotVersion);
  if (auto status = ParseCommandLine(app, argc, argv, "pipeline_ratio")) return *status;
  ticks_path = ticks_path.empty() ? ResolveBundledFile(kBundledSample, argv[0]) : ResolveUserPath(ticks_path);

  const feed::LoadedTicks ticks = feed::LoadTickFile(ticks_path, {});
  const std::vector<feed::Event> events = FeedOrder(ticks);
  std::printf(
      "ticks: %s, %zu events, %zu symbols; pooled, market_maker; compact topology, inline "
      "gateway, 1 feed thread, max speed\n",
      ticks_path.c_str(), events.size(), ticks.symbols.size());
  const std::string sampled_name = "1 in " + std::to_string(time_every);
  std::printf("%-6s %14s %14s %7s %14s %7s\n", "round", "engine ev/s", "pipe(every)", "ratio",
              ("pipe(" + sampled_name + ")").c_str(), "ratio");
  std::vector<double> engine_rates, every_rates, sampled_rates, every_ratios, sampled_ratios;
  for (int round = 0; round < rounds; ++round) {
    // Rotate which goes first, so drift on a shared machine hits all three alike.
    Pass engine_pass, every_pass, sampled_pass;
    for (int turn = 0; turn < 3; ++turn) {
      switch ((round + turn) % 3) {
        case 0:
          engine_pass = RunEngines(engine::AllocationProfile::kPooled, ticks, events);
          break;
        case 1:
          every_pass = RunCompactPipeline(ticks, 1);
          break;
        default:
          sampled_pass = RunCompactPipeline(ticks, time_every);
          break;
      }
    }
    if (engine_pass.digests != every_pass.digests || engine_pass.digests != sampled_pass.digests) {
      std::fprintf(stderr,
                   "pipeline_ratio: round %d: a pipeline's digests differ from the engine's: "
                   "they did different work, the ratio would mean nothing\n",
                   round + 1);
      return 1;
    }
    engine_rates.push_back(engine_pass.events_per_s);
    every_rates.push_back(every_pass.events_per_s);
    sampled_rates.push_back(sampled_pass.events_per_s);
    every_ratios.push_back(every_pass.events_per_s / engine_pass.events_per_s);
    sampled_ratios.push_back(sampled_pass.events_per_s / engine_pass.events_per_s);
    std::printf("%-6d %14.0f %14.0f %6.1f%% %14.0f %6.1f%%\n", round + 1, engine_pass.events_per_s,
                every_pass.events_per_s, 100 * every_ratios.back(), sampled_pass.events_per_s,
                100 * sampled_ratios.back());
  }
  PrintSummary("engine:", engine_rates);
  PrintSummary("pipeline (every):", every_rates);
  PrintSummary(("pipeline (" + sampled_name + "):").c_str(), sampled_rates);
  PrintRatio("ratio (every):", every_ratios);
  PrintRatio(("ratio (" + sampled_name + "):").c_str(), sampled_ratios);
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
