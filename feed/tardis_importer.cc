// Tardis.dev CSVs, recognised by their header row:
//   incremental_book_L2  exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount
//   quotes               exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount
//   trades               exchange,symbol,timestamp,local_timestamp,id,side,price,amount
//   book_snapshot_N      exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,...
// Event time is local_timestamp (us -> ns); the venue's timestamp goes to exchange_ts_ns.

#include <string>
#include <unordered_map>
#include <vector>

#include "feed/event_flags.h"
#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

constexpr int64_t kNsPerUs = 1'000;
constexpr size_t kMaxColumns = 4 + 4 * 1000;

enum class Kind { kIncremental, kQuotes, kTrades, kSnapshot };

class TardisImporter final : public Importer {
 public:
  TardisImporter(const std::string& path, const LoadOptions& options)
      : Importer(path, options), fields_(kMaxColumns) {
    std::string_view header;
    if (!ReadLine(header)) throw InputError(path + ":1", "empty file");
    Informational();
    std::vector<std::string_view> names(kMaxColumns);
    columns_ = SplitFields(header, ',', names.data(), kMaxColumns);
    if (columns_ < 5 || columns_ > kMaxColumns ||
        header.substr(0, 42) != "exchange,symbol,timestamp,local_timestamp,") {
      throw InputError(path + ":1", "bad Tardis header: expected 'exchange,symbol,timestamp,"
                                    "local_timestamp,...', found '" +
                                        std::string(header.substr(0, 120)) + "'");
    }
    const std::string rest(header.substr(42));
    if (rest == "is_snapshot,side,price,amount") {
      kind_ = Kind::kIncremental;
    } else if (rest == "ask_amount,ask_price,bid_price,bid_amount") {
      kind_ = Kind::kQuotes;
    } else if (rest == "id,side,price,amount") {
      kind_ = Kind::kTrades;
    } else if (rest.rfind("asks[0].price,asks[0].amount,bids[0].price,bids[0].amount", 0) == 0 &&
               (columns_ - 4) % 4 == 0) {
      kind_ = Kind::kSnapshot;
      levels_ = (columns_ - 4) / 4;
      for (size_t i = 0; i < levels_; ++i) {
        const std::string n = std::to_string(i);
        const std::string expected = "asks[" + n + "].price,asks[" + n + "].amount,bids[" + n +
                                     "].price,bids[" + n + "].amount";
        const std::string got = std::string(names[4 + 4 * i]) + "," + std::string(names[5 + 4 * i]) +
                                "," + std::string(names[6 + 4 * i]) + "," +
                                std::string(names[7 + 4 * i]);
        if (got != expected) throw InputError(path + ":1", "bad book_snapshot column '" + got + "'");
      }
    } else {
      throw InputError(path + ":1", "unsupported Tardis data type with columns '" + rest + "'");
    }
  }

 private:
  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      if (Row(line)) return true;
    }
    return false;
  }

  bool Row(std::string_view line) {
    const size_t n = SplitFields(line, ',', fields_.data(), columns_);
    if (n != columns_) {
      Reject("wrong_column_count", std::to_string(n > columns_ ? columns_ + 1 : n) +
                                       " columns, expected " + std::to_string(columns_));
      return false;
    }
    Event base;
    if (!InternChecked(fields_[1], base.symbol)) return false;
    int64_t exchange_us = 0;
    int64_t local_us = 0;
    if (!ParseInt(fields_[2], exchange_us) || !ParseInt(fields_[3], local_us) || local_us < 0 ||
        exchange_us < 0 || local_us > INT64_MAX / kNsPerUs || exchange_us > INT64_MAX / kNsPerUs) {
      Reject("bad_timestamp", "timestamp/local_timestamp are not microseconds");
      return false;
    }
    base.ts_ns = local_us * kNsPerUs;
    base.exchange_ts_ns = exchange_us * kNsPerUs;
    switch (kind_) {
      case Kind::kIncremental:
        return Incremental(base);
      case Kind::kQuotes:
        return Quote(base);
      case Kind::kTrades:
        return Trade(base);
      case Kind::kSnapshot:
        return Snapshot(base);
    }
    return false;
  }

  bool ParseSide(std::string_view text, Side& side) {
    if (text == "bid" || text == "buy") {
      side = Side::kBid;
    } else if (text == "ask" || text == "sell") {
      side = Side::kAsk;
    } else if (text == "unknown" || text.empty()) {
      side = Side::kNone;
    } else {
      Reject("bad_side", "side '" + std::string(text) + "'");
      return false;
    }
    return true;
  }

  // Rows take the parsed common fields by reference: gcc notes an ABI change when a
  // 64-byte-aligned Event is passed by value.
  bool Incremental(const Event& base) {
    Event e = base;
    const std::string_view snap = fields_[4];
    if (snap != "true" && snap != "false") {
      Reject("bad_kind", "is_snapshot '" + std::string(snap) + "' is not true or false");
      return false;
    }
    if (!ParseSide(fields_[5], e.side)) return false;
    if (e.side == Side::kNone) {
      Reject("bad_side", "a book level needs side bid or ask");
      return false;
    }
    if (!Decimal(fields_[6], "price", e.price) || !Decimal(fields_[7], "amount", e.quantity))
      return false;
    if (e.price <= 0 || e.quantity < 0) {
      Reject(e.price <= 0 ? "non_positive_price" : "bad_quantity", "level price/amount out of range");
      return false;
    }
    bool& in_snapshot = in_snapshot_[e.symbol];
    if (snap == "true") {
      e.kind = EventKind::kSnapshotLevel;
      if (!in_snapshot) e.flags = kFlagSnapshotStart;
      in_snapshot = true;
      if (e.quantity == 0) {
        Skip("empty_level");
        return false;
      }
    } else {
      e.kind = EventKind::kLevelUpdate;
      in_snapshot = false;
    }
    Emit(e);
    return true;
  }

  bool Quote(const Event& base) {
    Event e = base;
    e.kind = EventKind::kQuote;
    // ask_amount, ask_price, bid_price, bid_amount; an empty pair is an absent side.
    const bool has_ask = !fields_[5].empty();
    const bool has_bid = !fields_[6].empty();
    if (!has_ask && !has_bid) {
      Skip("empty_quote");
      return false;
    }
    if (has_ask && (!Decimal(fields_[5], "ask_price", e.ask_price) ||
                    !Decimal(fields_[4], "ask_amount", e.ask_quantity)))
      return false;
    if (has_bid && (!Decimal(fields_[6], "bid_price", e.price) ||
                    !Decimal(fields_[7], "bid_amount", e.quantity)))
      return false;
    if ((has_bid && e.price <= 0) || (has_ask && e.ask_price <= 0)) {
      Reject("non_positive_price", "quote price must be positive");
      return false;
    }
    if (e.quantity < 0 || e.ask_quantity < 0) {
      Reject("bad_quantity", "negative quote amount");
      return false;
    }
    if (has_bid && has_ask && e.price >= e.ask_price) {
      Reject("crossed_quote", "bid >= ask");
      return false;
    }
    Emit(e);
    return true;
  }

  bool Trade(const Event& base) {
    Event e = base;
    e.kind = EventKind::kTrade;
    uint64_t id = 0;
    if (ParseUint(fields_[4], id)) e.id = id;  // many venues use non-numeric ids
    if (!ParseSide(fields_[5], e.side)) return false;
    if (!Decimal(fields_[6], "price", e.price) || !Decimal(fields_[7], "amount", e.quantity))
      return false;
    if (e.price <= 0 || e.quantity <= 0) {
      Reject(e.price <= 0 ? "non_positive_price" : "bad_quantity", "trade price/amount must be positive");
      return false;
    }
    Emit(e);
    return true;
  }

  bool Snapshot(const Event& base) {
    std::vector<Event>& out = scratch_;
    out.clear();
    uint64_t empty = 0;
    for (size_t i = 0; i < levels_; ++i) {
      for (int s = 0; s < 2; ++s) {
        const std::string_view price = fields_[4 + 4 * i + 2 * static_cast<size_t>(s)];
        const std::string_view amount = fields_[5 + 4 * i + 2 * static_cast<size_t>(s)];
        if (price.empty() && amount.empty()) {
          ++empty;
          continue;
        }
        Event e = base;
        e.kind = EventKind::kSnapshotLevel;
        e.side = s == 0 ? Side::kAsk : Side::kBid;
        if (!Decimal(price, "level price", e.price) || !Decimal(amount, "level amount", e.quantity))
          return false;
        if (e.price <= 0 || e.quantity < 0) {
          Reject(e.price <= 0 ? "non_positive_price" : "bad_quantity", "snapshot level out of range");
          return false;
        }
        if (e.quantity == 0) {
          ++empty;
          continue;
        }
        out.push_back(e);
      }
    }
    Skip("empty_level", empty);
    if (out.empty()) return false;
    out.front().flags = kFlagSnapshotStart;
    for (const Event& e : out) Emit(e);
    return true;
  }

  Kind kind_ = Kind::kIncremental;
  size_t columns_ = 0;
  size_t levels_ = 0;
  std::vector<std::string_view> fields_;
  std::vector<Event> scratch_;
  std::unordered_map<SymbolId, bool> in_snapshot_;
};

}  // namespace

std::unique_ptr<Importer> MakeTardisImporter(const std::string& path, const LoadOptions& options) {
  return std::make_unique<TardisImporter>(path, options);
}

}  // namespace hftbot::feed
