// Binance websocket captures: "<local_receive_ts_ns> <json>" per line.
//
// The depth book follows Binance's "how to manage a local order book" rules: diffs
// received before the REST snapshot are buffered; diffs with u <= lastUpdateId are
// dropped (skip "stale_diff"); the first applied diff must straddle lastUpdateId + 1
// and each later one must continue the previous (spot: U == last u + 1; futures:
// pu == last u). A break is counted in notes["depth_gaps"] and the diff is applied
// anyway (there is no second snapshot to resync from).

#include <simdjson.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "feed/event_flags.h"
#include "feed/fixed_point.h"
#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

namespace ondemand = simdjson::ondemand;

constexpr int64_t kNsPerMs = 1'000'000;
// Diffs kept while waiting for a snapshot; older ones are skipped as "no_snapshot".
constexpr size_t kMaxBufferedDiffs = 4096;

struct DiffLevel {
  Side side;
  Price price;
  Quantity quantity;
};

struct Diff {
  int64_t ts_ns = 0;
  int64_t exchange_ts_ns = 0;
  uint64_t first_id = 0;  // U
  uint64_t last_id = 0;   // u
  uint64_t prev_id = 0;   // pu (futures)
  bool has_prev = false;
  std::vector<DiffLevel> levels;
};

struct DepthState {
  bool synced = false;
  bool first_pending = false;
  uint64_t snapshot_id = 0;
  uint64_t last_id = 0;
  int64_t snapshot_ts = 0;
  std::vector<Diff> buffered;
};

// ---- one message, read in a single forward pass ----------------------------------------
//
// simdjson's on-demand parser reads forward only, while the rules below look fields up
// by name in whatever order Binance (or a damaged file) wrote them. So the message is
// read once into Fields, every value checked on the way (a document is valid JSON or
// refused as malformed_json as a whole, unread fields included), and the rules then run
// on Fields. A value is kept with its JSON type, and numbers are classified as
// nlohmann-json did before (non-negative integer, negative integer, other), so the
// same input gives the same events, reasons and messages.

// A JSON value as the rules need it.
struct JsonValue {
  enum class Type : uint8_t { kAbsent, kString, kUnsigned, kSigned, kFloat, kBool, kNull, kArray, kObject };
  Type type = Type::kAbsent;
  std::string_view text;  // kString: unescaped; valid until the next line is parsed
  uint64_t unsigned_value = 0;  // kUnsigned
  int64_t signed_value = 0;     // kSigned
  bool bool_value = false;      // kBool

  bool present() const { return type != Type::kAbsent; }
  bool is_string() const { return type == Type::kString; }
  bool is_integer() const { return type == Type::kUnsigned || type == Type::kSigned; }
};

// One entry of a price-level array: a pair when it is an array of at least two values.
struct LevelEntry {
  bool pair = false;
  JsonValue price;
  JsonValue quantity;
};

// The fields the rules read; any other field is checked and dropped.
enum Field : uint8_t {
  kE, kEventTime, kTradeTime, kS, kFirstId, kLastId, kPrevId, kB, kA, kBidSize, kAskSize,
  kP, kQ, kTradeId, kMaker, kLastUpdateId, kBids, kAsks, kFieldCount, kUnknown = kFieldCount,
};

// Fields whose arrays are price levels.
enum LevelField : uint8_t { kLevelsB, kLevelsA, kLevelsBids, kLevelsAsks, kLevelFieldCount };

Field FieldOf(std::string_view key) {
  if (key.size() == 1) {
    switch (key[0]) {
      case 'e': return kE;
      case 'E': return kEventTime;
      case 'T': return kTradeTime;
      case 's': return kS;
      case 'U': return kFirstId;
      case 'u': return kLastId;
      case 'b': return kB;
      case 'a': return kA;
      case 'B': return kBidSize;
      case 'A': return kAskSize;
      case 'p': return kP;
      case 'q': return kQ;
      case 't': return kTradeId;
      case 'm': return kMaker;
      default: return kUnknown;
    }
  }
  if (key == "pu") return kPrevId;
  if (key == "lastUpdateId") return kLastUpdateId;
  if (key == "bids") return kBids;
  if (key == "asks") return kAsks;
  return kUnknown;
}

int LevelFieldOf(Field field) {
  switch (field) {
    case kB: return kLevelsB;
    case kA: return kLevelsA;
    case kBids: return kLevelsBids;
    case kAsks: return kLevelsAsks;
    default: return -1;
  }
}

struct Fields {
  JsonValue values[kFieldCount];
  std::vector<LevelEntry> levels[kLevelFieldCount];  // valid where values[..] is kArray
  // The values a message wrote: most messages have a few of the fields, so clearing
  // only those saves touching all of them on every line.
  uint32_t written = 0;
  static_assert(kFieldCount <= 32, "written has a bit per field");

  JsonValue& Write(Field field) {
    written |= uint32_t{1} << field;
    return values[field];
  }
  void Clear() {
    for (; written != 0; written &= written - 1) {
      values[std::countr_zero(written)].type = JsonValue::Type::kAbsent;
    }
  }
  const JsonValue& operator[](Field field) const { return values[field]; }
  const std::vector<LevelEntry>& Levels(Field field) const { return levels[LevelFieldOf(field)]; }
};

// A JSON number token (without surrounding whitespace), classified as nlohmann-json
// does: an integer without fraction or exponent that fits uint64 (non-negative) or
// int64 (negative) is an integer, anything else a double, which must be finite. False
// when the token is not a JSON number.
bool ClassifyNumber(std::string_view token, JsonValue& out) {
  size_t at = 0;
  const size_t n = token.size();
  const bool negative = at < n && token[at] == '-';
  if (negative) ++at;
  if (at == n || token[at] < '0' || token[at] > '9') return false;
  if (token[at] == '0') {
    ++at;
  } else {
    while (at < n && token[at] >= '0' && token[at] <= '9') ++at;
  }
  bool integer = true;
  if (at < n && token[at] == '.') {
    integer = false;
    ++at;
    const size_t digits = at;
    while (at < n && token[at] >= '0' && token[at] <= '9') ++at;
    if (at == digits) return false;
  }
  if (at < n && (token[at] == 'e' || token[at] == 'E')) {
    integer = false;
    ++at;
    if (at < n && (token[at] == '+' || token[at] == '-')) ++at;
    const size_t digits = at;
    while (at < n && token[at] >= '0' && token[at] <= '9') ++at;
    if (at == digits) return false;
  }
  if (at != n) return false;
  const char* end = token.data() + n;
  if (integer && negative) {
    const auto [ptr, ec] = std::from_chars(token.data(), end, out.signed_value);
    if (ec == std::errc() && ptr == end) {
      out.type = JsonValue::Type::kSigned;
      return true;
    }
  } else if (integer) {
    const auto [ptr, ec] = std::from_chars(token.data(), end, out.unsigned_value);
    if (ec == std::errc() && ptr == end) {
      out.type = JsonValue::Type::kUnsigned;
      return true;
    }
  }
  // A double (or an integer too large for 64 bits): strtod's range, like nlohmann,
  // where an overflow to infinity is a parse error and an underflow is not.
  const std::string copy(token);
  if (!std::isfinite(std::strtod(copy.c_str(), nullptr))) return false;
  out.type = JsonValue::Type::kFloat;
  return true;
}

std::string_view TrimTrailingSpace(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n' ||
                           text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

// Deeper nesting is refused as malformed_json: the reader recurses once per level, so
// the limit bounds its stack (simdjson's on-demand parser does not enforce its own).
// Binance messages nest three levels deep; 128 leaves room for any wrapper while keeping
// the recursion within a small thread stack even with sanitizer-sized frames (1024
// overflowed the 8 MiB main stack under ASan).
constexpr int kMaxJsonDepth = 128;

// Reads one JSON value held by a container at nesting `depth` (the message object is
// 1) and keeps what the rules need of it in `out`; `levels`, when given, receives an array's entries as price
// levels. False when the value is not valid JSON or nests deeper than kMaxJsonDepth.
bool ReadValue(ondemand::value value, JsonValue& out, std::vector<LevelEntry>* levels, int depth);

bool ReadLevels(ondemand::array array, std::vector<LevelEntry>& levels, int depth) {
  levels.clear();
  for (auto element : array) {
    ondemand::value entry_value;
    if (std::move(element).get(entry_value) != simdjson::SUCCESS) return false;
    LevelEntry entry;
    ondemand::json_type type;
    if (entry_value.type().get(type) != simdjson::SUCCESS) return false;
    if (type == ondemand::json_type::array) {
      if (depth + 1 > kMaxJsonDepth) return false;
      ondemand::array pair;
      if (entry_value.get_array().get(pair) != simdjson::SUCCESS) return false;
      size_t count = 0;
      for (auto item : pair) {
        ondemand::value item_value;
        if (std::move(item).get(item_value) != simdjson::SUCCESS) return false;
        JsonValue scratch;
        JsonValue& target = count == 0 ? entry.price : count == 1 ? entry.quantity : scratch;
        if (!ReadValue(item_value, target, nullptr, depth + 1)) return false;
        ++count;
      }
      entry.pair = count >= 2;
    } else {
      JsonValue scratch;
      if (!ReadValue(entry_value, scratch, nullptr, depth)) return false;
    }
    levels.push_back(entry);
  }
  return true;
}

// The first '"' or '\\' at or after `at`. REQUIRES: one of them follows within the
// input, and SIMDJSON_PADDING readable bytes lie beyond it (true inside a document
// stage 1 accepted: a string's closing quote). Eight bytes a step (keys and values are
// short; a byte loop or two memchr calls cost more).
const char* FindQuoteOrBackslash(const char* at) {
  static_assert(std::endian::native == std::endian::little, "the lowest byte comes first");
  constexpr uint64_t kOnes = 0x0101010101010101;
  constexpr uint64_t kHighs = 0x8080808080808080;
  while (true) {
    uint64_t chunk;
    std::memcpy(&chunk, at, sizeof(chunk));
    const uint64_t quotes = chunk ^ (kOnes * '"');
    const uint64_t backslashes = chunk ^ (kOnes * '\\');
    // A byte of `quotes` or `backslashes` is zero where it matched; the lowest flagged
    // byte is exact (a false flag can only sit above a true one).
    const uint64_t found = (((quotes - kOnes) & ~quotes) | ((backslashes - kOnes) & ~backslashes)) & kHighs;
    if (found != 0) return at + std::countr_zero(found) / 8;
    at += sizeof(chunk);
  }
}

// Reads an object's fields into `fields` (nullptr: only checks them).
// A field's key, unescaped. Like strings (ReadValue), a key without a backslash is its
// raw text.
bool Key(ondemand::field& field, std::string_view& key) {
  const char* raw = field.key().raw();
  // Binance's keys are mostly one character.
  if (raw[1] == '"' && raw[0] != '"' && raw[0] != '\\') {
    key = std::string_view(raw, 1);
    return true;
  }
  const char* at = FindQuoteOrBackslash(raw);
  if (*at == '"') {
    key = std::string_view(raw, static_cast<size_t>(at - raw));
    return true;
  }
  return field.unescaped_key().get(key) == simdjson::SUCCESS;
}

bool ReadObject(ondemand::object object, Fields* fields, int depth) {
  for (auto member : object) {
    ondemand::field field;
    std::string_view key;
    if (std::move(member).get(field) != simdjson::SUCCESS || !Key(field, key)) return false;
    JsonValue scratch;
    const Field which = fields != nullptr ? FieldOf(key) : kUnknown;
    if (which == kUnknown) {
      if (!ReadValue(field.value(), scratch, nullptr, depth)) return false;
      continue;
    }
    const int level_field = LevelFieldOf(which);
    // A repeated key: the last one wins, as it did with nlohmann-json.
    if (!ReadValue(field.value(), fields->Write(which),
                   level_field >= 0 ? &fields->levels[level_field] : nullptr, depth)) {
      return false;
    }
  }
  return true;
}

bool ReadValue(ondemand::value value, JsonValue& out, std::vector<LevelEntry>* levels, int depth) {
  ondemand::json_type type;
  if (value.type().get(type) != simdjson::SUCCESS) return false;
  const bool container = type == ondemand::json_type::object || type == ondemand::json_type::array;
  if (container && depth + 1 > kMaxJsonDepth) return false;
  switch (type) {
    case ondemand::json_type::object: {
      out.type = JsonValue::Type::kObject;
      ondemand::object object;
      return value.get_object().get(object) == simdjson::SUCCESS &&
             ReadObject(object, nullptr, depth + 1);
    }
    case ondemand::json_type::array: {
      out.type = JsonValue::Type::kArray;
      ondemand::array array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return false;
      if (levels != nullptr) return ReadLevels(array, *levels, depth + 1);
      for (auto element : array) {
        ondemand::value element_value;
        JsonValue scratch;
        if (std::move(element).get(element_value) != simdjson::SUCCESS ||
            !ReadValue(element_value, scratch, nullptr, depth + 1)) {
          return false;
        }
      }
      return true;
    }
    case ondemand::json_type::string: {
      out.type = JsonValue::Type::kString;
      // Stage 1 has checked every string (closed, valid UTF-8, no raw control
      // characters), so one without a backslash is its own raw text; only escapes
      // need simdjson's unescaping copy.
      const char* text = value.raw_json_token().data() + 1;
      const char* at = FindQuoteOrBackslash(text);
      if (*at == '"') {
        out.text = std::string_view(text, static_cast<size_t>(at - text));
        // Consume the token: a value left unread is skipped by bracket counting,
        // which would let a stray ':' or value after it through.
        ondemand::raw_json_string raw;
        return value.get_raw_json_string().get(raw) == simdjson::SUCCESS;
      }
      return value.get_string().get(out.text) == simdjson::SUCCESS;
    }
    case ondemand::json_type::number: {
      // Ids and times: simdjson's getter succeeds exactly on 1-20 digits without a
      // leading zero, within uint64 and ending at a separator, which ClassifyNumber
      // also calls kUnsigned with the same value; it consumes nothing when it fails.
      if (value.get_uint64().get(out.unsigned_value) == simdjson::SUCCESS) {
        out.type = JsonValue::Type::kUnsigned;
        return true;
      }
      if (!ClassifyNumber(TrimTrailingSpace(value.raw_json_token()), out)) return false;
      // Consume the token (see strings above) with the getter of its class.
      uint64_t unsigned_value = 0;
      int64_t signed_value = 0;
      double double_value = 0;
      switch (out.type) {
        case JsonValue::Type::kUnsigned:
          return value.get_uint64().get(unsigned_value) == simdjson::SUCCESS;
        case JsonValue::Type::kSigned:
          return value.get_int64().get(signed_value) == simdjson::SUCCESS;
        default:
          return value.get_double().get(double_value) == simdjson::SUCCESS;
      }
    }
    case ondemand::json_type::boolean:
      out.type = JsonValue::Type::kBool;
      return value.get_bool().get(out.bool_value) == simdjson::SUCCESS;
    case ondemand::json_type::null: {
      out.type = JsonValue::Type::kNull;
      bool is_null = false;
      return value.is_null().get(is_null) == simdjson::SUCCESS && is_null;
    }
  }
  return false;
}

class BinanceWsImporter final : public Importer {
 public:
  using Importer::Importer;

 private:
  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      HandleLine(line);
      if (queued_) {
        queued_ = false;
        return true;
      }
    }
    Finish();
    return false;
  }

  void HandleLine(std::string_view line) {
    const size_t space = line.find(' ');
    int64_t ts = 0;
    if (line.empty() || space == std::string_view::npos ||
        !ParseInt(line.substr(0, space), ts) || ts < 0) {
      Reject("bad_timestamp", "expected '<local_ts_ns> <json>'");
      return;
    }
    if (!ParseMessage(line.substr(space + 1))) {
      Reject("malformed_json", "the message after the timestamp is not a JSON object");
      return;
    }
    if (!envelope_) {
      HandleData(ts, std::string_view(), root_);
    } else if (!data_is_object_) {
      Reject("malformed_json", "combined-stream envelope without a data object");
    } else {
      HandleData(ts, stream_.is_string() ? stream_.text : std::string_view(), data_);
    }
  }

  // Parses `text` into root_ (the message itself) and, for a combined-stream envelope
  // {"stream":..,"data":{..}}, stream_ and data_. False unless `text` is one valid
  // JSON object (whitespace around it allowed).
  bool ParseMessage(std::string_view text) {
    // simdjson may read up to SIMDJSON_PADDING bytes past the end (it never uses them).
    // The input window usually goes on past the line; otherwise parse a padded copy.
    const std::string_view unread = Unread();
    const char* json = text.data();
    size_t capacity = static_cast<size_t>(unread.data() + unread.size() - text.data());
    if (capacity < text.size() + simdjson::SIMDJSON_PADDING) {
      if (text.size() + simdjson::SIMDJSON_PADDING > padded_capacity_) {
        padded_capacity_ =
            std::max(text.size() + simdjson::SIMDJSON_PADDING, 2 * padded_capacity_);
        padded_ = std::make_unique<char[]>(padded_capacity_);
      }
      std::memcpy(padded_.get(), text.data(), text.size());
      json = padded_.get();
      capacity = padded_capacity_;
    }
    root_.Clear();
    data_.Clear();
    stream_.type = JsonValue::Type::kAbsent;
    envelope_ = false;
    data_is_object_ = false;
    ondemand::document document;
    ondemand::object root;
    if (parser_.iterate(json, text.size(), capacity).get(document) !=
            simdjson::SUCCESS ||
        document.get_object().get(root) != simdjson::SUCCESS) {
      return false;
    }
    for (auto member : root) {
      ondemand::field field;
      std::string_view key;
      if (std::move(member).get(field) != simdjson::SUCCESS || !Key(field, key)) return false;
      if (key == "stream") {
        envelope_ = true;
        if (!ReadValue(field.value(), stream_, nullptr, 1)) return false;
      } else if (key == "data") {
        ondemand::value value = field.value();
        ondemand::json_type type;
        if (value.type().get(type) != simdjson::SUCCESS) return false;
        data_is_object_ = type == ondemand::json_type::object;
        if (data_is_object_) {
          data_.Clear();  // a repeated "data": the last one counts
          ondemand::object data;
          if (value.get_object().get(data) != simdjson::SUCCESS || !ReadObject(data, &data_, 2)) {
            return false;
          }
        } else {
          JsonValue scratch;
          if (!ReadValue(value, scratch, nullptr, 1)) return false;
        }
      } else {
        JsonValue scratch;
        const Field which = FieldOf(key);
        const int level_field = LevelFieldOf(which);
        if (!ReadValue(field.value(), which == kUnknown ? scratch : root_.Write(which),
                       level_field >= 0 ? &root_.levels[level_field] : nullptr, 1)) {
          return false;
        }
      }
    }
    // Nothing may follow the object: the document must be used up.
    const char* rest = nullptr;
    return document.current_location().get(rest) == simdjson::OUT_OF_BOUNDS;
  }

  void HandleData(int64_t ts, std::string_view stream, const Fields& data) {
    if (data[kLastUpdateId].present()) {
      HandleSnapshot(ts, stream, data);
      return;
    }
    const std::string_view type = data[kE].is_string() ? data[kE].text : std::string_view();
    if (type == "depthUpdate") {
      HandleDiff(ts, data);
    } else if (type == "trade" || type == "aggTrade") {
      HandleTrade(ts, type == "aggTrade", data);
    } else if (type == "bookTicker" ||
               (type.empty() && data[kLastId].present() && data[kB].present() &&
                data[kAskSize].present())) {
      HandleBookTicker(ts, data);
    } else {
      Skip("unhandled_message");
    }
  }

  // ---- field access -------------------------------------------------------------

  bool Decimal(const JsonValue& value, std::string_view what, int64_t& out) {
    if (value.is_string() && ParseFixedPoint(value.text, out) == DecimalError::kOk) return true;
    RejectDecimal(value, what);
    return false;
  }

  // Out of line: building the message would otherwise cost every call a larger frame.
  [[gnu::cold, gnu::noinline]] void RejectDecimal(const JsonValue& value, std::string_view what) {
    if (!value.is_string()) {
      Reject("non_numeric", std::string(what) + " is not a decimal string");
      return;
    }
    int64_t unused = 0;
    Reject(DecimalErrorKey(ParseFixedPoint(value.text, unused)),
           std::string(what) + " '" + std::string(value.text) + "' is not an exact decimal");
  }

  bool Id(const Fields& data, Field field, const char* key, uint64_t& out) {
    const JsonValue& value = data[field];
    if (value.type == JsonValue::Type::kUnsigned) {
      out = value.unsigned_value;
      return true;
    }
    // "-0" is a (negative-signed) integer equal to 0.
    if (value.type == JsonValue::Type::kSigned && value.signed_value >= 0) {
      out = static_cast<uint64_t>(value.signed_value);
      return true;
    }
    Reject("bad_update_id", std::string("field '") + key + "' missing or not an integer");
    return false;
  }

  static int64_t MsField(const JsonValue& value) {
    if (!value.is_integer()) return 0;
    // An integer beyond int64 wraps negative, as nlohmann's get<int64_t> did.
    const int64_t ms = value.type == JsonValue::Type::kSigned
                           ? value.signed_value
                           : static_cast<int64_t>(value.unsigned_value);
    // 0 (none) for a time int64 nanoseconds cannot hold.
    return ms >= 0 && ms <= INT64_MAX / kNsPerMs ? ms * kNsPerMs : 0;
  }

  bool Symbol(const Fields& data, SymbolId& out) {
    if (!data[kS].is_string()) {
      Reject("bad_symbol", "field 's' missing or not a symbol");
      return false;
    }
    return InternChecked(data[kS].text, out);
  }

  // Levels [["price","qty"],...] of one side; false (and rejected) on a bad entry.
  bool ParseLevels(const Fields& data, Field field, Side side, std::vector<DiffLevel>& out) {
    if (data[field].type != JsonValue::Type::kArray) {
      Reject("malformed_json", "price levels are not an array");
      return false;
    }
    for (const LevelEntry& entry : data.Levels(field)) {
      if (!entry.pair) {
        Reject("malformed_json", "a price level is not [price, quantity]");
        return false;
      }
      DiffLevel level{side, 0, 0};
      if (!Decimal(entry.price, "price", level.price) ||
          !Decimal(entry.quantity, "quantity", level.quantity))
        return false;
      if (level.price <= 0) {
        Reject("non_positive_price", "level price " + FormatFixedPoint(level.price));
        return false;
      }
      if (level.quantity < 0) {
        Reject("bad_quantity", "level quantity " + FormatFixedPoint(level.quantity));
        return false;
      }
      out.push_back(level);
    }
    return true;
  }

  // ---- message kinds --------------------------------------------------------------

  void HandleSnapshot(int64_t ts, std::string_view stream, const Fields& data) {
    uint64_t id = 0;
    if (!Id(data, kLastUpdateId, "lastUpdateId", id)) return;
    std::vector<DiffLevel> levels;
    if (!data[kBids].present() || !data[kAsks].present()) {
      Reject("malformed_json", "snapshot without bids and asks");
      return;
    }
    if (!ParseLevels(data, kBids, Side::kBid, levels) ||
        !ParseLevels(data, kAsks, Side::kAsk, levels))
      return;
    if (!stream.empty()) {
      // A partial-depth stream ("btcusdt@depth5@100ms"): a top-N snapshot of the
      // stream's symbol, replacing the book each time.
      std::string name(stream.substr(0, stream.find('@')));
      std::transform(name.begin(), name.end(), name.begin(), ::toupper);
      SymbolId symbol = 0;
      if (InternChecked(name, symbol)) EmitSnapshot(symbol, ts, id, levels);
      return;
    }
    // The REST snapshot names no symbol: it belongs to the depth stream waiting for
    // one (the most recent one seen, or the next to appear).
    PendingSnapshot snapshot{ts, id, std::move(levels), line_number()};
    if (waiting_symbol_) {
      ApplySnapshot(*waiting_symbol_, std::move(snapshot));
    } else {
      pending_snapshot_ = std::move(snapshot);
      has_pending_snapshot_ = true;
      Hold();
    }
  }

  struct PendingSnapshot {
    int64_t ts = 0;
    uint64_t id = 0;
    std::vector<DiffLevel> levels;
    uint64_t line = 0;
  };

  void EmitSnapshot(SymbolId symbol, int64_t ts, uint64_t id, const std::vector<DiffLevel>& levels) {
    bool first = true;
    for (const DiffLevel& level : levels) {
      if (level.quantity == 0) {
        Skip("empty_level");
        continue;
      }
      Event event;
      event.ts_ns = ts;
      event.kind = EventKind::kSnapshotLevel;
      event.symbol = symbol;
      event.side = level.side;
      event.price = level.price;
      event.quantity = level.quantity;
      event.id = id;
      event.flags = first ? kFlagSnapshotStart : 0;
      first = false;
      Queue(event);
    }
  }

  void ApplySnapshot(SymbolId symbol, PendingSnapshot snapshot) {
    DepthState& state = depth_[symbol];
    EmitSnapshot(symbol, snapshot.ts, snapshot.id, snapshot.levels);
    state.synced = true;
    state.first_pending = true;
    state.snapshot_id = snapshot.id;
    state.last_id = snapshot.id;
    state.snapshot_ts = snapshot.ts;
    Note("snapshots");
    std::vector<Diff> buffered = std::move(state.buffered);
    state.buffered.clear();
    for (Diff& diff : buffered) ApplyDiff(symbol, state, diff);
    if (waiting_symbol_ && *waiting_symbol_ == symbol) waiting_symbol_.reset();
  }

  void HandleDiff(int64_t ts, const Fields& data) {
    SymbolId symbol = 0;
    if (!Symbol(data, symbol)) return;
    // Reused: a diff allocates only when it is buffered.
    Diff& diff = diff_;
    diff.levels.clear();
    diff.has_prev = false;
    diff.ts_ns = ts;
    diff.exchange_ts_ns = MsField(data[kEventTime]);
    if (!Id(data, kFirstId, "U", diff.first_id) || !Id(data, kLastId, "u", diff.last_id)) return;
    if (data[kPrevId].present()) {
      if (!Id(data, kPrevId, "pu", diff.prev_id)) return;
      diff.has_prev = true;
    }
    if (!data[kB].present() || !data[kA].present()) {
      Reject("malformed_json", "depthUpdate without b and a");
      return;
    }
    if (!ParseLevels(data, kB, Side::kBid, diff.levels) ||
        !ParseLevels(data, kA, Side::kAsk, diff.levels))
      return;
    DepthState& state = depth_[symbol];
    if (!state.synced) {
      if (has_pending_snapshot_) {
        has_pending_snapshot_ = false;
        ApplySnapshot(symbol, std::move(pending_snapshot_));
      } else {
        waiting_symbol_ = symbol;
      }
    }
    if (!state.synced) {
      if (state.buffered.size() >= kMaxBufferedDiffs) {
        Skip("no_snapshot", std::max<size_t>(1, state.buffered.front().levels.size()));
        state.buffered.erase(state.buffered.begin());
      }
      state.buffered.push_back(diff);
      Hold();
      return;
    }
    ApplyDiff(symbol, state, diff);
  }

  void ApplyDiff(SymbolId symbol, DepthState& state, const Diff& diff) {
    const uint64_t records = std::max<size_t>(1, diff.levels.size());
    if (diff.last_id <= state.last_id) {
      Skip("stale_diff", records);
      return;
    }
    if (state.first_pending) {
      if (!(diff.first_id <= state.snapshot_id + 1 && state.snapshot_id + 1 <= diff.last_id)) {
        Note("depth_gaps");
      }
      state.first_pending = false;
    } else if (diff.has_prev ? diff.prev_id != state.last_id : diff.first_id != state.last_id + 1) {
      Note("depth_gaps");
    }
    state.last_id = diff.last_id;
    if (diff.levels.empty()) {
      Skip("empty_diff");
      return;
    }
    const bool buffered = diff.ts_ns < state.snapshot_ts;
    if (buffered) Note("buffered_diffs");
    for (const DiffLevel& level : diff.levels) {
      Event event;
      event.ts_ns = buffered ? state.snapshot_ts : diff.ts_ns;
      event.exchange_ts_ns = diff.exchange_ts_ns;
      event.kind = EventKind::kLevelUpdate;
      event.symbol = symbol;
      event.side = level.side;
      event.price = level.price;
      event.quantity = level.quantity;
      event.id = diff.last_id;
      event.flags = buffered ? kFlagBuffered : 0;
      Queue(event);
    }
  }

  void HandleTrade(int64_t ts, bool aggregate, const Fields& data) {
    Event event;
    if (!Symbol(data, event.symbol)) return;
    if (!(aggregate ? Id(data, kA, "a", event.id) : Id(data, kTradeId, "t", event.id))) return;
    if (!data[kP].present() || !data[kQ].present()) {
      Reject("malformed_json", "trade without p and q");
      return;
    }
    if (!Decimal(data[kP], "price", event.price) || !Decimal(data[kQ], "quantity", event.quantity))
      return;
    if (event.price <= 0) {
      Reject("non_positive_price", "trade price " + FormatFixedPoint(event.price));
      return;
    }
    if (event.quantity <= 0) {
      Reject("bad_quantity", "trade quantity " + FormatFixedPoint(event.quantity));
      return;
    }
    event.ts_ns = ts;
    event.exchange_ts_ns = MsField(data[kTradeTime]);
    event.kind = EventKind::kTrade;
    const JsonValue& m = data[kMaker];
    // "m": the buyer is the maker, so the seller hit the bid.
    event.side = m.type != JsonValue::Type::kBool ? Side::kNone
                 : m.bool_value                   ? Side::kAsk
                                                  : Side::kBid;
    Queue(event);
  }

  void HandleBookTicker(int64_t ts, const Fields& data) {
    Event event;
    if (!Symbol(data, event.symbol)) return;
    if (!Id(data, kLastId, "u", event.id)) return;
    for (const auto& [field, key] : {std::pair{kB, "b"}, std::pair{kBidSize, "B"},
                                     std::pair{kA, "a"}, std::pair{kAskSize, "A"}}) {
      if (!data[field].present()) {
        Reject("malformed_json", std::string("bookTicker without '") + key + "'");
        return;
      }
    }
    if (!Decimal(data[kB], "bid", event.price) || !Decimal(data[kBidSize], "bid size", event.quantity) ||
        !Decimal(data[kA], "ask", event.ask_price) ||
        !Decimal(data[kAskSize], "ask size", event.ask_quantity))
      return;
    if (event.price < 0 || event.ask_price < 0) {
      Reject("non_positive_price", "negative bookTicker price");
      return;
    }
    if (event.quantity < 0 || event.ask_quantity < 0) {
      Reject("bad_quantity", "negative bookTicker size");
      return;
    }
    if (event.price > 0 && event.ask_price > 0 && event.price >= event.ask_price) {
      Reject("crossed_quote", "bid " + FormatFixedPoint(event.price) +
                                  " >= ask " + FormatFixedPoint(event.ask_price));
      return;
    }
    event.ts_ns = ts;
    event.exchange_ts_ns =
        data[kTradeTime].present() ? MsField(data[kTradeTime]) : MsField(data[kEventTime]);
    event.kind = EventKind::kQuote;
    // Once a depth book exists for the symbol, the ticker must not overwrite it.
    const auto state = depth_.find(event.symbol);
    if (state != depth_.end() && state->second.synced) event.flags = kFlagQuoteInformational;
    Queue(event);
  }

  void Finish() {
    if (has_pending_snapshot_) {
      has_pending_snapshot_ = false;
      if (!options_.symbol.empty()) {
        ApplySnapshot(Intern(options_.symbol), std::move(pending_snapshot_));
      } else {
        Skip("snapshot_without_symbol", std::max<size_t>(1, pending_snapshot_.levels.size()));
      }
    }
    for (auto& [symbol, state] : depth_) {
      for (const Diff& diff : state.buffered) {
        Skip("no_snapshot", std::max<size_t>(1, diff.levels.size()));
      }
      state.buffered.clear();
    }
  }

  void Queue(const Event& event) {
    Emit(event);
    queued_ = true;
  }

  simdjson::ondemand::parser parser_;
  std::unique_ptr<char[]> padded_;
  size_t padded_capacity_ = 0;
  // The message being handled (see ParseMessage).
  Fields root_;
  Fields data_;
  JsonValue stream_;
  bool envelope_ = false;
  bool data_is_object_ = false;

  Diff diff_;
  std::unordered_map<SymbolId, DepthState> depth_;
  std::optional<SymbolId> waiting_symbol_;
  PendingSnapshot pending_snapshot_;
  bool has_pending_snapshot_ = false;
  bool queued_ = false;
};

}  // namespace

std::unique_ptr<Importer> MakeBinanceWsImporter(const std::string& path,
                                                const LoadOptions& options) {
  return std::make_unique<BinanceWsImporter>(path, options);
}

}  // namespace hftbot::feed
