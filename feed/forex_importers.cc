// Forex quote ticks without sizes: TrueFX and HistData ASCII.
//
//   TrueFX   "timestamp,bid,ask" header then "2013-01-01 22:00:00.295000+00:00,86.655,86.728"
//            (ISO 8601, any UTC offset), or TrueFX's own headerless
//            "USD/JPY,20130101 22:00:00.295,86.655,86.728" (UTC).
//   HistData "20200101 170000065,1.121200,1.121720,0": EST without daylight saving
//            (UTC-5 all year, as HistData documents), volume always 0.
// The sources carry no sizes, so each side of a quote gets the nominal size 1 (an L2
// book drops a side of size 0). A locked quote (bid == ask) is skipped as
// "locked_quote"; a crossed one (bid > ask) is bad input.

#include <algorithm>
#include <cctype>
#include <string>

#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;
constexpr int64_t kNominalSize = kFixedPointScale;

bool Digits(std::string_view text, size_t at, size_t n, int64_t& out) {
  if (at + n > text.size()) return false;
  out = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

// Years past 2261 overflow int64 nanoseconds since the epoch (they end in April 2262).
bool ValidDate(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s) {
  return y >= 1970 && y <= 2261 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

int64_t EpochNs(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi, int64_t s) {
  return (DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86'400 +
          h * 3600 + mi * 60 + s) *
         kNsPerSecond;
}

// Fraction digits after a '.', up to 9, as ns; advances `at`.
bool Fraction(std::string_view text, size_t& at, int64_t& ns) {
  ns = 0;
  if (at >= text.size() || text[at] != '.') return true;
  ++at;
  size_t n = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
    if (n < 9) ns = ns * 10 + (text[at] - '0');
    ++n;
    ++at;
  }
  if (n == 0) return false;
  for (size_t i = std::min<size_t>(n, 9); i < 9; ++i) ns *= 10;
  return true;
}

// "YYYY-MM-DD HH:MM:SS[.f][Z|+HH:MM|-HH:MM]" (or 'T' between date and time).
bool ParseIso(std::string_view t, int64_t& out) {
  int64_t y, mo, d, h, mi, s;
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != ' ' && t[10] != 'T') ||
      t[13] != ':' || t[16] != ':' || !Digits(t, 0, 4, y) || !Digits(t, 5, 2, mo) ||
      !Digits(t, 8, 2, d) || !Digits(t, 11, 2, h) || !Digits(t, 14, 2, mi) || !Digits(t, 17, 2, s) ||
      !ValidDate(y, mo, d, h, mi, s))
    return false;
  size_t at = 19;
  int64_t ns = 0;
  if (!Fraction(t, at, ns)) return false;
  int64_t offset = 0;
  if (at < t.size()) {
    if (t[at] == 'Z' && at + 1 == t.size()) {
    } else if ((t[at] == '+' || t[at] == '-') && at + 6 == t.size() && t[at + 3] == ':') {
      int64_t oh, om;
      if (!Digits(t, at + 1, 2, oh) || !Digits(t, at + 4, 2, om)) return false;
      offset = (oh * 3600 + om * 60) * kNsPerSecond * (t[at] == '+' ? 1 : -1);
    } else {
      return false;
    }
  }
  out = EpochNs(y, mo, d, h, mi, s) + ns - offset;
  return true;
}

// "YYYYMMDD HH:MM:SS.fff" (TrueFX raw, UTC).
bool ParseTrueFxTime(std::string_view t, int64_t& out) {
  int64_t y, mo, d, h, mi, s;
  if (t.size() < 17 || t[8] != ' ' || t[11] != ':' || t[14] != ':' || !Digits(t, 0, 4, y) ||
      !Digits(t, 4, 2, mo) || !Digits(t, 6, 2, d) || !Digits(t, 9, 2, h) || !Digits(t, 12, 2, mi) ||
      !Digits(t, 15, 2, s) || !ValidDate(y, mo, d, h, mi, s))
    return false;
  size_t at = 17;
  int64_t ns = 0;
  if (!Fraction(t, at, ns) || at != t.size()) return false;
  out = EpochNs(y, mo, d, h, mi, s) + ns;
  return true;
}

std::string Sanitize(std::string name) {
  std::string out;
  for (const char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.') {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out.empty() ? "FX" : out.substr(0, 64);
}

class QuoteImporter : public Importer {
 public:
  using Importer::Importer;

 protected:
  bool EmitQuote(SymbolId symbol, int64_t ts, std::string_view bid, std::string_view ask) {
    Event e;
    e.ts_ns = ts;
    e.symbol = symbol;
    e.kind = EventKind::kQuote;
    if (!Decimal(bid, "bid", e.price) || !Decimal(ask, "ask", e.ask_price)) return false;
    if (e.price <= 0 || e.ask_price <= 0) {
      Reject("non_positive_price", "bid and ask must be positive");
      return false;
    }
    if (e.price == e.ask_price) {
      Skip("locked_quote");  // real, but an L2 book cannot show bid == ask
      return false;
    }
    if (e.price > e.ask_price) {
      Reject("crossed_quote", "bid " + std::string(bid) + " >= ask " + std::string(ask));
      return false;
    }
    e.quantity = kNominalSize;
    e.ask_quantity = kNominalSize;
    Emit(e);
    return true;
  }
};

class TrueFxImporter final : public QuoteImporter {
 public:
  TrueFxImporter(const std::string& path, const LoadOptions& options)
      : QuoteImporter(path, options) {}

 private:
  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      if (line_number() == 1 && line == "timestamp,bid,ask") {
        Informational();
        symbol_ = Intern(SymbolOr(Sanitize(Stem().substr(0, Stem().find_first_of("-_")))));
        continue;
      }
      std::string_view f[4];
      const size_t n = SplitFields(line, ',', f, 4);
      int64_t ts = 0;
      if (n == 3) {
        if (!symbol_) symbol_ = Intern(SymbolOr(Sanitize(Stem().substr(0, Stem().find_first_of("-_")))));
        if (!ParseIso(f[0], ts)) {
          Reject("bad_timestamp", "timestamp '" + std::string(f[0]) + "' is not ISO 8601");
          continue;
        }
        if (EmitQuote(*symbol_, ts, f[1], f[2])) return true;
      } else if (n == 4) {
        std::string pair(f[0]);
        pair.erase(std::remove(pair.begin(), pair.end(), '/'), pair.end());
        SymbolId symbol = 0;
        if (!InternChecked(SymbolOr(pair), symbol)) continue;
        if (!ParseTrueFxTime(f[1], ts)) {
          Reject("bad_timestamp", "timestamp '" + std::string(f[1]) + "' is not YYYYMMDD HH:MM:SS.fff");
          continue;
        }
        if (EmitQuote(symbol, ts, f[2], f[3])) return true;
      } else {
        Reject("wrong_column_count", "expected timestamp,bid,ask or pair,timestamp,bid,ask");
      }
    }
    return false;
  }

  std::optional<SymbolId> symbol_;
};

class HistDataImporter final : public QuoteImporter {
 public:
  HistDataImporter(const std::string& path, const LoadOptions& options)
      : QuoteImporter(path, options) {
    // DAT_ASCII_EURUSD_T_202001 -> EURUSD.
    std::string stem = Stem();
    std::string name = stem;
    if (stem.rfind("DAT_ASCII_", 0) == 0) name = stem.substr(10, stem.find('_', 10) - 10);
    symbol_ = Intern(SymbolOr(Sanitize(name)));
  }

 private:
  bool Produce() override {
    constexpr int64_t kEstToUtc = 5 * 3600 * kNsPerSecond;
    std::string_view line;
    while (ReadLine(line)) {
      std::string_view f[4];
      const size_t n = SplitFields(line, ',', f, 4);
      if (n != 4) {
        Reject("wrong_column_count", std::to_string(n > 4 ? 5 : n) + " columns, expected 4");
        continue;
      }
      const std::string_view t = f[0];
      int64_t y, mo, d, h, mi, s, ms;
      if (t.size() != 18 || t[8] != ' ' || !Digits(t, 0, 4, y) || !Digits(t, 4, 2, mo) ||
          !Digits(t, 6, 2, d) || !Digits(t, 9, 2, h) || !Digits(t, 11, 2, mi) ||
          !Digits(t, 13, 2, s) || !Digits(t, 15, 3, ms) || !ValidDate(y, mo, d, h, mi, s)) {
        Reject("bad_timestamp", "timestamp '" + std::string(t) + "' is not YYYYMMDD HHMMSSmmm");
        continue;
      }
      int64_t volume = 0;
      if (!Decimal(f[3], "volume", volume)) continue;
      const int64_t ts = EpochNs(y, mo, d, h, mi, s) + ms * 1'000'000 + kEstToUtc;
      if (EmitQuote(symbol_, ts, f[1], f[2])) return true;
    }
    return false;
  }

  SymbolId symbol_ = 0;
};

}  // namespace

std::unique_ptr<Importer> MakeTrueFxImporter(const std::string& path, const LoadOptions& options) {
  return std::make_unique<TrueFxImporter>(path, options);
}

std::unique_ptr<Importer> MakeHistDataImporter(const std::string& path,
                                               const LoadOptions& options) {
  return std::make_unique<HistDataImporter>(path, options);
}

}  // namespace hftbot::feed
