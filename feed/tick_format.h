// The tick file formats hftbot reads and writes, and how a load treats bad ticks.
//
// Both native formats and the importers of real exchange data are specified in
// feed/FORMATS.md.
//
// Thread-safety: plain values and pure functions; safe from any thread.

#ifndef HFTBOT_FEED_TICK_FORMAT_H_
#define HFTBOT_FEED_TICK_FORMAT_H_

#include <optional>
#include <string>
#include <string_view>

namespace hftbot::feed {

enum class TickFormat {
  kAuto,    // detect: binary magic, else the CSV header row (gzip is orthogonal)
  kCsv,     // text, one event per line after a header row
  kBinary,  // magic + symbol table + fixed-size little-endian records
  // Importers of real recorded data (feed/importers.h); each is detected by kAuto.
  kBinanceWs,       // "<local_ts_ns> <json>" lines: depth diffs, bookTicker, trades, REST snapshot
  kBinanceCsv,      // data.binance.vision CSVs: bookTicker, trades, aggTrades, T_DEPTH
  kLobster,         // LOBSTER message file (+ its orderbook file when present)
  kTardis,          // Tardis.dev CSVs: incremental_book_L2, quotes, trades, book_snapshot_N
  kTrueFx,          // TrueFX quote ticks
  kHistData,        // HistData.com ASCII tick quotes
};

// "auto", "csv", "binary", "binance-ws", "binance-csv", "lobster", "tardis", "truefx",
// "histdata".
std::string_view FormatName(TickFormat format);

// True for kCsv and kBinary: the formats TickWriter writes.
bool IsNativeFormat(TickFormat format);

// Inverse of FormatName; also accepts "bin". nullopt for anything else.
std::optional<TickFormat> ParseFormatName(std::string_view name);

enum class OnBadTick {
  kFail,  // throw InputError naming the first bad tick's file position and reason
  kSkip,  // count the bad tick under its reason key and go on
};

struct LoadOptions {
  // Default kAuto: detected from the file's first bytes, never from its name.
  TickFormat format = TickFormat::kAuto;
  // Default kFail: a replay of a file with bad ticks is refused unless asked for.
  OnBadTick on_bad_tick = OnBadTick::kFail;
  // Symbol for formats whose records do not name one (LOBSTER, TrueFX "timestamp,bid,
  // ask", HistData, Binance data.binance.vision trades/aggTrades/bookTicker). Default
  // empty: taken from the file name (see FORMATS.md).
  std::string symbol;
  // LOBSTER: read the matching orderbook file (when it exists) to seed the book with
  // the levels standing before the first message and to emit kFlagResync corrections
  // when a level enters from beyond the file's depth. Default true.
  bool use_reference_book = true;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_FORMAT_H_
