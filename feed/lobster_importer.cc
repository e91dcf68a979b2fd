// LOBSTER message files (+ the matching orderbook file): order-level events.
//
// Message columns: time (seconds after midnight, exchange local time, up to ns),
// type, order id, size, price (USD x 10000), direction (1 buy, -1 sell).
//   1 new limit order     -> kOrderAdd
//   2 partial cancel      -> kOrderCancel (quantity = size removed)
//   3 delete              -> kOrderCancel (quantity = remaining size)
//   4 visible execution   -> kOrderExecute (side = the resting order's side)
//   5 hidden execution    -> kTrade + kFlagHiddenExecution (side = aggressor)
//   6 cross trade         -> kTrade + kFlagAuctionCross
//   7 trading halt        -> skipped, "trading_halt"
// Every L3 event carries price and side, so a book can apply a cancel or execution of
// an order it never saw (placed before the recording started) at its price level.
//
// With the orderbook file (row i = the book after message i, 4 columns per level:
// ask px, ask size, bid px, bid size): before message 1 the importer emits the book
// standing before it (row 1 with message 1 undone) as kSnapshotLevel events, and
// after each message it compares its own level book with the row; where they differ
// it emits kLevelUpdate + kFlagResync events that make them agree, counted in
// notes() as "levels_from_beyond_depth" (a level the level-N file could not show
// before, now inside the window) or "reference_mismatches" (anything else).

#include <map>
#include <string>
#include <sys/stat.h>
#include <vector>

#include "feed/event_flags.h"
#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

constexpr int64_t kPriceScale = kFixedPointScale / 10'000;  // LOBSTER prices are x 10000
constexpr int64_t kEmptyPrice = 9'999'999'999;
constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kNsPerDay = 86'400 * kNsPerSecond;

bool FileExists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

// "34200.004241176" -> ns after midnight.
bool ParseSeconds(std::string_view text, int64_t& out) {
  const size_t dot = text.find('.');
  int64_t seconds = 0;
  if (!ParseInt(text.substr(0, dot), seconds) || seconds < 0 || seconds > 7 * 86'400) return false;
  int64_t fraction = 0;
  if (dot != std::string_view::npos) {
    std::string_view digits = text.substr(dot + 1);
    if (digits.empty() || digits.size() > 9) return false;
    uint64_t value = 0;
    if (!ParseUint(digits, value)) return false;
    fraction = static_cast<int64_t>(value);
    for (size_t i = digits.size(); i < 9; ++i) fraction *= 10;
  }
  out = seconds * kNsPerSecond + fraction;
  return true;
}

using LevelMap = std::map<Price, Quantity>;

class LobsterImporter final : public Importer {
 public:
  LobsterImporter(const std::string& path, const LoadOptions& options) : Importer(path, options) {
    // AAPL_2012-06-21_34200000_57600000_message_10 -> ticker AAPL, date 2012-06-21.
    const std::string stem = Stem();
    const size_t underscore = stem.find('_');
    symbol_ = Intern(SymbolOr(stem.substr(0, underscore)));
    int64_t year = 0;
    int64_t month = 0;
    int64_t day = 0;
    if (underscore != std::string::npos && stem.size() >= underscore + 11 &&
        ParseInt(stem.substr(underscore + 1, 4), year) &&
        ParseInt(stem.substr(underscore + 6, 2), month) &&
        ParseInt(stem.substr(underscore + 9, 2), day) && month >= 1 && month <= 12 && day >= 1 &&
        day <= 31) {
      midnight_utc_ns_ = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) *
                             kNsPerDay +
                         UsEasternToUtcNs(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    } else {
      Note("no_date_in_file_name");
    }
    const size_t at = path.rfind("_message_");
    if (options.use_reference_book && at != std::string::npos) {
      const std::string book_path = path.substr(0, at) + "_orderbook_" + path.substr(at + 9);
      if (FileExists(book_path)) {
        book_path_ = book_path;
        book_ = std::make_unique<LineReader>(book_path);
      }
    }
  }

 private:
  struct Message {
    int64_t ts = 0;
    int type = 0;
    uint64_t id = 0;
    Quantity size = 0;
    Price price = 0;
    Side side = Side::kNone;
  };

  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      std::string_view row;
      const bool have_row = book_ != nullptr && book_->ReadLine(row);
      if (book_ != nullptr && !have_row) {
        throw InputError(book_path_ + ":" + std::to_string(book_->line_number() + 1),
                         "orderbook file has fewer rows than the message file");
      }
      Message m;
      if (!Parse(line, m)) continue;
      if (have_row) {
        std::vector<Level> bids;
        std::vector<Level> asks;
        if (!ParseRow(row, bids, asks)) {
          throw InputError(book_path_ + ":" + std::to_string(book_->line_number()),
                           "bad orderbook row (expected 4 integer columns per level)");
        }
        if (!seeded_) Seed(m, bids, asks);
        EmitMessage(m);
        ApplyToShadow(m);
        Reconcile(m.ts, Side::kBid, bids, shadow_bids_);
        Reconcile(m.ts, Side::kAsk, asks, shadow_asks_);
      } else {
        EmitMessage(m);
      }
      return true;
    }
    return false;
  }

  struct Level {
    Price price;
    Quantity quantity;
  };

  bool Parse(std::string_view line, Message& m) {
    std::string_view f[6];
    const size_t n = SplitFields(line, ',', f, 6);
    if (n != 6) {
      Reject("wrong_column_count", std::to_string(n > 6 ? 7 : n) + " columns, expected 6");
      return false;
    }
    int64_t ns = 0;
    if (!ParseSeconds(f[0], ns)) {
      Reject("bad_timestamp", "time '" + std::string(f[0]) + "' is not seconds after midnight");
      return false;
    }
    m.ts = midnight_utc_ns_ + ns;
    int64_t type = 0;
    if (!ParseInt(f[1], type) || type < 1 || type > 7) {
      Reject("bad_kind", "event type '" + std::string(f[1]) + "' is not 1..7");
      return false;
    }
    m.type = static_cast<int>(type);
    int64_t size = 0;
    int64_t price = 0;
    int64_t direction = 0;
    if (!ParseUint(f[2], m.id)) {
      Reject("bad_order_id", "order id '" + std::string(f[2]) + "'");
      return false;
    }
    if (!ParseInt(f[3], size) || size < 0 || size > INT64_MAX / kFixedPointScale) {
      Reject("bad_quantity", "size '" + std::string(f[3]) + "'");
      return false;
    }
    if (!ParseInt(f[4], price) || price > INT64_MAX / kPriceScale || price < -INT64_MAX / kPriceScale) {
      Reject("non_numeric", "price '" + std::string(f[4]) + "'");
      return false;
    }
    if (!ParseInt(f[5], direction) || (direction != 1 && direction != -1)) {
      Reject("bad_side", "direction '" + std::string(f[5]) + "' is not 1 or -1");
      return false;
    }
    if (m.type == 7) {
      Skip("trading_halt");
      Note(price == -1 ? "halts" : price == 0 ? "quote_resumes" : "trade_resumes");
      return false;
    }
    if (price <= 0) {
      Reject("non_positive_price", "price " + std::string(f[4]));
      return false;
    }
    if (size == 0 && m.type != 6) {
      Reject("bad_quantity", "size 0");
      return false;
    }
    m.size = size * kFixedPointScale;
    m.price = price * kPriceScale;
    m.side = direction == 1 ? Side::kBid : Side::kAsk;
    return true;
  }

  void EmitMessage(const Message& m) {
    Event e;
    e.ts_ns = m.ts;
    e.symbol = symbol_;
    e.price = m.price;
    e.quantity = m.size;
    e.id = m.id;
    e.side = m.side;
    switch (m.type) {
      case 1:
        e.kind = EventKind::kOrderAdd;
        break;
      case 2:
      case 3:
        e.kind = EventKind::kOrderCancel;
        break;
      case 4:
        e.kind = EventKind::kOrderExecute;
        break;
      case 5:
        e.kind = EventKind::kTrade;
        e.side = m.side == Side::kBid ? Side::kAsk : Side::kBid;  // aggressor
        e.flags = kFlagHiddenExecution;
        break;
      default:  // 6
        if (m.size == 0) {
          Skip("empty_cross");
          return;
        }
        e.kind = EventKind::kTrade;
        e.side = Side::kNone;
        e.flags = kFlagAuctionCross;
        break;
    }
    Emit(e);
  }

  // The level change a message makes (0 for hidden executions and crosses).
  static Quantity LevelDelta(const Message& m) {
    if (m.type == 1) return m.size;
    if (m.type >= 2 && m.type <= 4) return -m.size;
    return 0;
  }

  static void AddTo(LevelMap& levels, Price price, Quantity delta) {
    if (delta == 0) return;
    Quantity& q = levels[price];
    q += delta;
    if (q <= 0) levels.erase(price);
  }

  void ApplyToShadow(const Message& m) {
    AddTo(m.side == Side::kBid ? shadow_bids_ : shadow_asks_, m.price, LevelDelta(m));
  }

  bool ParseRow(std::string_view row, std::vector<Level>& bids, std::vector<Level>& asks) {
    std::string_view f[4 * 200];
    const size_t n = SplitFields(row, ',', f, 4 * 200);
    if (n == 0 || n > 4 * 200 || n % 4 != 0) return false;
    if (depth_ == 0) depth_ = n / 4;
    if (n / 4 != depth_) return false;
    for (size_t level = 0; level < depth_; ++level) {
      int64_t v[4];
      for (int k = 0; k < 4; ++k) {
        if (!ParseInt(f[4 * level + static_cast<size_t>(k)], v[k])) return false;
      }
      if (v[0] > 0 && v[0] < kEmptyPrice && v[1] > 0)
        asks.push_back({v[0] * kPriceScale, v[1] * kFixedPointScale});
      if (v[2] > 0 && v[2] < kEmptyPrice && v[3] > 0)
        bids.push_back({v[2] * kPriceScale, v[3] * kFixedPointScale});
    }
    return true;
  }

  // The book before message 1: row 1 with message 1 undone.
  void Seed(const Message& m, const std::vector<Level>& bids, const std::vector<Level>& asks) {
    seeded_ = true;
    for (const Level& l : bids) shadow_bids_[l.price] = l.quantity;
    for (const Level& l : asks) shadow_asks_[l.price] = l.quantity;
    AddTo(m.side == Side::kBid ? shadow_bids_ : shadow_asks_, m.price, -LevelDelta(m));
    bool first = true;
    for (int s = 0; s < 2; ++s) {
      const LevelMap& levels = s == 0 ? shadow_bids_ : shadow_asks_;
      for (const auto& [price, quantity] : levels) {
        Event e;
        e.ts_ns = m.ts;
        e.symbol = symbol_;
        e.kind = EventKind::kSnapshotLevel;
        e.side = s == 0 ? Side::kBid : Side::kAsk;
        e.price = price;
        e.quantity = quantity;
        e.flags = first ? kFlagSnapshotStart : 0;
        first = false;
        Emit(e);
      }
    }
    Note("seed_levels", shadow_bids_.size() + shadow_asks_.size());
  }

  void Resync(int64_t ts, Side side, Price price, Quantity quantity) {
    Event e;
    e.ts_ns = ts;
    e.symbol = symbol_;
    e.kind = EventKind::kLevelUpdate;
    e.side = side;
    e.price = price;
    e.quantity = quantity;
    e.flags = kFlagResync;
    Emit(e);
  }

  // Makes the shadow side equal the row within the row's window.
  void Reconcile(int64_t ts, Side side, const std::vector<Level>& row, LevelMap& shadow) {
    const bool is_bid = side == Side::kBid;
    // The window: every price at least as good as the row's worst level, or the whole
    // side when the row is not full.
    const bool full = row.size() == depth_;
    const Price worst = row.empty() ? 0 : row.back().price;
    const auto in_window = [&](Price p) {
      if (!full) return true;
      return is_bid ? p >= worst : p <= worst;
    };
    bool changed = false;
    for (const Level& l : row) {
      const auto it = shadow.find(l.price);
      const Quantity have = it == shadow.end() ? 0 : it->second;
      if (have == l.quantity) continue;
      // Less than the file shows: volume that rested beyond the file's depth.
      Note(have < l.quantity ? "levels_from_beyond_depth" : "reference_mismatches");
      shadow[l.price] = l.quantity;
      Resync(ts, side, l.price, l.quantity);
      changed = true;
    }
    for (auto it = shadow.begin(); it != shadow.end();) {
      const Price p = it->first;
      bool listed = false;
      for (const Level& l : row) listed |= l.price == p;
      if (!listed && in_window(p)) {
        Note("reference_mismatches");
        Note("reference_mismatch_extra_level");
        Resync(ts, side, p, 0);
        it = shadow.erase(it);
        changed = true;
      } else {
        ++it;
      }
    }
    if (changed) Note("resynced_rows");
  }

  SymbolId symbol_ = 0;
  int64_t midnight_utc_ns_ = 0;
  std::string book_path_;
  std::unique_ptr<LineReader> book_;
  size_t depth_ = 0;
  bool seeded_ = false;
  LevelMap shadow_bids_;
  LevelMap shadow_asks_;
};

}  // namespace

std::unique_ptr<Importer> MakeLobsterImporter(const std::string& path, const LoadOptions& options) {
  return std::make_unique<LobsterImporter>(path, options);
}

}  // namespace hftbot::feed
