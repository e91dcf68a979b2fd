#include "feed/tick_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/test_files.h"
#include "feed/tick_format.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

using testing::Level;
using testing::Quote;
using testing::ReadFile;
using testing::Trade;
using testing::WriteFile;

constexpr char kHeader[] = "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n";
constexpr char kGoodQuote[] = "1000,AAA,quote,,100.00,5,100.02,7\n";

// Reads the whole file; returns the events read.
std::vector<Event> ReadAll(const std::string& path, LoadOptions options = {}) {
  TickReader reader(path, options);
  std::vector<Event> events;
  Event event;
  while (reader.Next(event)) events.push_back(event);
  return events;
}

// Expects reading `path` in kFail mode to throw an InputError at `where` whose reason
// starts with `reason_prefix`.
void ExpectInputError(const std::string& path, const std::string& where,
                      const std::string& reason_prefix, LoadOptions options = {}) {
  try {
    ReadAll(path, options);
    ADD_FAILURE() << "expected InputError at " << where;
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), where) << e.what();
    EXPECT_EQ(e.reason().substr(0, reason_prefix.size()), reason_prefix) << e.what();
    EXPECT_EQ(std::string(e.what()), e.where() + ": " + e.reason());
  }
}

std::string Csv(const std::string& name, const std::string& body) {
  return WriteFile(name, kHeader + body);
}

std::string Binary(const std::string& name, const std::vector<Event>& events,
                   std::vector<std::string> symbols = {"AAA", "BBB"}) {
  const std::string path = testing::TempPath(name);
  TickWriter writer(path, std::move(symbols), WriteOptions{TickFormat::kBinary, false, 9, 1});
  for (const Event& e : events) writer.Write(e);
  writer.Close();
  return path;
}

// Header of a binary file with symbols {"AAA", "BBB"}: 24 + 2 * (2 + 3) = 34 -> 40.
constexpr uint64_t kTwoSymbolHeader = 40;

// ---- Good input ----

TEST(TickReaderTest, ReadsEveryCsvKind) {
  const std::string path = Csv("kinds.csv",
                               "1000,AAA,quote,,100.00,5,100.02,7\n"
                               "1001,AAA,trade,bid,100.02,1.5,,\n"
                               "1002,AAA,trade,,100.01,2,,\n"
                               "1003,AAA,level,ask,100.05,0,,\n");
  TickReader reader(path, {});
  EXPECT_EQ(reader.format(), TickFormat::kCsv);
  EXPECT_FALSE(reader.compressed());
  Event e;
  ASSERT_TRUE(reader.Next(e));
  EXPECT_TRUE(testing::SameEvent(e, Quote(1000, 0, 10000, 500, 10002, 700)));
  ASSERT_TRUE(reader.Next(e));
  EXPECT_TRUE(testing::SameEvent(e, Trade(1001, 0, Side::kBid, 10002, 150)));
  ASSERT_TRUE(reader.Next(e));
  EXPECT_TRUE(testing::SameEvent(e, Trade(1002, 0, Side::kNone, 10001, 200)));
  ASSERT_TRUE(reader.Next(e));
  EXPECT_TRUE(testing::SameEvent(e, Level(1003, 0, Side::kAsk, 10005, 0)));
  EXPECT_EQ(reader.position(), 3u);
  EXPECT_FALSE(reader.Next(e));
  EXPECT_EQ(reader.read(), 4u);
  EXPECT_EQ(reader.loaded(), 4u);
}

TEST(TickReaderTest, AcceptsCrlfAndAMissingFinalNewline) {
  const std::string path =
      WriteFile("crlf.csv",
                "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\r\n"
                "1,AAA,quote,,1,1,2,1\r\n"
                "2,AAA,quote,,1,1,2,1");
  EXPECT_EQ(ReadAll(path).size(), 2u);
}

TEST(TickReaderTest, TimeMayGoBackAcrossSymbolsButNotWithinOne) {
  const std::string path = Csv("interleaved.csv",
                               "2000,AAA,quote,,1,1,2,1\n"
                               "1000,BBB,quote,,1,1,2,1\n"
                               "2000,AAA,quote,,1,1,2,1\n");
  EXPECT_EQ(ReadAll(path).size(), 3u);
}

TEST(TickReaderTest, SymbolIdsAreFirstSeenOrder) {
  const std::string path = Csv("ids.csv",
                               "1,ZZZ,quote,,1,1,2,1\n"
                               "1,AAA,quote,,1,1,2,1\n"
                               "2,ZZZ,quote,,1,1,2,1\n");
  TickReader reader(path, {});
  Event e;
  while (reader.Next(e)) {
  }
  EXPECT_EQ(reader.symbols().names(), (std::vector<std::string>{"ZZZ", "AAA"}));
}

// ---- Bad input, one test each (kFail names file:line or file@byte and the reason) ----

TEST(TickReaderTest, MalformedLine) {
  const std::string path = Csv("blank.csv", std::string(kGoodQuote) + "\n" + kGoodQuote);
  ExpectInputError(path, path + ":3", "malformed_line: empty line");
}

TEST(TickReaderTest, WrongColumnCount) {
  const std::string path = Csv("columns.csv", std::string(kGoodQuote) + "1001,AAA,quote,,1,1,2\n");
  ExpectInputError(path, path + ":3", "wrong_column_count: expected 8 columns, found 7");
}

TEST(TickReaderTest, NonNumericField) {
  const std::string path = Csv("nonnumeric.csv", "1000,AAA,trade,bid,abc,1,,\n");
  ExpectInputError(path, path + ":2", "non_numeric: price 'abc'");
}

TEST(TickReaderTest, NonFiniteField) {
  const std::string path = Csv("nonfinite.csv", "1000,AAA,quote,,100,1,inf,1\n");
  ExpectInputError(path, path + ":2", "non_finite: ask_price 'inf'");
}

TEST(TickReaderTest, TooManyDecimals) {
  const std::string path = Csv("decimals.csv", "1000,AAA,trade,bid,1.123456789,1,,\n");
  ExpectInputError(path, path + ":2", "too_many_decimals: price '1.123456789'");
}

TEST(TickReaderTest, NonNumericTimestamp) {
  const std::string path = Csv("ts.csv", "12:00:00,AAA,trade,bid,1,1,,\n");
  ExpectInputError(path, path + ":2", "bad_timestamp: ts_ns '12:00:00'");
}

TEST(TickReaderTest, NonPositivePrice) {
  const std::string path = Csv("price.csv", std::string(kGoodQuote) + "1001,AAA,trade,ask,0,1,,\n");
  ExpectInputError(path, path + ":3", "non_positive_price: trade price 0 must be positive");
}

TEST(TickReaderTest, CrossedQuote) {
  const std::string path = Csv("crossed.csv", "1000,AAA,quote,,100.02,5,100.01,7\n");
  ExpectInputError(path, path + ":2", "crossed_quote: bid 100.02 >= ask 100.01");
}

TEST(TickReaderTest, LockedQuoteCountsAsCrossed) {
  const std::string path = Csv("locked.csv", "1000,AAA,quote,,100,5,100,7\n");
  ExpectInputError(path, path + ":2", "crossed_quote: bid 100 >= ask 100");
}

TEST(TickReaderTest, TimestampsBackwardsWithinASymbol) {
  const std::string path = Csv("backwards.csv",
                               "2000,AAA,quote,,1,1,2,1\n"
                               "3000,BBB,quote,,1,1,2,1\n"
                               "1999,AAA,quote,,1,1,2,1\n");
  ExpectInputError(path, path + ":4",
                   "time_backwards: ts_ns 1999 is before 2000, the previous tick of AAA");
}

TEST(TickReaderTest, UnknownKindAndSide) {
  const std::string kind = Csv("kind.csv", "1,AAA,cancel,bid,1,1,,\n");
  ExpectInputError(kind, kind + ":2", "bad_kind: kind 'cancel'");
  const std::string side = Csv("side.csv", "1,AAA,level,buy,1,1,,\n");
  ExpectInputError(side, side + ":2", "bad_side: side 'buy'");
  const std::string level = Csv("levelside.csv", "1,AAA,level,,1,1,,\n");
  ExpectInputError(level, level + ":2", "bad_side: a level update needs side bid or ask");
}

TEST(TickReaderTest, AskFieldsOnATrade) {
  const std::string path = Csv("unexpected.csv", "1,AAA,trade,bid,1,1,2,\n");
  ExpectInputError(path, path + ":2", "unexpected_field");
}

TEST(TickReaderTest, ZeroTradeQuantity) {
  const std::string path = Csv("zeroqty.csv", "1,AAA,trade,bid,1,0,,\n");
  ExpectInputError(path, path + ":2", "bad_quantity: trade quantity 0 must be positive");
}

TEST(TickReaderTest, BadCsvHeader) {
  const std::string path = WriteFile("header.csv", "ts_ns,symbol,price\n1,AAA,1\n");
  ExpectInputError(path, path + ":1", "bad CSV header: expected 'ts_ns,symbol,kind,");
}

TEST(TickReaderTest, EmptyFile) {
  const std::string path = WriteFile("empty.csv", "");
  ExpectInputError(path, path, "empty file");
}

TEST(TickReaderTest, EmptyGzipFile) {
  // gzip of zero bytes (as `gzip -n < /dev/null` writes it).
  const std::string path = WriteFile(
      "empty.csv.gz", std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00"
                                  "\x00\x00\x00\x00\x00\x00",
                                  20));
  ExpectInputError(path, path, "empty file (after gunzip)");
}

TEST(TickReaderTest, UnknownFormat) {
  const std::string path = WriteFile("unknown.txt", "time,sym,px\n1,A,2\n");
  ExpectInputError(path, path, "unknown format: neither the binary magic 'HFTTICKS'");
}

TEST(TickReaderTest, WrongMagic) {
  std::string bytes = ReadFile(Binary("magic-src.bin", {Quote(1, 0, 100, 1, 101, 1)}));
  bytes[0] = '\x7f';
  const std::string path = WriteFile("magic.bin", bytes);
  ExpectInputError(path, path + "@byte 0", "wrong magic: expected 'HFTTICKS', found bytes 7f 46");
}

TEST(TickReaderTest, WrongMagicWhenBinaryIsForced) {
  const std::string path = Csv("forced.csv", kGoodQuote);
  ExpectInputError(path, path + "@byte 0", "wrong magic", {TickFormat::kBinary, OnBadTick::kFail, {}, true});
}

TEST(TickReaderTest, WrongVersion) {
  std::string bytes = ReadFile(Binary("version-src.bin", {Quote(1, 0, 100, 1, 101, 1)}));
  bytes[8] = 3;
  const std::string path = WriteFile("version.bin", bytes);
  ExpectInputError(path, path + "@byte 8", "unsupported version 3 (this build reads versions 1 and 2)");
}

TEST(TickReaderTest, TruncatedBinaryHeader) {
  const std::string bytes = ReadFile(Binary("header-src.bin", {}));
  const std::string path = WriteFile("header.bin", bytes.substr(0, 30));
  ExpectInputError(path, path + "@byte 0", "truncated header");
}

TEST(TickReaderTest, TruncatedBinaryRecord) {
  const std::string bytes =
      ReadFile(Binary("trunc-src.bin", {Quote(1, 0, 100, 1, 101, 1), Quote(2, 1, 100, 1, 101, 1),
                                        Quote(3, 0, 100, 1, 101, 1)}));
  const std::string path = WriteFile("trunc.bin", bytes.substr(0, bytes.size() - 10));
  ExpectInputError(path, path + "@byte " + std::to_string(kTwoSymbolHeader + 2 * 48),
                   "truncated_record: the last record has 38 of 48 bytes");
}

TEST(TickReaderTest, BinaryCrossedQuoteNamesItsByteOffset) {
  const std::string path =
      Binary("crossed.bin", {Quote(1, 0, 100, 1, 101, 1), Quote(2, 1, 101, 1, 100, 1)});
  ExpectInputError(path, path + "@byte " + std::to_string(kTwoSymbolHeader + 48),
                   "crossed_quote: bid 1.01 >= ask 1");
}

TEST(TickReaderTest, BinarySymbolOutsideTheTable) {
  // The writer checks ids against its own table, so write with three names and read a
  // file whose header claims two: patch the record's symbol id instead.
  std::string bytes = ReadFile(Binary("symbol-src.bin", {Quote(1, 1, 100, 1, 101, 1)}));
  bytes[kTwoSymbolHeader + 40] = 5;
  const std::string path = WriteFile("symbol.bin", bytes);
  ExpectInputError(path, path + "@byte " + std::to_string(kTwoSymbolHeader),
                   "bad_symbol: symbol id 5 is not in the symbol table (2 symbols)");
}

TEST(TickReaderTest, GzipCsvErrorsKeepTheirLineNumbers) {
  const std::string path = testing::TempPath("lines.csv.gz");
  {
    TickWriter probe(path, {"AAA"}, WriteOptions{TickFormat::kCsv, true, 9, 1});
    probe.Write(Quote(1000, 0, 10000, 500, 10002, 700));
    probe.Write(Quote(1000, 0, 10000, 500, 10002, 700));
    Event bad = Quote(999, 0, 10000, 500, 10002, 700);
    probe.Write(bad);
    probe.Close();
  }
  ExpectInputError(path, path + ":4", "time_backwards");
}

// ---- Skip mode ----

TEST(TickReaderTest, SkipModeCountsEveryReasonAndConservesRecords) {
  const std::string path = Csv("mixed.csv",
                               "1000,AAA,quote,,100,5,100.02,7\n"   // ok
                               "\n"                                 // malformed_line
                               "1001,AAA,quote,,100,5\n"            // wrong_column_count
                               "1002,AAA,trade,bid,abc,1,,\n"       // non_numeric
                               "1003,AAA,trade,bid,nan,1,,\n"       // non_finite
                               "1004,AAA,trade,bid,-1,1,,\n"        // non_positive_price
                               "1005,AAA,quote,,101,5,100,7\n"      // crossed_quote
                               "1006,AAA,trade,ask,100,1,,\n"       // ok
                               "1000,AAA,trade,ask,100,1,,\n"       // time_backwards
                               "1000,BBB,level,bid,99,0,,\n"        // ok (other symbol)
                               "1007,AAA,level,ask,100.05,3,,\n");  // ok
  TickReader reader(path, {TickFormat::kAuto, OnBadTick::kSkip, {}, true});
  std::vector<uint64_t> positions;
  Event e;
  while (reader.Next(e)) positions.push_back(reader.position());
  EXPECT_EQ(positions, (std::vector<uint64_t>{0, 7, 9, 10}));
  EXPECT_EQ(reader.read(), 11u);
  EXPECT_EQ(reader.loaded(), 4u);
  const std::map<std::string, uint64_t> expected = {
      {"crossed_quote", 1},      {"malformed_line", 1},     {"non_finite", 1},
      {"non_numeric", 1},        {"non_positive_price", 1}, {"time_backwards", 1},
      {"wrong_column_count", 1},
  };
  EXPECT_EQ(reader.rejected(), expected);
}

TEST(TickReaderTest, SkipModeCountsATruncatedBinaryRecord) {
  const std::string bytes =
      ReadFile(Binary("skip-src.bin", {Quote(1, 0, 100, 1, 101, 1), Quote(2, 1, 100, 1, 101, 1)}));
  const std::string path = WriteFile("skip.bin", bytes.substr(0, bytes.size() - 1));
  TickReader reader(path, {TickFormat::kAuto, OnBadTick::kSkip, {}, true});
  Event e;
  int loaded = 0;
  while (reader.Next(e)) ++loaded;
  EXPECT_EQ(loaded, 1);
  EXPECT_EQ(reader.read(), 2u);
  EXPECT_EQ(reader.rejected(), (std::map<std::string, uint64_t>{{"truncated_record", 1}}));
}

// ---- Detection ----

TEST(TickReaderTest, AutoDetectsEachFormatWithAndWithoutGzip) {
  const std::vector<Event> events = {Quote(1, 0, 100, 1, 101, 1), Trade(2, 1, Side::kAsk, 50, 3)};
  for (const TickFormat format : {TickFormat::kCsv, TickFormat::kBinary}) {
    for (const bool gzip : {false, true}) {
      // A misleading name: detection must look at bytes, never at the extension.
      const std::string path = testing::TempPath("detect-" + std::string(FormatName(format)) +
                                                 (gzip ? "-gz" : "") + ".dat");
      TickWriter writer(path, {"AAA", "BBB"}, WriteOptions{format, gzip, 1});
      for (const Event& e : events) writer.Write(e);
      writer.Close();
      TickReader reader(path, {});
      EXPECT_EQ(reader.format(), format);
      EXPECT_EQ(reader.compressed(), gzip);
      Event e;
      int n = 0;
      while (reader.Next(e)) EXPECT_TRUE(testing::SameEvent(e, events[n++]));
      EXPECT_EQ(n, 2);
    }
  }
}

TEST(TickReaderTest, InputOffsetEndsAtTheInflatedSizeInEveryReader) {
  std::string trades;  // an importer format, lines of varying length
  for (int i = 0; i < 3000; ++i) {
    trades += std::to_string(3'735'683'259 + i) + ",61837." + std::to_string(i) + ",0.02," +
              std::to_string(i * 7) + ".5," + std::to_string(1'723'161'255'342 + i) + ",True,True\n";
  }
  std::vector<Event> events;
  for (int i = 0; i < 3000; ++i) events.push_back(Quote(i + 1, i % 2, 100, 1 + i, 101, 1));
  for (const bool gzip : {false, true}) {
    SCOPED_TRACE(gzip ? "gzip" : "plain");
    std::vector<std::string> paths = {WriteFile(gzip ? "offset-trades.csv.gz" : "offset-trades.csv",
                                                gzip ? testing::Gzip(trades) : trades)};
    for (const TickFormat format : {TickFormat::kCsv, TickFormat::kBinary}) {
      const std::string path = testing::TempPath("offset-" + std::string(FormatName(format)) +
                                                 (gzip ? ".gz" : ""));
      TickWriter writer(path, {"AAA", "BBB"}, WriteOptions{format, gzip, 1});
      for (const Event& e : events) writer.Write(e);
      writer.Close();
      paths.push_back(path);
    }
    for (const std::string& path : paths) {
      SCOPED_TRACE(path);
      const uint64_t size = testing::Inflate(path).size();
      TickReader reader(path, {});
      EXPECT_EQ(reader.input_expected_size(), size);
      uint64_t previous = 0;
      Event e;
      while (reader.Next(e)) {
        ASSERT_GE(reader.input_offset(), previous);
        previous = reader.input_offset();
      }
      EXPECT_GT(previous, 0u);
      EXPECT_EQ(reader.input_offset(), size);
    }
  }
}

}  // namespace
}  // namespace hftbot::feed
