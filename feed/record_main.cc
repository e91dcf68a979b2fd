// record: makes tick files. Generates a synthetic market (see tick_generator.h) or
// converts a tick file between the native formats, exactly.
//
//   bazel run //feed:record -- --symbols AAPL,MSFT --events 100000 --seed 7 -o ticks.csv
//   bazel run //feed:record -- --convert ticks.csv --to binary ticks.bin.gz
//   bazel run //feed:record -- --convert btcusdt_20240808.gz --from binance-ws -o btc.bin
//
// Relative paths resolve against $BUILD_WORKING_DIRECTORY (set by `bazel run`).

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/command_line.h"
#include "base/version.h"
#include "feed/event.h"
#include "feed/fixed_point.h"
#include "feed/input_error.h"
#include "feed/tick_convert.h"
#include "feed/tick_format.h"
#include "feed/tick_generator.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

std::string ResolvePath(const std::string& path) {
  const char* base = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path.front() == '/' || base == nullptr || *base == '\0') return path;
  return std::string(base) + "/" + path;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The output format from --format, else from the file name.
TickFormat OutputFormat(const std::string& forced, const std::string& path) {
  if (!forced.empty()) {
    const auto format = ParseFormatName(forced);
    if (!format || *format == TickFormat::kAuto) {
      throw InputError("--to/--format", "'" + forced + "' is not csv or binary");
    }
    return *format;
  }
  std::string_view name = path;
  if (EndsWith(name, ".gz")) name.remove_suffix(3);
  if (EndsWith(name, ".csv")) return TickFormat::kCsv;
  if (EndsWith(name, ".bin")) return TickFormat::kBinary;
  throw InputError(path,
                   "cannot tell the output format from the name (.csv, .bin, "
                   "optionally .gz); pass --format csv|binary");
}

Price ParseDecimalOption(const std::string& text, const char* option) {
  int64_t value = 0;
  const DecimalError error = ParseFixedPoint(text, value);
  if (error != DecimalError::kOk) {
    throw InputError(option, "'" + text + "': " + std::string(DecimalErrorKey(error)));
  }
  return value;
}

long FileSize(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 ? static_cast<long>(info.st_size) : -1;
}

void PrintSummary(const std::string& path, TickFormat format, bool gzip, uint64_t events,
                  const uint64_t (&kinds)[kEventKindCount], uint64_t symbols) {
  std::fprintf(stderr,
               "wrote %s: %s%s, %llu events (%llu quotes, %llu trades, %llu level updates), "
               "%llu symbols, %ld bytes\n",
               path.c_str(), std::string(FormatName(format)).c_str(), gzip ? "+gzip" : "",
               static_cast<unsigned long long>(events), static_cast<unsigned long long>(kinds[0]),
               static_cast<unsigned long long>(kinds[1]), static_cast<unsigned long long>(kinds[2]),
               static_cast<unsigned long long>(symbols), FileSize(path));
  if (kinds[3] + kinds[4] + kinds[5] + kinds[6] > 0) {
    std::fprintf(stderr,
                 "  binary version 2: %llu snapshot levels, %llu order adds, %llu cancels, "
                 "%llu executions\n",
                 static_cast<unsigned long long>(kinds[6]), static_cast<unsigned long long>(kinds[3]),
                 static_cast<unsigned long long>(kinds[4]), static_cast<unsigned long long>(kinds[5]));
  }
}

int Run(int argc, char** argv) {
  CLI::App app{"record: generate synthetic tick files, or convert between tick formats"};
  app.set_version_flag("--version", std::string("record (hftbot) ") + hftbot::kHftbotVersion);

  GeneratorOptions gen;
  std::string output;
  std::string format;
  bool gzip = false;
  int gzip_level = 9;
  std::string convert;
  std::string from = "auto";
  std::vector<std::string> symbols;
  int symbol_count = 0;
  std::string start_price = "100";
  std::string tick_size = "0.01";

  app.add_option("output", output, "output file (or use -o)");
  app.add_option("-o,--out", output, "output file: .csv or .bin, plus .gz to compress");
  app.add_option("--format,--to", format, "output format csv|binary (default: from the name)")
      ->check(CLI::IsMember({"csv", "binary", "bin"}));
  app.add_flag("--gzip", gzip, "gzip the output (implied by a .gz name)");
  app.add_option("--gzip-level", gzip_level, "1 fast .. 9 small")
      ->check(CLI::Range(1, 9))
      ->capture_default_str();

  app.add_option("--convert", convert, "convert this tick file instead of generating");
  app.add_option("--from", from, "input format for --convert: auto|csv|binary|binance-ws|binance-csv|lobster|tardis|"
                 "truefx|histdata (importer formats convert to binary version 2)")
      ->check(CLI::IsMember({"auto", "csv", "binary", "bin", "binance-ws", "binance-csv", "lobster",
                             "tardis", "truefx", "histdata"}))
      ->capture_default_str();

  std::string symbol_list;
  auto* symbols_opt = app.add_option("--symbols", symbol_list, "symbol names, comma-separated");
  app.add_option("--symbol-count", symbol_count, "or this many symbols named SYM0, SYM1, ...")
      ->excludes(symbols_opt)
      ->check(CLI::PositiveNumber);
  auto* events_opt =
      app.add_option("--events", gen.events,
                     "stop after this many events (0: no limit; default 10000 unless --duration)")
          ->capture_default_str();
  auto* duration_opt =
      app.add_option("--duration", gen.duration_s, "stop after this much data time, seconds")
          ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", gen.seed, "random seed")->capture_default_str();
  app.add_option("--start-ts", gen.start_ts_ns, "first timestamp, ns since epoch")
      ->capture_default_str();
  app.add_option("--rate", gen.rate, "mean events/s outside bursts, all symbols")
      ->capture_default_str();
  app.add_option("--burst-prob", gen.burst_probability, "chance an arrival starts a burst")
      ->capture_default_str();
  app.add_option("--burst-length", gen.burst_length, "mean events per burst")
      ->capture_default_str();
  app.add_option("--burst-speedup", gen.burst_speedup, "burst arrival rate multiplier")
      ->capture_default_str();
  app.add_option("--start-price", start_price, "first symbol's mid (symbol i: × (1 + i/2))")
      ->capture_default_str();
  app.add_option("--tick-size", tick_size, "price increment")->capture_default_str();
  app.add_option("--volatility", gen.volatility, "relative std dev of the mid per sqrt(s)")
      ->capture_default_str();
  app.add_option("--spread", gen.spread_ticks, "mean spread in ticks (>= 1)")
      ->capture_default_str();
  app.add_option("--mean-size", gen.mean_size, "mean size in units")->capture_default_str();
  app.add_option("--trade-ratio", gen.trade_ratio, "share of events that are trades")
      ->capture_default_str();
  app.add_option("--level-ratio", gen.level_ratio, "share of events that are level updates")
      ->capture_default_str();
  app.add_option("--level-depth", gen.level_depth, "level updates 1..N ticks behind the touch")
      ->capture_default_str();

  if (std::optional<int> status = ParseCommandLine(app, argc, argv, "record")) return *status;

  if (output.empty()) throw InputError("", "no output file: give OUT or -o OUT");
  const std::string out_path = ResolvePath(output);
  const TickFormat out_format = OutputFormat(format, output);
  gzip = gzip || EndsWith(output, ".gz");

  if (!convert.empty()) {
    const ConvertResult result =
        ConvertTickFile(ResolvePath(convert), *ParseFormatName(from), out_path,
                        WriteOptions{out_format, gzip, gzip_level});
    PrintSummary(out_path, out_format, gzip, result.events, result.kind_counts, result.symbols);
    return 0;
  }

  // Split by hand: CLI11's delimiter() trips GCC 12's -Wnull-dereference in its header.
  for (size_t start = 0; !symbol_list.empty() && start <= symbol_list.size();) {
    const size_t comma = std::min(symbol_list.find(',', start), symbol_list.size());
    symbols.push_back(symbol_list.substr(start, comma - start));
    start = comma + 1;
  }
  if (symbol_count > 0) {
    for (int i = 0; i < symbol_count; ++i) symbols.push_back("SYM" + std::to_string(i));
  }
  if (!symbols.empty()) gen.symbols = symbols;
  // --duration alone means "this much data time", not "at most 10000 events".
  if (duration_opt->count() > 0 && events_opt->count() == 0) gen.events = 0;
  gen.start_price = ParseDecimalOption(start_price, "--start-price");
  gen.tick_size = ParseDecimalOption(tick_size, "--tick-size");

  TickGenerator generator(gen);
  TickWriter writer(out_path, gen.symbols, WriteOptions{out_format, gzip, gzip_level});
  uint64_t kinds[kEventKindCount] = {};
  Event event;
  while (generator.Next(event)) {
    writer.Write(event);
    ++kinds[static_cast<int>(event.kind)];
  }
  writer.Close();
  PrintSummary(out_path, out_format, gzip, writer.written(), kinds, gen.symbols.size());
  return 0;
}

}  // namespace
}  // namespace hftbot::feed

int main(int argc, char** argv) {
  try {
    return hftbot::feed::Run(argc, argv);
  } catch (const std::exception& e) {
    // Bad input or an unwritable output: the message names the file and line.
    std::fprintf(stderr, "record: error: %s\n", e.what());
    return 2;
  }
}
