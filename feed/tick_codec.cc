#include "feed/tick_codec.h"

#include <bit>
#include <charconv>
#include <cstring>

#include "feed/fixed_point.h"

namespace hftbot::feed {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the binary tick format is little-endian and is copied with memcpy");
static_assert(kBinaryMagic.size() == 8);

bool Fail(Problem& problem, std::string_view key, std::string detail) {
  problem.key = key;
  problem.detail = std::move(detail);
  return false;
}

std::string_view KindName(EventKind kind) {
  switch (kind) {
    case EventKind::kQuote:
      return "quote";
    case EventKind::kTrade:
      return "trade";
    case EventKind::kLevelUpdate:
      return "level";
    default:
      return "";
  }
}

std::string_view SideName(Side side) {
  switch (side) {
    case Side::kBid:
      return "bid";
    case Side::kAsk:
      return "ask";
    case Side::kNone:
      return "";
  }
  return "";
}

std::string Quoted(std::string_view text) {
  constexpr size_t kShown = 40;
  std::string out = "'";
  out.append(text.substr(0, kShown));
  if (text.size() > kShown) out += "...";
  out += "'";
  return out;
}

bool ParseDecimalField(std::string_view text, std::string_view column, int64_t& out,
                       Problem& problem) {
  const DecimalError error = ParseFixedPoint(text, out);
  if (error == DecimalError::kOk) return true;
  return Fail(problem, DecimalErrorKey(error),
              std::string(column) + " " + Quoted(text) + " is not an exact decimal (" +
                  std::string(DecimalErrorKey(error)) + ")");
}

template <typename T>
void Store(char* out, T value) {
  std::memcpy(out, &value, sizeof(T));
}

template <typename T>
T Load(const char* in) {
  T value;
  std::memcpy(&value, in, sizeof(T));
  return value;
}

// One rule set for both layouts. Version 1 (`extended` false) carries quote, trade and
// level only and needs both sides of a quote; the extended layout adds the L3 and snapshot
// kinds and lets a quote lack one side (price 0). The details keep each layout's wording.
bool Validate(const Event& event, bool extended, Problem& problem) {
  switch (event.kind) {
    case EventKind::kQuote:
      if (event.side != Side::kNone) return Fail(problem, "bad_side", "a quote has no side");
      if (!extended && (event.price <= 0 || event.ask_price <= 0)) {
        return Fail(problem, "non_positive_price",
                    "quote bid " + FormatFixedPoint(event.price) + " / ask " +
                        FormatFixedPoint(event.ask_price) + " must both be positive");
      }
      if (extended &&
          (event.price < 0 || event.ask_price < 0 || (event.price == 0 && event.ask_price == 0))) {
        return Fail(problem, "non_positive_price", "a quote needs a positive bid or ask");
      }
      if (event.quantity < 0 || event.ask_quantity < 0) {
        return Fail(problem, "bad_quantity", "quote sizes must not be negative");
      }
      if (event.price > 0 && event.ask_price > 0 && event.price >= event.ask_price) {
        return Fail(problem, "crossed_quote",
                    "bid " + FormatFixedPoint(event.price) + " >= ask " +
                        FormatFixedPoint(event.ask_price));
      }
      return true;
    case EventKind::kTrade:
      if (event.price <= 0) {
        return Fail(problem, "non_positive_price",
                    "trade price " + FormatFixedPoint(event.price) + " must be positive");
      }
      if (event.quantity <= 0) {
        return Fail(problem, "bad_quantity",
                    "trade quantity " + FormatFixedPoint(event.quantity) + " must be positive");
      }
      return true;
    case EventKind::kSnapshotLevel:
    case EventKind::kOrderAdd:
    case EventKind::kOrderCancel:
    case EventKind::kOrderExecute:
      if (!extended) {
        return Fail(problem, "bad_kind", "the native formats carry quote, trade and level only");
      }
      [[fallthrough]];
    case EventKind::kLevelUpdate: {
      const std::string noun = extended ? "" : "level ";
      if (event.side != Side::kBid && event.side != Side::kAsk) {
        return Fail(problem, "bad_side",
                    extended ? "a level or order event needs side bid or ask"
                             : "a level update needs side bid or ask");
      }
      if (event.price <= 0) {
        return Fail(problem, "non_positive_price",
                    noun + "price " + FormatFixedPoint(event.price) + " must be positive");
      }
      if (event.quantity < 0) {
        return Fail(problem, "bad_quantity",
                    noun + "quantity " + FormatFixedPoint(event.quantity) + " must not be negative" +
                        (extended ? "" : " (0 removes the level)"));
      }
      return true;
    }
  }
  return Fail(problem, "bad_kind", extended ? "unknown kind" : "the native formats carry quote, trade and level only");
}

// Version 2 is version 1's 48 bytes with the reserved bytes 46-47 holding the flags,
// then exchange time and id; version 1 writes and requires zero there.
void EncodeRecord(const Event& event, bool extended, char* out) {
  const bool quote = event.kind == EventKind::kQuote;
  Store<int64_t>(out + 0, event.ts_ns);
  Store<int64_t>(out + 8, event.price);
  Store<int64_t>(out + 16, event.quantity);
  Store<int64_t>(out + 24, quote ? event.ask_price : 0);
  Store<int64_t>(out + 32, quote ? event.ask_quantity : 0);
  Store<uint32_t>(out + 40, event.symbol);
  Store<uint8_t>(out + 44, static_cast<uint8_t>(event.kind));
  Store<uint8_t>(out + 45, static_cast<uint8_t>(event.side));
  Store<uint16_t>(out + 46, extended ? event.flags : 0);
  if (extended) {
    Store<int64_t>(out + 48, event.exchange_ts_ns);
    Store<uint64_t>(out + 56, event.id);
  }
}

bool DecodeRecord(const char* record, bool extended, size_t symbol_count, Event& event,
                  Problem& problem) {
  event = Event{};
  event.ts_ns = Load<int64_t>(record + 0);
  event.price = Load<int64_t>(record + 8);
  event.quantity = Load<int64_t>(record + 16);
  event.ask_price = Load<int64_t>(record + 24);
  event.ask_quantity = Load<int64_t>(record + 32);
  event.symbol = Load<uint32_t>(record + 40);
  const auto kind = Load<uint8_t>(record + 44);
  const auto side = Load<uint8_t>(record + 45);
  const auto flags = Load<uint16_t>(record + 46);
  if (extended) {
    event.flags = flags;
    event.exchange_ts_ns = Load<int64_t>(record + 48);
    event.id = Load<uint64_t>(record + 56);
  }
  if (event.ts_ns < 0) {
    return Fail(problem, "bad_timestamp", "ts_ns " + std::to_string(event.ts_ns) + " is negative");
  }
  if (event.symbol >= symbol_count) {
    return Fail(problem, "bad_symbol",
                "symbol id " + std::to_string(event.symbol) + " is not in the symbol table (" +
                    std::to_string(symbol_count) + " symbols)");
  }
  if (extended && kind >= kEventKindCount) {
    return Fail(problem, "bad_kind", "kind byte " + std::to_string(kind) + " is not 0..6");
  }
  if (!extended && kind > static_cast<uint8_t>(EventKind::kLevelUpdate)) {
    return Fail(problem, "bad_kind",
                "kind byte " + std::to_string(kind) + " is not quote (0), trade (1) or level (2)");
  }
  if (side > static_cast<uint8_t>(Side::kAsk)) {
    return Fail(problem, "bad_side",
                "side byte " + std::to_string(side) + " is not none (0), bid (1) or ask (2)");
  }
  if (!extended && flags != 0) {
    return Fail(problem, "malformed_record", "reserved bytes 46-47 are not zero");
  }
  event.kind = static_cast<EventKind>(kind);
  event.side = static_cast<Side>(side);
  if (event.kind != EventKind::kQuote && (event.ask_price != 0 || event.ask_quantity != 0)) {
    return Fail(problem, "unexpected_field", "ask_price and ask_quantity must be 0 unless quote");
  }
  return Validate(event, extended, problem);
}

}  // namespace

bool IsValidSymbolName(std::string_view name) {
  if (name.empty() || name.size() > kMaxSymbolLength) return false;
  for (const char c : name) {
    if (c <= ' ' || c > '~' || c == ',' || c == '"') return false;
  }
  return true;
}

bool ValidateEvent(const Event& event, Problem& problem) {
  return Validate(event, /*extended=*/false, problem);
}

bool ValidateExtendedEvent(const Event& event, Problem& problem) {
  return Validate(event, /*extended=*/true, problem);
}

bool ParseCsvLine(std::string_view line, SymbolTable& symbols, Event& event, Problem& problem) {
  if (line.empty()) return Fail(problem, "malformed_line", "empty line");
  std::string_view fields[kCsvColumns];
  int count = 0;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    const size_t stop = comma == std::string_view::npos ? line.size() : comma;
    if (count < kCsvColumns) fields[count] = line.substr(start, stop - start);
    ++count;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (count != kCsvColumns) {
    return Fail(
        problem, "wrong_column_count",
        "expected " + std::to_string(kCsvColumns) + " columns, found " + std::to_string(count));
  }

  event = Event{};
  const std::string_view ts = fields[0];
  const auto [end, error] = std::from_chars(ts.data(), ts.data() + ts.size(), event.ts_ns);
  if (ts.empty() || error != std::errc() || end != ts.data() + ts.size() || event.ts_ns < 0) {
    return Fail(problem, "bad_timestamp",
                "ts_ns " + Quoted(ts) + " is not a non-negative integer of nanoseconds");
  }
  if (!IsValidSymbolName(fields[1])) {
    return Fail(problem, "bad_symbol",
                "symbol " + Quoted(fields[1]) +
                    " must be 1-64 printable characters without "
                    "spaces, commas or quotes");
  }

  const std::string_view kind = fields[2];
  if (kind == "quote") {
    event.kind = EventKind::kQuote;
  } else if (kind == "trade") {
    event.kind = EventKind::kTrade;
  } else if (kind == "level") {
    event.kind = EventKind::kLevelUpdate;
  } else {
    return Fail(problem, "bad_kind", "kind " + Quoted(kind) + " is not quote, trade or level");
  }

  const std::string_view side = fields[3];
  if (side == "bid") {
    event.side = Side::kBid;
  } else if (side == "ask") {
    event.side = Side::kAsk;
  } else if (!side.empty()) {
    return Fail(problem, "bad_side", "side " + Quoted(side) + " is not bid, ask or empty");
  }

  if (!ParseDecimalField(fields[4], "price", event.price, problem) ||
      !ParseDecimalField(fields[5], "quantity", event.quantity, problem)) {
    return false;
  }
  if (event.kind == EventKind::kQuote) {
    if (!ParseDecimalField(fields[6], "ask_price", event.ask_price, problem) ||
        !ParseDecimalField(fields[7], "ask_quantity", event.ask_quantity, problem)) {
      return false;
    }
  } else if (!fields[6].empty() || !fields[7].empty()) {
    return Fail(problem, "unexpected_field",
                "ask_price and ask_quantity must be empty for a " + std::string(kind));
  }
  if (!ValidateEvent(event, problem)) return false;
  // Interned last, so a rejected line never adds a symbol.
  event.symbol = symbols.Intern(fields[1]);
  return true;
}

char* FormatCsvLine(const Event& event, std::string_view symbol, char* out) {
  char* p = std::to_chars(out, out + 20, event.ts_ns).ptr;
  *p++ = ',';
  std::memcpy(p, symbol.data(), symbol.size());
  p += symbol.size();
  *p++ = ',';
  const std::string_view kind = KindName(event.kind);
  std::memcpy(p, kind.data(), kind.size());
  p += kind.size();
  *p++ = ',';
  const std::string_view side = SideName(event.side);
  std::memcpy(p, side.data(), side.size());
  p += side.size();
  *p++ = ',';
  p = FormatFixedPoint(event.price, p);
  *p++ = ',';
  p = FormatFixedPoint(event.quantity, p);
  *p++ = ',';
  if (event.kind == EventKind::kQuote) {
    p = FormatFixedPoint(event.ask_price, p);
    *p++ = ',';
    p = FormatFixedPoint(event.ask_quantity, p);
  } else {
    *p++ = ',';
  }
  *p++ = '\n';
  return p;
}

BinaryHeader DecodeBinaryFixedHeader(std::string_view bytes) {
  BinaryHeader header;
  header.version = Load<uint16_t>(bytes.data() + 8);
  header.record_size = Load<uint16_t>(bytes.data() + 10);
  header.symbol_count = Load<uint32_t>(bytes.data() + 12);
  header.header_size = Load<uint64_t>(bytes.data() + 16);
  return header;
}

std::string EncodeBinaryHeader(const std::vector<std::string>& symbols, uint16_t version) {
  std::string header(kBinaryFixedHeaderSize, '\0');
  std::memcpy(header.data(), kBinaryMagic.data(), kBinaryMagic.size());
  Store<uint16_t>(header.data() + 8, version);
  Store<uint16_t>(header.data() + 10, static_cast<uint16_t>(
                                          version == kBinaryVersion2 ? kBinaryRecordSize2
                                                                     : kBinaryRecordSize));
  Store<uint32_t>(header.data() + 12, static_cast<uint32_t>(symbols.size()));
  for (const std::string& name : symbols) {
    char length[2];
    Store<uint16_t>(length, static_cast<uint16_t>(name.size()));
    header.append(length, 2);
    header.append(name);
  }
  // Records start 8-byte aligned, so a mapped record's fields are naturally aligned.
  header.resize((header.size() + 7) / 8 * 8, '\0');
  Store<uint64_t>(header.data() + 16, header.size());
  return header;
}

bool DecodeBinaryRecord(const char* record, size_t symbol_count, Event& event, Problem& problem) {
  return DecodeRecord(record, /*extended=*/false, symbol_count, event, problem);
}

bool DecodeBinaryRecord2(const char* record, size_t symbol_count, Event& event, Problem& problem) {
  return DecodeRecord(record, /*extended=*/true, symbol_count, event, problem);
}

void EncodeBinaryRecord(const Event& event, char* out) { EncodeRecord(event, /*extended=*/false, out); }

void EncodeBinaryRecord2(const Event& event, char* out) { EncodeRecord(event, /*extended=*/true, out); }

}  // namespace hftbot::feed
