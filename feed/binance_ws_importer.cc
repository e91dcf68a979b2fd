// Binance websocket captures: "<local_receive_ts_ns> <json>" per line.
//
// The depth book follows Binance's "how to manage a local order book" rules: diffs
// received before the REST snapshot are buffered; diffs with u <= lastUpdateId are
// dropped (skip "stale_diff"); the first applied diff must straddle lastUpdateId + 1
// and each later one must continue the previous (spot: U == last u + 1; futures:
// pu == last u). A break is counted in notes["depth_gaps"] and the diff is applied
// anyway (there is no second snapshot to resync from).

#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "feed/event_flags.h"
#include "feed/fixed_point.h"
#include "feed/importers.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

using Json = nlohmann::json;

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
    const std::string_view text = line.substr(space + 1);
    Json doc = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) {
      Reject("malformed_json", "the message after the timestamp is not a JSON object");
      return;
    }
    try {
      const auto stream = doc.find("stream");
      if (stream != doc.end()) {
        const auto data = doc.find("data");
        if (data == doc.end() || !data->is_object()) {
          Reject("malformed_json", "combined-stream envelope without a data object");
          return;
        }
        HandleData(ts, stream->is_string() ? stream->get<std::string>() : std::string(), *data);
      } else {
        HandleData(ts, std::string(), doc);
      }
    } catch (const Json::exception& e) {
      Reject("malformed_json", e.what());
    }
  }

  void HandleData(int64_t ts, const std::string& stream, const Json& data) {
    if (data.contains("lastUpdateId")) {
      HandleSnapshot(ts, stream, data);
      return;
    }
    const auto e = data.find("e");
    const std::string type = e != data.end() && e->is_string() ? e->get<std::string>() : "";
    if (type == "depthUpdate") {
      HandleDiff(ts, data);
    } else if (type == "trade" || type == "aggTrade") {
      HandleTrade(ts, type == "aggTrade", data);
    } else if (type == "bookTicker" ||
               (type.empty() && data.contains("u") && data.contains("b") && data.contains("A"))) {
      HandleBookTicker(ts, data);
    } else {
      Skip("unhandled_message");
    }
  }

  // ---- field access -------------------------------------------------------------

  bool Decimal(const Json& value, std::string_view what, int64_t& out) {
    if (!value.is_string()) {
      Reject("non_numeric", std::string(what) + " is not a decimal string");
      return false;
    }
    const std::string& text = value.get_ref<const std::string&>();
    const DecimalError error = ParseFixedPoint(text, out);
    if (error != DecimalError::kOk) {
      Reject(DecimalErrorKey(error), std::string(what) + " '" + text + "' is not an exact decimal");
      return false;
    }
    return true;
  }

  bool Id(const Json& data, const char* key, uint64_t& out) {
    const auto it = data.find(key);
    if (it == data.end() || !it->is_number_unsigned()) {
      if (it != data.end() && it->is_number_integer() && it->get<int64_t>() >= 0) {
        out = static_cast<uint64_t>(it->get<int64_t>());
        return true;
      }
      Reject("bad_update_id", std::string("field '") + key + "' missing or not an integer");
      return false;
    }
    out = it->get<uint64_t>();
    return true;
  }

  static int64_t MsField(const Json& data, const char* key) {
    const auto it = data.find(key);
    if (it == data.end() || !it->is_number_integer()) return 0;
    const int64_t ms = it->get<int64_t>();
    // 0 (none) for a time int64 nanoseconds cannot hold.
    return ms >= 0 && ms <= INT64_MAX / kNsPerMs ? ms * kNsPerMs : 0;
  }

  bool Symbol(const Json& data, SymbolId& out) {
    const auto s = data.find("s");
    if (s == data.end() || !s->is_string()) {
      Reject("bad_symbol", "field 's' missing or not a symbol");
      return false;
    }
    return InternChecked(s->get_ref<const std::string&>(), out);
  }

  // Levels [["price","qty"],...] of one side; false (and rejected) on a bad entry.
  bool ParseLevels(const Json& array, Side side, std::vector<DiffLevel>& out) {
    if (!array.is_array()) {
      Reject("malformed_json", "price levels are not an array");
      return false;
    }
    for (const Json& entry : array) {
      if (!entry.is_array() || entry.size() < 2) {
        Reject("malformed_json", "a price level is not [price, quantity]");
        return false;
      }
      DiffLevel level{side, 0, 0};
      if (!Decimal(entry[0], "price", level.price) || !Decimal(entry[1], "quantity", level.quantity))
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

  void HandleSnapshot(int64_t ts, const std::string& stream, const Json& data) {
    uint64_t id = 0;
    if (!Id(data, "lastUpdateId", id)) return;
    std::vector<DiffLevel> levels;
    const auto bids = data.find("bids");
    const auto asks = data.find("asks");
    if (bids == data.end() || asks == data.end()) {
      Reject("malformed_json", "snapshot without bids and asks");
      return;
    }
    if (!ParseLevels(*bids, Side::kBid, levels) || !ParseLevels(*asks, Side::kAsk, levels)) return;
    if (!stream.empty()) {
      // A partial-depth stream ("btcusdt@depth5@100ms"): a top-N snapshot of the
      // stream's symbol, replacing the book each time.
      std::string name = stream.substr(0, stream.find('@'));
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

  void HandleDiff(int64_t ts, const Json& data) {
    SymbolId symbol = 0;
    if (!Symbol(data, symbol)) return;
    Diff diff;
    diff.ts_ns = ts;
    diff.exchange_ts_ns = MsField(data, "E");
    if (!Id(data, "U", diff.first_id) || !Id(data, "u", diff.last_id)) return;
    if (data.contains("pu")) {
      if (!Id(data, "pu", diff.prev_id)) return;
      diff.has_prev = true;
    }
    const auto bids = data.find("b");
    const auto asks = data.find("a");
    if (bids == data.end() || asks == data.end()) {
      Reject("malformed_json", "depthUpdate without b and a");
      return;
    }
    if (!ParseLevels(*bids, Side::kBid, diff.levels) || !ParseLevels(*asks, Side::kAsk, diff.levels))
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
      state.buffered.push_back(std::move(diff));
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

  void HandleTrade(int64_t ts, bool aggregate, const Json& data) {
    Event event;
    if (!Symbol(data, event.symbol)) return;
    if (!Id(data, aggregate ? "a" : "t", event.id)) return;
    const auto p = data.find("p");
    const auto q = data.find("q");
    if (p == data.end() || q == data.end()) {
      Reject("malformed_json", "trade without p and q");
      return;
    }
    if (!Decimal(*p, "price", event.price) || !Decimal(*q, "quantity", event.quantity)) return;
    if (event.price <= 0) {
      Reject("non_positive_price", "trade price " + FormatFixedPoint(event.price));
      return;
    }
    if (event.quantity <= 0) {
      Reject("bad_quantity", "trade quantity " + FormatFixedPoint(event.quantity));
      return;
    }
    event.ts_ns = ts;
    event.exchange_ts_ns = MsField(data, "T");
    event.kind = EventKind::kTrade;
    const auto m = data.find("m");
    // "m": the buyer is the maker, so the seller hit the bid.
    event.side = m == data.end() || !m->is_boolean() ? Side::kNone
                 : m->get<bool>()                    ? Side::kAsk
                                                     : Side::kBid;
    Queue(event);
  }

  void HandleBookTicker(int64_t ts, const Json& data) {
    Event event;
    if (!Symbol(data, event.symbol)) return;
    if (!Id(data, "u", event.id)) return;
    for (const char* key : {"b", "B", "a", "A"}) {
      if (!data.contains(key)) {
        Reject("malformed_json", std::string("bookTicker without '") + key + "'");
        return;
      }
    }
    if (!Decimal(data["b"], "bid", event.price) || !Decimal(data["B"], "bid size", event.quantity) ||
        !Decimal(data["a"], "ask", event.ask_price) ||
        !Decimal(data["A"], "ask size", event.ask_quantity))
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
    event.exchange_ts_ns = data.contains("T") ? MsField(data, "T") : MsField(data, "E");
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
