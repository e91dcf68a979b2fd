// Import speed of each real-data format on the files in tests/data/real, in events
// per second (LoadTickFile: read, decompress, parse, split by symbol).
//
//   bazel run //feed:import_benchmark

#include <benchmark/benchmark.h>

#include <string>

#include "feed/tick_file.h"
#include "feed/tick_format.h"

namespace hftbot::feed {
namespace {

void BM_Import(benchmark::State& state, const char* file) {
  const std::string path = std::string("tests/data/real/") + file;
  uint64_t events = 0;
  uint64_t records = 0;
  for (auto _ : state) {
    const LoadedTicks ticks = LoadTickFile(path, {});
    events += ticks.loaded();
    records += ticks.read;
    benchmark::DoNotOptimize(ticks.symbols.data());
  }
  state.counters["events/s"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_Import, binance_ws_btcusdt_gz, "btcusdt_20240808.gz")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Import, binance_ws_ethusdt_gz, "ethusdt_20240808.gz")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Import, lobster_aapl, "AAPL_2012-06-21_34200000_57600000_message_10.csv")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Import, tardis_snapshot25, "tardis/binance-futures_book_snapshot_25_BTCUSDT.csv");
BENCHMARK_CAPTURE(BM_Import, tardis_incremental, "tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv");
BENCHMARK_CAPTURE(BM_Import, tardis_quotes, "tardis/huobi-dm-swap_quotes_BTC-USD.csv");
BENCHMARK_CAPTURE(BM_Import, tardis_trades, "tardis/bitmex_trades_XBTUSD.csv");
BENCHMARK_CAPTURE(BM_Import, binance_csv_depth, "binance/btcusdt-depth-update.csv");
BENCHMARK_CAPTURE(BM_Import, truefx, "truefx/usdjpy-ticks.csv");
BENCHMARK_CAPTURE(BM_Import, histdata, "histdata/quote_tick_data.csv")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace hftbot::feed

BENCHMARK_MAIN();
