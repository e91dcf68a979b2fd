// Every importer on the real files in tests/data/real (origins in its README): row
// counts, first and last event, symbols, conservation, and the conversion to binary
// version 2. The figures printed here are the ones the issue note reports.

#include "feed/importers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "feed/event_flags.h"
#include "feed/input_error.h"
#include "feed/source_records.h"
#include "feed/test_files.h"
#include "feed/tick_convert.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"
#include "feed/tick_reader.h"

namespace hftbot::feed {
namespace {

using testing::TempPath;
using testing::WriteFile;

const std::string kDir = "tests/data/real/";

struct Loaded {
  LoadedTicks ticks;
  std::vector<Event> all;  // file order
  double seconds = 0;
};

Loaded Load(const std::string& name, TickFormat format = TickFormat::kAuto) {
  LoadOptions options;
  options.format = format;
  Loaded out;
  const auto start = std::chrono::steady_clock::now();
  out.ticks = LoadTickFile(kDir + name, options);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  TickReader reader(kDir + name, options);
  Event e;
  while (reader.Next(e)) out.all.push_back(e);
  EXPECT_EQ(out.ticks.read, out.ticks.loaded() + out.ticks.rejected_total()) << name;
  std::printf("%-60s %-12s read %7llu loaded %7llu rejected %5llu  %.0f events/s\n", name.c_str(),
              std::string(FormatName(out.ticks.format)).c_str(),
              static_cast<unsigned long long>(out.ticks.read),
              static_cast<unsigned long long>(out.ticks.loaded()),
              static_cast<unsigned long long>(out.ticks.rejected_total()),
              static_cast<double>(out.ticks.loaded()) / out.seconds);
  for (const auto& [k, v] : out.ticks.rejected) std::printf("    skipped %s: %llu\n", k.c_str(), static_cast<unsigned long long>(v));
  for (const auto& [k, v] : out.ticks.notes) std::printf("    note %s: %llu\n", k.c_str(), static_cast<unsigned long long>(v));
  return out;
}

std::vector<std::string> Names(const LoadedTicks& t) {
  std::vector<std::string> names;
  for (const auto& s : t.symbols) names.push_back(s.name);
  return names;
}

uint64_t Count(const Loaded& l, EventKind kind) {
  uint64_t n = 0;
  for (const Event& e : l.all) n += e.kind == kind;
  return n;
}

TEST(ImportersTest, BinanceWsBtcusdt) {
  const Loaded l = Load("btcusdt_20240808.gz");
  EXPECT_EQ(l.ticks.format, TickFormat::kBinanceWs);
  EXPECT_EQ(Names(l.ticks), std::vector<std::string>{"BTCUSDT"});
  EXPECT_EQ(Count(l, EventKind::kQuote), 28040u);
  EXPECT_EQ(Count(l, EventKind::kTrade), 9757u);
  EXPECT_EQ(l.ticks.notes.at("snapshots"), 1u);
  EXPECT_EQ(l.ticks.notes.count("depth_gaps"), 0u);
  // The first bookTicker precedes the snapshot, so it builds the touch; later ones
  // are informational.
  EXPECT_EQ(l.all.front().kind, EventKind::kQuote);
  EXPECT_EQ(l.all.front().id, 50093239212u);
  EXPECT_EQ(l.all.front().flags, 0);
  uint64_t informational = 0;
  for (const Event& e : l.all) informational += HasFlag(e, kFlagQuoteInformational);
  EXPECT_EQ(informational + 3, Count(l, EventKind::kQuote));
  const Event& first_snapshot = l.all[4];  // after 3 bookTickers and 1 trade
  EXPECT_EQ(first_snapshot.kind, EventKind::kSnapshotLevel);
  EXPECT_EQ(first_snapshot.id, 50093239218u);
  EXPECT_TRUE(HasFlag(first_snapshot, kFlagSnapshotStart));
  EXPECT_EQ(first_snapshot.price, 6'183'763'000'000);
  EXPECT_EQ(first_snapshot.quantity, 378'826'000);
}

TEST(ImportersTest, BinanceWsEthusdt) {
  const Loaded l = Load("ethusdt_20240808.gz", TickFormat::kBinanceWs);
  EXPECT_EQ(Names(l.ticks), std::vector<std::string>{"ETHUSDT"});
  EXPECT_EQ(l.ticks.notes.at("snapshots"), 1u);
}

TEST(ImportersTest, Lobster) {
  const Loaded l = Load("AAPL_2012-06-21_34200000_57600000_message_10.csv");
  EXPECT_EQ(l.ticks.format, TickFormat::kLobster);
  EXPECT_EQ(Names(l.ticks), std::vector<std::string>{"AAPL"});
  EXPECT_EQ(Count(l, EventKind::kOrderAdd), 471u);
  EXPECT_EQ(Count(l, EventKind::kOrderCancel), 369u);
  EXPECT_EQ(Count(l, EventKind::kOrderExecute), 98u);
  EXPECT_EQ(Count(l, EventKind::kTrade), 61u);  // hidden executions
  // Row 1 with message 1 (an add of the whole 585.33 bid) undone: 19 levels.
  EXPECT_EQ(Count(l, EventKind::kSnapshotLevel), 19u);
  // 09:30:00.004241176 EDT on 2012-06-21 = 13:30:00.004241176 UTC.
  EXPECT_EQ(l.all.front().ts_ns, 1'340'285'400'004'241'176);
  const Event& first = l.all[19];
  EXPECT_EQ(first.kind, EventKind::kOrderAdd);
  EXPECT_EQ(first.id, 16113575u);
  EXPECT_EQ(first.price, 58'533'000'000);  // 585.33
  EXPECT_EQ(first.quantity, 18 * kFixedPointScale);
  EXPECT_EQ(first.side, Side::kBid);
  EXPECT_EQ(l.all.back().ts_ns, 1'340'285'449'086'375'027);
}

TEST(ImportersTest, TardisIncrementalL2) {
  const Loaded l = Load("tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv");
  EXPECT_EQ(l.ticks.format, TickFormat::kTardis);
  EXPECT_EQ(Names(l.ticks), std::vector<std::string>{"BTC-PERPETUAL"});
  EXPECT_EQ(l.ticks.read, 15u);
  EXPECT_EQ(l.all.front().kind, EventKind::kSnapshotLevel);
  EXPECT_TRUE(HasFlag(l.all.front(), kFlagSnapshotStart));
  EXPECT_EQ(l.all.front().ts_ns, 1'585'699'200'355'684'000);
  EXPECT_EQ(l.all.front().exchange_ts_ns, 1'585'699'200'245'000'000);
  EXPECT_EQ(l.all.front().price, 642'150'000'000);
}

TEST(ImportersTest, TardisSnapshotsQuotesTrades) {
  const Loaded s5 = Load("tardis/binance-futures_book_snapshot_5_BTCUSDT.csv");
  EXPECT_EQ(s5.ticks.loaded(), 10u * 10u);
  const Loaded s25 = Load("tardis/binance-futures_book_snapshot_25_BTCUSDT.csv");
  EXPECT_EQ(s25.ticks.loaded(), 10u * 50u);
  uint64_t starts = 0;
  for (const Event& e : s25.all) starts += HasFlag(e, kFlagSnapshotStart);
  EXPECT_EQ(starts, 10u);
  const Loaded q = Load("tardis/huobi-dm-swap_quotes_BTC-USD.csv");
  EXPECT_EQ(q.ticks.loaded(), 10u);
  EXPECT_EQ(q.all.front().price, 862'920'000'000);
  EXPECT_EQ(q.all.front().ask_quantity, 5494 * kFixedPointScale);
  const Loaded t = Load("tardis/bitmex_trades_XBTUSD.csv");
  EXPECT_EQ(t.ticks.loaded(), 10u);
  EXPECT_EQ(t.all.front().side, Side::kAsk);
  EXPECT_EQ(Names(t.ticks), std::vector<std::string>{"XBTUSD"});
}

TEST(ImportersTest, BinanceDepthCsv) {
  const Loaded snap = Load("binance/btcusdt-depth-snap.csv");
  EXPECT_EQ(snap.ticks.format, TickFormat::kBinanceCsv);
  EXPECT_EQ(snap.ticks.read, 100u);
  EXPECT_EQ(Count(snap, EventKind::kSnapshotLevel), snap.ticks.loaded());
  const Loaded update = Load("binance/btcusdt-depth-update.csv");
  EXPECT_EQ(Count(update, EventKind::kLevelUpdate), 100u);
  EXPECT_EQ(update.all.front().id, 2098041696700u);
}

TEST(ImportersTest, BinancePublicCsvsWithAndWithoutHeader) {
  // Layouts as data.binance.vision documents them (no real copy under 4 MiB exists).
  const std::string trades = WriteFile("BTCUSDT-trades-2024-08-08.csv",
                                       "3735683259,61837.63000000,0.02000000,1236.7526,1723161255342,True,True\n"
                                       "3735683260,61837.64000000,0.00100000,61.83764,1723161255350,False,True\n");
  Loaded l;
  LoadOptions options;
  options.format = TickFormat::kBinanceCsv;
  l.ticks = LoadTickFile(trades, options);
  ASSERT_EQ(Names(l.ticks), std::vector<std::string>{"BTCUSDT"});
  const auto& e = l.ticks.symbols[0].events;
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0].side, Side::kAsk);
  EXPECT_EQ(e[0].ts_ns, 1'723'161'255'342'000'000);
  EXPECT_EQ(e[1].side, Side::kBid);
  const std::string ticker = WriteFile("BTCUSDT-bookTicker-2024-08-08.csv",
                                       "update_id,best_bid_price,best_bid_qty,best_ask_price,best_ask_qty,transaction_time,event_time\n"
                                       "5123107852949,61000.1,2.5,61000.2,0.1,1723161255342,1723161255343\n");
  const LoadedTicks t = LoadTickFile(ticker, {});
  ASSERT_EQ(t.loaded(), 1u);
  EXPECT_EQ(t.symbols[0].events[0].id, 5123107852949u);
  EXPECT_EQ(t.symbols[0].events[0].ask_price, 6'100'020'000'000);
  const std::string agg = WriteFile("ETHUSDT-aggTrades-2024-08-08.csv",
                                    "agg_trade_id,price,quantity,first_trade_id,last_trade_id,transaction_time,is_buyer_maker\n"
                                    "1,2500.5,1.5,10,12,1723161255342,false\n");
  const LoadedTicks a = LoadTickFile(agg, {});
  ASSERT_EQ(a.loaded(), 1u);
  EXPECT_EQ(a.symbols[0].name, "ETHUSDT");
  EXPECT_EQ(a.symbols[0].events[0].side, Side::kBid);
}

TEST(ImportersTest, TrueFxAndHistData) {
  const Loaded fx = Load("truefx/usdjpy-ticks.csv");
  EXPECT_EQ(fx.ticks.format, TickFormat::kTrueFx);
  EXPECT_EQ(fx.ticks.read, 1000u);
  EXPECT_EQ(fx.ticks.rejected.at("locked_quote"), fx.ticks.rejected_total());
  EXPECT_EQ(Names(fx.ticks), std::vector<std::string>{"USDJPY"});
  EXPECT_EQ(fx.all.front().ts_ns, 1'357'077'600'295'000'000);  // 2013-01-01 22:00:00.295 UTC
  EXPECT_EQ(fx.all.back().ts_ns, 1'357'079'713'494'000'000);
  const Loaded hd = Load("histdata/quote_tick_data.csv");
  EXPECT_EQ(hd.ticks.format, TickFormat::kHistData);
  EXPECT_EQ(hd.ticks.read, 9500u);
  // 2020-01-01 17:00:00.065 EST = 22:00:00.065 UTC.
  EXPECT_EQ(hd.all.front().ts_ns, 1'577'916'000'065'000'000);
  EXPECT_EQ(hd.all.front().price, 112'120'000);
}

TEST(ImportersTest, BadInputNamesFileLineAndReason) {
  const std::string path = WriteFile("bad-histdata.csv", "20200101 170000065,1.12,1.13,0\n20200101 1700,1.1,1.2,0\n");
  LoadOptions options;
  options.format = TickFormat::kHistData;
  try {
    (void)LoadTickFile(path, options);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path + ":2");
    EXPECT_NE(e.reason().find("bad_timestamp"), std::string::npos);
  }
  options.on_bad_tick = OnBadTick::kSkip;
  const LoadedTicks t = LoadTickFile(path, options);
  EXPECT_EQ(t.read, 2u);
  EXPECT_EQ(t.rejected.at("bad_timestamp"), 1u);
}

TEST(ImportersTest, ConvertToBinaryVersion2IsExact) {
  for (const std::string name : {"btcusdt_20240808.gz", "AAPL_2012-06-21_34200000_57600000_message_10.csv"}) {
    const std::string out = TempPath("converted.bin");
    const ConvertResult r = ConvertTickFile(kDir + name, TickFormat::kAuto, out, {TickFormat::kBinary, false, 9, 1});
    EXPECT_EQ(r.binary_version, 2);
    std::vector<Event> original;
    {
      TickReader reader(kDir + name, {});
      Event e;
      while (reader.Next(e)) original.push_back(e);
    }
    TickReader back(out, {});
    EXPECT_EQ(back.format(), TickFormat::kBinary);
    Event e;
    size_t i = 0;
    while (back.Next(e)) {
      ASSERT_LT(i, original.size());
      ASSERT_EQ(std::memcmp(&e, &original[i], sizeof(Event)), 0) << name << " event " << i;
      ++i;
    }
    EXPECT_EQ(i, original.size());
    EXPECT_EQ(r.events, original.size());
  }
}

}  // namespace
}  // namespace hftbot::feed

namespace hftbot::feed {
namespace {

// Binance's book rules on a hand-made futures capture (pu chaining): buffered diffs,
// a stale diff, a gap, and a line that is not JSON.
TEST(ImportersTest, BinanceWsRulesGapsAndBadLines) {
  const std::string capture =
      "100 {\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\","
      "\"U\":5,\"u\":9,\"pu\":4,\"b\":[[\"10.0\",\"1\"]],\"a\":[]}}\n"
      "110 {\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":2,\"s\":\"BTCUSDT\","
      "\"U\":10,\"u\":12,\"pu\":9,\"b\":[[\"10.0\",\"2\"]],\"a\":[[\"11.0\",\"3\"]]}}\n"
      "120 {\"lastUpdateId\":10,\"bids\":[[\"10.0\",\"1\"]],\"asks\":[[\"11.0\",\"1\"],[\"12.0\",\"0\"]]}\n"
      "130 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":12,\"s\":\"BTCUSDT\","
      "\"b\":\"10.0\",\"B\":\"2\",\"a\":\"11.0\",\"A\":\"3\",\"T\":3,\"E\":4}}\n"
      "140 {\"stream\":\"btcusdt@depth@0ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":5,\"s\":\"BTCUSDT\","
      "\"U\":15,\"u\":16,\"pu\":14,\"b\":[],\"a\":[[\"11.0\",\"0\"]]}}\n"
      "150 {\"result\":null,\"id\":1}\n"
      "160 not json\n";
  const std::string path = WriteFile("capture.txt", capture);
  LoadOptions options;
  try {
    (void)LoadTickFile(path, options);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path + ":7");
    EXPECT_NE(e.reason().find("malformed_json"), std::string::npos) << e.reason();
  }
  options.on_bad_tick = OnBadTick::kSkip;
  const LoadedTicks t = LoadTickFile(path, options);
  EXPECT_EQ(t.format, TickFormat::kBinanceWs);
  EXPECT_EQ(t.rejected.at("stale_diff"), 1u);    // u 9 <= lastUpdateId 10
  EXPECT_EQ(t.rejected.at("empty_level"), 1u);   // snapshot ask of size 0
  EXPECT_EQ(t.rejected.at("unhandled_message"), 1u);
  EXPECT_EQ(t.rejected.at("malformed_json"), 1u);
  EXPECT_EQ(t.notes.at("depth_gaps"), 1u);       // pu 14 != last u 12
  EXPECT_EQ(t.notes.at("buffered_diffs"), 1u);
  EXPECT_EQ(t.read, t.loaded() + t.rejected_total());
  const std::vector<Event>& e = t.symbols.at(0).events;
  ASSERT_EQ(e.size(), 2u + 2u + 1u + 1u);  // snapshot 2, buffered diff 2, ticker, diff 1
  EXPECT_EQ(e[0].kind, EventKind::kSnapshotLevel);
  EXPECT_EQ(e[2].kind, EventKind::kLevelUpdate);
  EXPECT_EQ(e[2].ts_ns, 120);  // released at the snapshot's time
  EXPECT_TRUE(HasFlag(e[2], kFlagBuffered));
  EXPECT_EQ(e[2].id, 12u);
  EXPECT_EQ(e[4].kind, EventKind::kQuote);
  EXPECT_TRUE(HasFlag(e[4], kFlagQuoteInformational));
  EXPECT_EQ(e[4].exchange_ts_ns, 3'000'000);
  EXPECT_EQ(e[5].quantity, 0);
  EXPECT_EQ(e[5].exchange_ts_ns, 5'000'000);
}

}  // namespace
}  // namespace hftbot::feed

namespace hftbot::feed {
namespace {

// ---- source records on every real file -------------------------------------------------

// Lines as a reader must cut them: '\n'-terminated, plus a last line without one.
uint64_t CountLines(const std::string& path) {
  const std::string bytes = testing::Inflate(path);
  uint64_t lines = 0;
  for (const char c : bytes) lines += c == '\n';
  return lines + (!bytes.empty() && bytes.back() != '\n');
}

TEST(ImportersTest, EveryLineOfEveryRealFileHasAnOutcome) {
  for (const std::string name :
       {"btcusdt_20240808.gz", "ethusdt_20240808.gz", "AAPL_2012-06-21_34200000_57600000_message_10.csv",
        "tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv", "tardis/binance-futures_book_snapshot_25_BTCUSDT.csv",
        "tardis/huobi-dm-swap_quotes_BTC-USD.csv", "tardis/bitmex_trades_XBTUSD.csv",
        "binance/btcusdt-depth-snap.csv", "binance/btcusdt-depth-update.csv", "truefx/usdjpy-ticks.csv",
        "histdata/quote_tick_data.csv"}) {
    LoadOptions options;
    options.on_bad_tick = OnBadTick::kSkip;
    const LoadedTicks ticks = LoadTickFile(kDir + name, options);
    EXPECT_EQ(ticks.records_in_source.in_source, CountLines(kDir + name)) << name;
    EXPECT_EQ(CheckSourceRecords(ticks.records_in_source), "") << name;
  }
  // The REST snapshot of the BTCUSDT capture arrives before its first diff: held.
  LoadOptions options;
  const SourceRecords btc = LoadTickFile(kDir + "btcusdt_20240808.gz", options).records_in_source;
  EXPECT_GE(btc.held, 1u);
  const SourceRecords tardis =
      LoadTickFile(kDir + "tardis/bitmex_trades_XBTUSD.csv", options).records_in_source;
  EXPECT_EQ(tardis.informational, 1u);  // the header row
  EXPECT_EQ(tardis.with_events, 10u);
}

// ---- Binance websocket: what simdjson's on-demand parsing must not change ----------------

// A trade message without its closing brace.
constexpr std::string_view kTradeOpen =
    "{\"e\":\"trade\",\"E\":1723161255342,\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63\","
    "\"q\":\"0.02\",\"T\":1723161255342,\"m\":true";

LoadedTicks LoadCapture(const std::string& capture) {
  LoadOptions options;
  options.format = TickFormat::kBinanceWs;
  options.on_bad_tick = OnBadTick::kSkip;
  return LoadTickFile(WriteFile("capture.txt", capture), options);
}

// One capture line "<ts> <the trade with `extra` before its closing brace>".
std::string TradeLine(const std::string& extra, int64_t ts = 100) {
  return std::to_string(ts) + " " + std::string(kTradeOpen) + extra + "}\n";
}

uint64_t Rejected(const LoadedTicks& ticks, const std::string& key) {
  const auto it = ticks.rejected.find(key);
  return it == ticks.rejected.end() ? 0 : it->second;
}

TEST(ImportersTest, BinanceWsMalformedJsonAnywhereRejectsTheLine) {
  // Fields the rules never read are still parsed: on-demand parsing would skip them.
  for (const std::string bad :
       {",\"x\":[1,2}", ",\"x\":{\"y\":}", ",\"x\":tru", ",\"x\":01", ",\"x\":1.", ",\"x\":\"\\q\"",
        ",\"x\":1 2", ",\"x\":\"a\":1", ",\"x\":1e400", ",\"x\":\"\\ud800\""}) {
    const LoadedTicks ticks = LoadCapture(TradeLine(bad));
    EXPECT_EQ(Rejected(ticks, "malformed_json"), 1u) << bad;
    EXPECT_EQ(ticks.loaded(), 0u) << bad;
  }
  // A stray value after a read field, and anything after the object.
  // (Read as JSON, "data" would be a string: the envelope rule would refuse the line
  // under the same key but with another message.)
  const std::string envelope_stray = WriteFile(
      "stray.txt", "100 {\"stream\":\"btcusdt@trade\",\"data\":\"u\":1,\"s\":\"BTCUSDT\"}}\n");
  LoadOptions fail;
  fail.format = TickFormat::kBinanceWs;
  try {
    (void)LoadTickFile(envelope_stray, fail);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.reason(), "malformed_json: the message after the timestamp is not a JSON object");
  }
  std::string trailing = TradeLine("");
  trailing.insert(trailing.size() - 1, " x");
  EXPECT_EQ(Rejected(LoadCapture(trailing), "malformed_json"), 1u);
  std::string twice = TradeLine("");
  twice.insert(twice.size() - 1, "}");
  EXPECT_EQ(Rejected(LoadCapture(twice), "malformed_json"), 1u);
}

TEST(ImportersTest, BinanceWsUnknownFieldsEscapesAndRepeatedKeys) {
  // Unknown fields of any shape are ignored; whitespace around tokens is allowed.
  const LoadedTicks plain = LoadCapture(TradeLine(""));
  ASSERT_EQ(plain.loaded(), 1u);
  const Event& expected = plain.symbols[0].events[0];
  for (const std::string extra :
       {",\"M\":true,\"x\":{\"y\":[1,-2.5e3,null,\"z\",{}]},\"w\":[]", " , \"x\" : [ ] ",
        ",\"nested\":[[[[[[[[[[1]]]]]]]]]]"}) {
    const LoadedTicks ticks = LoadCapture(TradeLine(extra));
    ASSERT_EQ(ticks.loaded(), 1u) << extra;
    EXPECT_EQ(std::memcmp(&ticks.symbols[0].events[0], &expected, sizeof(Event)), 0) << extra;
  }
  // Escaped keys and strings mean what they spell; a repeated key: the last one wins.
  const LoadedTicks escaped = LoadCapture(
      "100 {\"e\":\"trade\",\"\\u0073\":\"BTC\\u0055SDT\",\"t\":3735683259,\"p\":\"61837.6\\u0033\","
      "\"q\":\"0.02\",\"q\":\"0.05\",\"m\":false}\n");
  ASSERT_EQ(escaped.loaded(), 1u);
  EXPECT_EQ(escaped.symbols[0].name, "BTCUSDT");
  EXPECT_EQ(escaped.symbols[0].events[0].price, 6'183'763'000'000);
  EXPECT_EQ(escaped.symbols[0].events[0].quantity, 5'000'000);
  EXPECT_EQ(escaped.symbols[0].events[0].side, Side::kBid);
}

// The importer remembers the symbol it accepted last; another name of the same length,
// or an invalid one, must not pass for it.
TEST(ImportersTest, BinanceWsAlternatingSymbolsKeepTheirOwnStreams) {
  std::string capture;
  for (int i = 0; i < 3; ++i) {
    capture += TradeLine("", 100 + i);
    capture += TradeLine(",\"s\":\"ETHUSDT\"", 100 + i);
    capture += TradeLine(",\"s\":\"BTC USD\"", 100 + i);
  }
  const LoadedTicks ticks = LoadCapture(capture);
  ASSERT_EQ(ticks.symbols.size(), 2u);
  EXPECT_EQ(ticks.symbols[0].name, "BTCUSDT");
  EXPECT_EQ(ticks.symbols[1].name, "ETHUSDT");
  EXPECT_EQ(ticks.symbols[0].events.size(), 3u);
  EXPECT_EQ(ticks.symbols[1].events.size(), 3u);
  EXPECT_EQ(Rejected(ticks, "bad_symbol"), 3u);
}

// A string without a backslash is its raw text, found eight bytes a step; one with an
// escape, wherever it sits against those steps, is unescaped.
TEST(ImportersTest, BinanceWsStringsOfEveryLengthAroundAnEscape) {
  for (size_t length = 1; length <= 20; ++length) {
    const std::string plain(length, 'A');
    const LoadedTicks ticks = LoadCapture(TradeLine(",\"s\":\"" + plain + "\""));
    ASSERT_EQ(ticks.loaded(), 1u) << plain;
    EXPECT_EQ(ticks.symbols[0].name, plain);
    for (size_t at = 0; at < length; ++at) {
      const std::string escaped = plain.substr(0, at) + "\\u0042" + plain.substr(at + 1);
      std::string expected = plain;
      expected[at] = 'B';
      const LoadedTicks unescaped = LoadCapture(TradeLine(",\"s\":\"" + escaped + "\""));
      ASSERT_EQ(unescaped.loaded(), 1u) << escaped;
      EXPECT_EQ(unescaped.symbols[0].name, expected) << escaped;
    }
  }
}

TEST(ImportersTest, BinanceWsNumbersAndStringsKeepTheirTypes) {
  // Ids are JSON integers that fit uint64; "-0" is 0 (nlohmann read it so).
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"t\":\"3735683259\"")), "bad_update_id"), 1u);
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"t\":1.0")), "bad_update_id"), 1u);
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"t\":-1")), "bad_update_id"), 1u);
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"t\":18446744073709551616")), "bad_update_id"), 1u);
  const LoadedTicks max_id = LoadCapture(TradeLine(",\"t\":18446744073709551615"));
  ASSERT_EQ(max_id.loaded(), 1u);
  EXPECT_EQ(max_id.symbols[0].events[0].id, UINT64_MAX);
  const LoadedTicks zero_id = LoadCapture(TradeLine(",\"t\":-0"));
  ASSERT_EQ(zero_id.loaded(), 1u);
  EXPECT_EQ(zero_id.symbols[0].events[0].id, 0u);
  // Prices and quantities are decimal strings, never JSON numbers.
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"p\":61837.63")), "non_numeric"), 1u);
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(",\"q\":null")), "non_numeric"), 1u);
  // A time that is not an integer is no time (0); one past int64 ms is too.
  for (const std::string t : {",\"T\":\"1723161255342\"", ",\"T\":1.5e12", ",\"T\":9223372036854775808"}) {
    const LoadedTicks ticks = LoadCapture(TradeLine(t));
    ASSERT_EQ(ticks.loaded(), 1u) << t;
    EXPECT_EQ(ticks.symbols[0].events[0].exchange_ts_ns, 0) << t;
  }
  // "m" must be a JSON boolean to give a side.
  const LoadedTicks string_maker = LoadCapture(TradeLine(",\"m\":\"true\""));
  ASSERT_EQ(string_maker.loaded(), 1u);
  EXPECT_EQ(string_maker.symbols[0].events[0].side, Side::kNone);
}

// The reader refuses nesting deeper than 128 levels (it recurses once per level),
// which nlohmann accepted: such a line (no exchange sends one) is now malformed_json.
TEST(ImportersTest, BinanceWsNestingBeyond128LevelsIsMalformed) {
  const std::string deep = ",\"x\":" + std::string(128, '[') + std::string(128, ']');
  EXPECT_EQ(Rejected(LoadCapture(TradeLine(deep)), "malformed_json"), 1u);
  const std::string shallow = ",\"x\":" + std::string(126, '[') + std::string(126, ']');
  EXPECT_EQ(LoadCapture(TradeLine(shallow)).loaded(), 1u);
}

TEST(ImportersTest, BinanceWsFailModeNamesFileLineAndReason) {
  const std::string path = WriteFile("capture.txt", TradeLine("") + TradeLine(",\"x\":[1,2}", 200));
  LoadOptions options;
  options.format = TickFormat::kBinanceWs;
  try {
    (void)LoadTickFile(path, options);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), path + ":2");
    EXPECT_EQ(e.reason(), "malformed_json: the message after the timestamp is not a JSON object");
  }
}

}  // namespace
}  // namespace hftbot::feed
