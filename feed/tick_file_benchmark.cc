// Load speed of the tick formats: the bundled sample as shipped (binary + gzip) and
// converted to each other format, in events per second.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "feed/tick_convert.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"

namespace hftbot::feed {
namespace {

const char kSample[] = "data/sample.bin.gz";

std::string Converted(TickFormat format, bool gzip) {
  const char* dir = std::getenv("TMPDIR");
  const std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/hftbot-bench-" +
                           std::string(FormatName(format)) + (gzip ? ".gz" : "");
  ConvertTickFile(kSample, TickFormat::kAuto, path, {format, gzip, 1});
  return path;
}

void BM_Load(benchmark::State& state, TickFormat format, bool gzip) {
  const std::string path = Converted(format, gzip);
  uint64_t events = 0;
  for (auto _ : state) {
    const LoadedTicks ticks = LoadTickFile(path, {});
    events += ticks.loaded();
    benchmark::DoNotOptimize(ticks.symbols.data());
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  std::remove(path.c_str());
}

BENCHMARK_CAPTURE(BM_Load, binary, TickFormat::kBinary, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Load, binary_gz, TickFormat::kBinary, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Load, csv, TickFormat::kCsv, false)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_Load, csv_gz, TickFormat::kCsv, true)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace hftbot::feed

BENCHMARK_MAIN();
