// Import speed of each real-data format (LoadTickFile: read, decompress, parse, split by
// symbol), in events and input megabytes (uncompressed) per second of wall time: a gzip
// file is inflated on a second thread (feed/byte_source.h), so CPU time would flatter it.
//
//   ./bazelw run //feed:import_benchmark
//
// Two inputs per format: the real files in tests/data/real (the Binance websocket
// captures are 11 and 9 MB of JSON; most CSV samples are 10-1000 lines, too small to
// time a parser) and, for every CSV importer, a generated file of kGeneratedLines lines
// (seeded, so every run reads the same bytes) in the layout the real files show.
// "gunzip_only" is the floor under the gzip capture: inflating it without parsing;
// "generated_binance_ws_btcusdt_plain" is the same capture inflated beforehand.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <unistd.h>

#include "feed/byte_source.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"

namespace hftbot::feed {
namespace {

constexpr int kGeneratedLines = 200'000;
// A book_snapshot_25 row is 50 events; fewer rows keep its load near 1 M events.
constexpr int kGeneratedSnapshotRows = 20'000;

std::string Real(const char* file) { return std::string("tests/data/real/") + file; }

// Bytes after decompression: what the parser reads.
uint64_t InputBytes(const std::string& path) {
  const std::unique_ptr<ByteSource> source = OpenByteSource(path);
  uint64_t bytes = 0;
  for (std::string_view view = source->Refill(0); !view.empty(); view = source->Refill(0)) {
    bytes += view.size();
  }
  return bytes;
}

void BM_Import(benchmark::State& state, const std::string& path, TickFormat format) {
  LoadOptions options;
  options.format = format;
  const uint64_t bytes = InputBytes(path);
  uint64_t events = 0;
  for (auto _ : state) {
    const LoadedTicks ticks = LoadTickFile(path, options);
    events += ticks.loaded();
    benchmark::DoNotOptimize(ticks.symbols.data());
  }
  state.counters["events/s"] = benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes * state.iterations()) / 1e6,
                                              benchmark::Counter::kIsRate);
  state.counters["events"] = static_cast<double>(events / state.iterations());
}

void BM_GunzipOnly(benchmark::State& state, const std::string& path) {
  uint64_t bytes = 0;
  for (auto _ : state) {
    const std::unique_ptr<ByteSource> source = OpenByteSource(path);
    for (std::string_view view = source->Refill(0); !view.empty(); view = source->Refill(0)) {
      bytes += view.size();
    }
  }
  state.counters["MB/s"] = benchmark::Counter(static_cast<double>(bytes) / 1e6, benchmark::Counter::kIsRate);
}

// ---- generated inputs --------------------------------------------------------------

// A seeded random walk around `mid` in steps of `tick`, formatted with `decimals`.
class Walk {
 public:
  Walk(uint64_t seed, double mid, double tick) : rng_(seed), mid_(mid), tick_(tick) {}
  void Step() { mid_ += tick_ * static_cast<double>(static_cast<int>(rng_() % 5) - 2); }
  double mid() const { return mid_; }
  double tick() const { return tick_; }
  uint64_t Next() { return rng_(); }
  double Size() { return static_cast<double>(1 + rng_() % 5000) / 1000.0; }

 private:
  std::mt19937_64 rng_;
  double mid_;
  double tick_;
};

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof(text), "%.*f", decimals, value);
  return text;
}

// A generated input, written on first use so that a filtered run writes only what it
// reads.
class LazyFile {
 public:
  explicit LazyFile(std::function<std::string()> write) : write_(std::move(write)) {}
  const std::string& Path() {
    if (path_.empty()) path_ = write_();
    return path_;
  }

 private:
  std::function<std::string()> write_;
  std::string path_;
};

std::shared_ptr<LazyFile> Generate(const std::string& dir, const std::string& name,
                                   const std::string& header, int rows,
                                   std::function<std::string(int, Walk&)> row) {
  return std::make_shared<LazyFile>([=] {
    const std::string path = dir + "/" + name;
    std::ofstream out(path);
    if (!header.empty()) out << header << '\n';
    Walk walk(/*seed=*/42, 60'000.0, 0.5);
    for (int i = 0; i < rows; ++i) {
      walk.Step();
      out << row(i, walk) << '\n';
    }
    return path;
  });
}

constexpr int64_t kStartUs = 1'585'699'200'000'000;  // 2020-04-01, as the Tardis samples

void RegisterGenerated(const std::string& dir) {
  const auto reg = [](const std::string& name, std::shared_ptr<LazyFile> file, TickFormat format) {
    benchmark::RegisterBenchmark(("BM_Import/generated_" + name).c_str(),
                                 [file, format](benchmark::State& state) {
                                   BM_Import(state, file->Path(), format);
                                 })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  };
  // The BTCUSDT capture inflated: the parser's speed without inflating.
  reg("binance_ws_btcusdt_plain", std::make_shared<LazyFile>([dir] {
        const std::string plain = dir + "/btcusdt_20240808.txt";
        std::ofstream out(plain, std::ios::binary);
        const std::unique_ptr<ByteSource> source = OpenByteSource(Real("btcusdt_20240808.gz"));
        for (std::string_view view = source->Refill(0); !view.empty(); view = source->Refill(0)) {
          out.write(view.data(), static_cast<std::streamsize>(view.size()));
        }
        return plain;
      }),
      TickFormat::kBinanceWs);
  reg("tardis_incremental",
      Generate(dir, "deribit_incremental_book_L2_BTC-PERPETUAL.csv",
               "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount", kGeneratedLines,
               [](int i, Walk& w) {
                 const bool bid = w.Next() % 2 == 0;
                 const double price = w.mid() + (bid ? -1 : 1) * w.tick() * static_cast<double>(1 + w.Next() % 20);
                 const int64_t us = kStartUs + i * 100;
                 return "deribit,BTC-PERPETUAL," + std::to_string(us - 50) + "," + std::to_string(us) + "," +
                        (i < 100 ? "true," : "false,") + (bid ? "bid," : "ask,") + Fixed(price, 1) + "," +
                        Fixed(w.Size(), 1);
               }),
      TickFormat::kTardis);
  reg("tardis_quotes",
      Generate(dir, "huobi-dm-swap_quotes_BTC-USD.csv",
               "exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount", kGeneratedLines,
               [](int i, Walk& w) {
                 const int64_t us = kStartUs + i * 100;
                 return "huobi-dm-swap,BTC-USD," + std::to_string(us - 50) + "," + std::to_string(us) + "," +
                        std::to_string(1 + w.Next() % 9000) + "," + Fixed(w.mid() + w.tick(), 1) + "," +
                        Fixed(w.mid(), 1) + "," + std::to_string(1 + w.Next() % 9000);
               }),
      TickFormat::kTardis);
  reg("tardis_trades",
      Generate(dir, "bitmex_trades_XBTUSD.csv", "exchange,symbol,timestamp,local_timestamp,id,side,price,amount",
               kGeneratedLines,
               [](int i, Walk& w) {
                 const int64_t us = kStartUs + i * 100;
                 return "bitmex,XBTUSD," + std::to_string(us - 50) + "," + std::to_string(us) + "," +
                        std::to_string(1'000'000 + i) + "," + (w.Next() % 2 ? "buy," : "sell,") +
                        Fixed(w.mid(), 1) + "," + std::to_string(1 + w.Next() % 5000);
               }),
      TickFormat::kTardis);
  std::string snapshot_header = "exchange,symbol,timestamp,local_timestamp";
  for (int level = 0; level < 25; ++level) {
    const std::string n = std::to_string(level);
    snapshot_header += ",asks[" + n + "].price,asks[" + n + "].amount,bids[" + n + "].price,bids[" + n + "].amount";
  }
  reg("tardis_snapshot25",
      Generate(dir, "binance-futures_book_snapshot_25_BTCUSDT.csv", snapshot_header, kGeneratedSnapshotRows,
               [](int i, Walk& w) {
                 const int64_t us = kStartUs + i * 100'000;
                 std::string row = "binance-futures,BTCUSDT," + std::to_string(us - 50) + "," + std::to_string(us);
                 for (int level = 0; level < 25; ++level) {
                   row += "," + Fixed(w.mid() + w.tick() * (level + 1), 2) + "," + Fixed(w.Size(), 3) + "," +
                          Fixed(w.mid() - w.tick() * level, 2) + "," + Fixed(w.Size(), 3);
                 }
                 return row;
               }),
      TickFormat::kTardis);
  reg("binance_csv_depth",
      Generate(dir, "btcusdt-depth-update.csv", "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu",
               kGeneratedLines,
               [](int i, Walk& w) {
                 const bool bid = w.Next() % 2 == 0;
                 const double price = w.mid() + (bid ? -1 : 1) * w.tick() * static_cast<double>(1 + w.Next() % 20);
                 const std::string id = std::to_string(2'098'041'696'700 + i);
                 return "BTCUSDT," + std::to_string(1'672'531'200'000 + i) + "," + id + "," + id + "," +
                        (bid ? "b," : "a,") + (i < 100 ? "snap," : "set,") + Fixed(price, 2) + "," +
                        Fixed(w.Size(), 3) + ",-1";
               }),
      TickFormat::kBinanceCsv);
  reg("binance_csv_trades",
      Generate(dir, "BTCUSDT-trades-2024-08-08.csv", "", kGeneratedLines,
               [](int i, Walk& w) {
                 const double size = w.Size();
                 return std::to_string(3'735'683'259 + i) + "," + Fixed(w.mid(), 8) + "," + Fixed(size, 8) + "," +
                        Fixed(size * w.mid(), 8) + "," + std::to_string(1'723'161'255'342 + i) + "," +
                        (w.Next() % 2 ? "True" : "False") + ",True";
               }),
      TickFormat::kBinanceCsv);
  reg("binance_csv_book_ticker",
      Generate(dir, "BTCUSDT-bookTicker-2024-08-08.csv",
               "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time",
               kGeneratedLines,
               [](int i, Walk& w) {
                 return std::to_string(5'123'107'852'949 + i) + "," + Fixed(w.mid(), 2) + "," + Fixed(w.Size(), 3) +
                        "," + Fixed(w.mid() + 0.1, 2) + "," + Fixed(w.Size(), 3) + "," +
                        std::to_string(1'723'161'255'342 + i) + "," + std::to_string(1'723'161'255'343 + i);
               }),
      TickFormat::kBinanceCsv);
  reg("lobster",
      Generate(dir, "AAPL_2012-06-21_34200000_57600000_message_10.csv", "", kGeneratedLines,
               [](int i, Walk&) {
                 // Each order is added, then deleted by the next line.
                 const int64_t ns = 34'200'000'000'000 + int64_t{i} * 100'000;
                 const std::string time = std::to_string(ns / 1'000'000'000) + "." + [&] {
                   std::string f = std::to_string(ns % 1'000'000'000);
                   return std::string(9 - f.size(), '0') + f;
                 }();
                 const int id = 16'000'000 + i / 2;
                 const int64_t price = 5'853'300 + static_cast<int64_t>((i / 2) % 50) * 100;
                 return time + (i % 2 == 0 ? ",1," : ",3,") + std::to_string(id) + ",100," +
                        std::to_string(price) + "," + (id % 2 ? "1" : "-1");
               }),
      TickFormat::kLobster);
  reg("truefx",
      Generate(dir, "usdjpy-ticks.csv", "timestamp,bid,ask", kGeneratedLines,
               [](int i, Walk& w) {
                 const int ms = i * 10;
                 char time[64];
                 std::snprintf(time, sizeof(time), "2013-01-01 %02d:%02d:%02d.%03d000+00:00", (ms / 3'600'000) % 24,
                               (ms / 60'000) % 60, (ms / 1000) % 60, ms % 1000);
                 const double mid = 86.7 + (w.mid() - 60'000.0) / 10'000.0;
                 return std::string(time) + "," + Fixed(mid, 3) + "," + Fixed(mid + 0.007, 3);
               }),
      TickFormat::kTrueFx);
  reg("histdata",
      Generate(dir, "DAT_ASCII_EURUSD_T_202001.csv", "", kGeneratedLines,
               [](int i, Walk& w) {
                 const int ms = i * 10;
                 char time[32];
                 std::snprintf(time, sizeof(time), "20200102 %02d%02d%02d%03d", (ms / 3'600'000) % 24,
                               (ms / 60'000) % 60, (ms / 1000) % 60, ms % 1000);
                 const double mid = 1.1212 + (w.mid() - 60'000.0) / 100'000.0;
                 return std::string(time) + "," + Fixed(mid, 6) + "," + Fixed(mid + 0.00005, 6) + ",0";
               }),
      TickFormat::kHistData);
}

void RegisterReal() {
  const auto reg = [](const std::string& name, const char* file, TickFormat format = TickFormat::kAuto) {
    benchmark::RegisterBenchmark(("BM_Import/" + name).c_str(), BM_Import, Real(file), format)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  };
  reg("binance_ws_btcusdt_gz", "btcusdt_20240808.gz");
  reg("binance_ws_ethusdt_gz", "ethusdt_20240808.gz");
  benchmark::RegisterBenchmark("BM_GunzipOnly/binance_ws_btcusdt_gz", BM_GunzipOnly, Real("btcusdt_20240808.gz"))
      ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
  reg("lobster_aapl", "AAPL_2012-06-21_34200000_57600000_message_10.csv");
  reg("tardis_snapshot25", "tardis/binance-futures_book_snapshot_25_BTCUSDT.csv");
  reg("tardis_incremental", "tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv");
  reg("tardis_quotes", "tardis/huobi-dm-swap_quotes_BTC-USD.csv");
  reg("tardis_trades", "tardis/bitmex_trades_XBTUSD.csv");
  reg("binance_csv_depth", "binance/btcusdt-depth-update.csv");
  reg("truefx", "truefx/usdjpy-ticks.csv");
  reg("histdata", "histdata/quote_tick_data.csv");
}

}  // namespace
}  // namespace hftbot::feed

int main(int argc, char** argv) {
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("hftbot-import-benchmark-" + std::to_string(::getpid())))
                              .string();
  std::filesystem::create_directories(dir);
  hftbot::feed::RegisterReal();
  hftbot::feed::RegisterGenerated(dir);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove_all(dir);
  return 0;
}
