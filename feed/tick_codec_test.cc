#include "feed/tick_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "feed/event.h"
#include "feed/symbol_table.h"

namespace hftbot::feed {
namespace {

std::string Format(const Event& event, std::string_view symbol) {
  char line[kMaxCsvLine];
  return std::string(line, FormatCsvLine(event, symbol, line));
}

TEST(TickCodecTest, CsvLineRoundTripsEveryKind) {
  SymbolTable symbols;
  for (const char* text :
       {"1700000000000000000,BTC-USD,quote,,42000.5,0.00000001,42000.51,3\n",
        "1,A,trade,bid,0.0001,100,,\n", "2,A,trade,ask,1,1,,\n", "3,A,trade,,1,1,,\n",
        "4,A,level,bid,99.99,0,,\n", "5,A,level,ask,100.01,12.5,,\n"}) {
    const std::string_view line(text);
    Event event;
    Problem problem;
    ASSERT_TRUE(ParseCsvLine(line.substr(0, line.size() - 1), symbols, event, problem))
        << text << problem.detail;
    EXPECT_EQ(Format(event, symbols.Name(event.symbol)), line);
  }
}

TEST(TickCodecTest, LongestLineFits) {
  Event event;
  event.ts_ns = INT64_MAX;
  event.price = event.quantity = event.ask_price = event.ask_quantity = INT64_MIN;
  const std::string symbol(kMaxSymbolLength, 'X');
  EXPECT_LE(Format(event, symbol).size(), kMaxCsvLine);
}

TEST(TickCodecTest, BinaryRecordRoundTrips) {
  Event event;
  event.ts_ns = 1'700'000'000'123'456'789;
  event.price = 123;
  event.quantity = 456;
  event.ask_price = 789;
  event.ask_quantity = 1;
  event.symbol = 2;
  char record[kBinaryRecordSize];
  EncodeBinaryRecord(event, record);
  Event back;
  Problem problem;
  ASSERT_TRUE(DecodeBinaryRecord(record, 3, back, problem)) << problem.detail;
  EXPECT_EQ(back.ts_ns, event.ts_ns);
  EXPECT_EQ(back.price, 123);
  EXPECT_EQ(back.ask_quantity, 1);
  EXPECT_EQ(back.symbol, 2u);
  EXPECT_FALSE(DecodeBinaryRecord(record, 2, back, problem));
  EXPECT_EQ(problem.key, "bad_symbol");
}

TEST(TickCodecTest, BinaryHeaderIsPaddedToEightBytes) {
  const std::string header = EncodeBinaryHeader({"AAA", "BBB"});
  EXPECT_EQ(header.size(), 40u);
  EXPECT_EQ(header.substr(0, 8), kBinaryMagic);
  const BinaryHeader decoded = DecodeBinaryFixedHeader(header);
  EXPECT_EQ(decoded.version, kBinaryVersion);
  EXPECT_EQ(decoded.record_size, kBinaryRecordSize);
  EXPECT_EQ(decoded.symbol_count, 2u);
  EXPECT_EQ(decoded.header_size, 40u);
}

TEST(TickCodecTest, SymbolNames) {
  EXPECT_TRUE(IsValidSymbolName("BTC-USD"));
  EXPECT_TRUE(IsValidSymbolName("ES.Z26"));
  EXPECT_FALSE(IsValidSymbolName(""));
  EXPECT_FALSE(IsValidSymbolName("A B"));
  EXPECT_FALSE(IsValidSymbolName("A,B"));
  EXPECT_FALSE(IsValidSymbolName("\"A\""));
  EXPECT_FALSE(IsValidSymbolName(std::string(kMaxSymbolLength + 1, 'A')));
}

TEST(TickCodecTest, ValidateEventRules) {
  Problem problem;
  Event level;
  level.kind = EventKind::kLevelUpdate;
  level.side = Side::kBid;
  level.price = 1;
  level.quantity = 0;  // removes the level: allowed
  EXPECT_TRUE(ValidateEvent(level, problem));
  level.quantity = -1;
  EXPECT_FALSE(ValidateEvent(level, problem));
  EXPECT_EQ(problem.key, "bad_quantity");

  Event quote;
  quote.kind = EventKind::kQuote;
  quote.price = 10;
  quote.ask_price = 11;
  EXPECT_TRUE(ValidateEvent(quote, problem));
  quote.side = Side::kBid;
  EXPECT_FALSE(ValidateEvent(quote, problem));
  EXPECT_EQ(problem.key, "bad_side");

  Event order;
  order.kind = EventKind::kOrderAdd;
  EXPECT_FALSE(ValidateEvent(order, problem));
  EXPECT_EQ(problem.key, "bad_kind");
}

}  // namespace
}  // namespace hftbot::feed
