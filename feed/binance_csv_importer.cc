// data.binance.vision CSVs, with or without their header row:
//   bookTicker  update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time
//   trades      id,price,qty,quote_qty,time,is_buyer_maker[,is_best_match]
//   aggTrades   agg_trade_id,price,quantity,first_trade_id,last_trade_id,transaction_time,is_buyer_maker[,is_best_match]
//   T_DEPTH     symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu
// Without a header the kind is told from the column count and which columns are
// booleans. Times are ms (us when the value is >= 1e14, as spot files since 2025 are).
// Only T_DEPTH names its symbol; the others take it from the file name
// ("BTCUSDT-trades-2024-08-08.csv" -> BTCUSDT) or LoadOptions::symbol.

#include <cstdint>
#include <string>
#include <unordered_map>

#include "feed/event_flags.h"
#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

enum class Kind { kBookTicker, kTrades, kAggTrades, kDepth };

bool IsBool(std::string_view s) {
  return s == "true" || s == "false" || s == "True" || s == "False" || s == "TRUE" || s == "FALSE";
}
bool IsTrue(std::string_view s) { return s == "true" || s == "True" || s == "TRUE"; }

class BinanceCsvImporter final : public Importer {
 public:
  BinanceCsvImporter(const std::string& path, const LoadOptions& options)
      : Importer(path, options) {}

 private:
  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      if (!kind_) {
        if (Classify(line)) {  // a header row
          Informational();
          continue;
        }
        if (!kind_) {
          throw InputError(Where(), "not a Binance bookTicker, trades, aggTrades or depth CSV");
        }
      }
      if (Row(line)) return true;
    }
    return false;
  }

  // Sets kind_ from the first line; true when that line is a header.
  bool Classify(std::string_view line) {
    if (line.rfind("update_id,best_bid_price", 0) == 0) return Set(Kind::kBookTicker, 7, true);
    if (line.rfind("id,price,qty,quote_qty,time,is_buyer_maker", 0) == 0)
      return Set(Kind::kTrades, Count(line), true);
    if (line.rfind("agg_trade_id,", 0) == 0) return Set(Kind::kAggTrades, Count(line), true);
    if (line.rfind("symbol,timestamp,first_update_id,last_update_id,side,update_type", 0) == 0)
      return Set(Kind::kDepth, 9, true);
    std::string_view f[10];
    const size_t n = SplitFields(line, ',', f, 10);
    if (n == 9 && (f[4] == "a" || f[4] == "b")) return Set(Kind::kDepth, 9, false);
    if ((n == 6 || n == 7) && IsBool(f[5])) return Set(Kind::kTrades, n, false);
    if ((n == 7 || n == 8) && IsBool(f[6]) && !IsBool(f[5])) return Set(Kind::kAggTrades, n, false);
    if (n == 7 && !IsBool(f[5]) && !IsBool(f[6])) return Set(Kind::kBookTicker, 7, false);
    return false;
  }

  static size_t Count(std::string_view line) {
    size_t n = 1;
    for (const char c : line) n += c == ',';
    return n;
  }

  bool Set(Kind kind, size_t columns, bool header) {
    kind_ = kind;
    columns_ = columns;
    if (kind != Kind::kDepth) {
      const std::string stem = Stem();
      symbol_ = Intern(SymbolOr(stem.substr(0, stem.find('-'))));
    }
    return header;
  }

  bool Time(std::string_view text, int64_t& ns) {
    int64_t v = 0;
    if (!ParseInt(text, v) || v < 0) {
      Reject("bad_timestamp", "time '" + std::string(text) + "' is not an integer");
      return false;
    }
    const int64_t scale = v >= 100'000'000'000'000 ? 1'000 : 1'000'000;
    if (v > INT64_MAX / scale) {  // past int64 nanoseconds (April 2262)
      Reject("bad_timestamp", "time '" + std::string(text) + "' is out of range");
      return false;
    }
    ns = v * scale;
    return true;
  }

  bool Id(std::string_view text, uint64_t& id) {
    if (!ParseUint(text, id)) {
      Reject("bad_update_id", "id '" + std::string(text) + "' is not an unsigned integer");
      return false;
    }
    return true;
  }

  bool Row(std::string_view line) {
    std::string_view f[9];
    const size_t n = SplitFields(line, ',', f, 9);
    if (n != columns_) {
      Reject("wrong_column_count",
             std::to_string(n > 9 ? 10 : n) + " columns, expected " + std::to_string(columns_));
      return false;
    }
    Event e;
    e.symbol = symbol_;
    switch (*kind_) {
      case Kind::kBookTicker:
        e.kind = EventKind::kQuote;
        if (!Id(f[0], e.id) || !Decimal(f[1], "best_bid_price", e.price) ||
            !Decimal(f[2], "best_bid_qty", e.quantity) || !Decimal(f[3], "best_ask_price", e.ask_price) ||
            !Decimal(f[4], "best_ask_qty", e.ask_quantity) || !Time(f[5], e.exchange_ts_ns) ||
            !Time(f[6], e.ts_ns))
          return false;
        if (e.price <= 0 || e.ask_price <= 0) {
          Reject("non_positive_price", "bid and ask must be positive");
          return false;
        }
        if (e.quantity < 0 || e.ask_quantity < 0) {
          Reject("bad_quantity", "negative size");
          return false;
        }
        if (e.price >= e.ask_price) {
          Reject("crossed_quote", "bid >= ask");
          return false;
        }
        break;
      case Kind::kTrades:
      case Kind::kAggTrades: {
        const bool agg = *kind_ == Kind::kAggTrades;
        e.kind = EventKind::kTrade;
        if (!Id(f[0], e.id) || !Decimal(f[1], "price", e.price) || !Decimal(f[2], "qty", e.quantity) ||
            !Time(f[agg ? 5 : 4], e.ts_ns))
          return false;
        const std::string_view maker = f[agg ? 6 : 5];
        if (!IsBool(maker)) {
          Reject("bad_side", "is_buyer_maker '" + std::string(maker) + "' is not a boolean");
          return false;
        }
        e.side = IsTrue(maker) ? Side::kAsk : Side::kBid;
        e.exchange_ts_ns = e.ts_ns;
        if (e.price <= 0 || e.quantity <= 0) {
          Reject(e.price <= 0 ? "non_positive_price" : "bad_quantity", "trade price and qty must be positive");
          return false;
        }
        break;
      }
      case Kind::kDepth: {
        if (!InternChecked(f[0], e.symbol) || !Time(f[1], e.ts_ns)) return false;
        e.exchange_ts_ns = e.ts_ns;
        uint64_t first = 0;
        if (!Id(f[2], first) || !Id(f[3], e.id)) return false;
        if (f[4] != "a" && f[4] != "b") {
          Reject("bad_side", "side '" + std::string(f[4]) + "' is not a or b");
          return false;
        }
        e.side = f[4] == "b" ? Side::kBid : Side::kAsk;
        if (!Decimal(f[6], "price", e.price) || !Decimal(f[7], "qty", e.quantity)) return false;
        if (e.price <= 0 || e.quantity < 0) {
          Reject(e.price <= 0 ? "non_positive_price" : "bad_quantity", "level out of range");
          return false;
        }
        bool& in_snapshot = in_snapshot_[e.symbol];
        if (f[5] == "snap") {
          e.kind = EventKind::kSnapshotLevel;
          if (!in_snapshot) e.flags = kFlagSnapshotStart;
          in_snapshot = true;
          if (e.quantity == 0) {
            Skip("empty_level");
            return false;
          }
        } else if (f[5] == "set") {
          e.kind = EventKind::kLevelUpdate;
          in_snapshot = false;
        } else {
          Reject("bad_kind", "update_type '" + std::string(f[5]) + "' is not snap or set");
          return false;
        }
        break;
      }
    }
    Emit(e);
    return true;
  }

  std::optional<Kind> kind_;
  size_t columns_ = 0;
  SymbolId symbol_ = 0;
  std::unordered_map<SymbolId, bool> in_snapshot_;
};

}  // namespace

std::unique_ptr<Importer> MakeBinanceCsvImporter(const std::string& path,
                                                 const LoadOptions& options) {
  return std::make_unique<BinanceCsvImporter>(path, options);
}

std::optional<TickFormat> DetectImportFormat(std::string_view head) {
  const std::string_view line = head.substr(0, head.find('\n'));
  const auto starts = [&](std::string_view prefix) { return line.rfind(prefix, 0) == 0; };
  if (starts("exchange,symbol,timestamp,local_timestamp,")) return TickFormat::kTardis;
  if (starts("timestamp,bid,ask")) return TickFormat::kTrueFx;
  if (starts("update_id,best_bid_price") || starts("id,price,qty,quote_qty,time,") ||
      starts("agg_trade_id,") || starts("symbol,timestamp,first_update_id,"))
    return TickFormat::kBinanceCsv;
  // "<digits> {" : a websocket capture line.
  size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits > 0 && digits + 1 < line.size() && line[digits] == ' ' && line[digits + 1] == '{')
    return TickFormat::kBinanceWs;
  // "20200101 170000065,bid,ask,volume"
  if (line.size() > 19 && digits == 8 && line[8] == ' ' && line[18] == ',') {
    bool ok = true;
    for (size_t i = 9; i < 18; ++i) ok &= line[i] >= '0' && line[i] <= '9';
    if (ok) return TickFormat::kHistData;
  }
  // "USD/JPY,20130101 22:00:00.295,bid,ask"
  if (line.size() > 30 && line[3] == '/' && line[7] == ',' && line[16] == ' ' && line[19] == ':')
    return TickFormat::kTrueFx;
  std::string_view f[8];
  const size_t n = SplitFields(line, ',', f, 8);
  // LOBSTER: seconds.fraction,type 1-7,id,size,price,direction +-1.
  if (n == 6 && f[0].find('.') != std::string_view::npos && f[1].size() == 1 && f[1][0] >= '1' &&
      f[1][0] <= '7' && (f[5] == "1" || f[5] == "-1"))
    return TickFormat::kLobster;
  // Headerless Binance trades / aggTrades / bookTicker.
  if (n >= 6 && n <= 7 && IsBool(f[5])) return TickFormat::kBinanceCsv;
  if (n >= 7 && n <= 8 && IsBool(f[6])) return TickFormat::kBinanceCsv;
  return std::nullopt;
}

std::unique_ptr<Importer> MakeImporter(TickFormat format, const std::string& path,
                                       const LoadOptions& options) {
  switch (format) {
    case TickFormat::kBinanceWs:
      return MakeBinanceWsImporter(path, options);
    case TickFormat::kBinanceCsv:
      return MakeBinanceCsvImporter(path, options);
    case TickFormat::kLobster:
      return MakeLobsterImporter(path, options);
    case TickFormat::kTardis:
      return MakeTardisImporter(path, options);
    case TickFormat::kTrueFx:
      return MakeTrueFxImporter(path, options);
    case TickFormat::kHistData:
      return MakeHistDataImporter(path, options);
    default:
      throw InputError(path, "format '" + std::string(FormatName(format)) + "' is not an importer");
  }
}

}  // namespace hftbot::feed
