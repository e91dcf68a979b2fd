#include "feed/tick_writer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/test_files.h"
#include "feed/tick_format.h"

namespace hftbot::feed {
namespace {

using testing::Level;
using testing::Quote;
using testing::ReadFile;
using testing::TempPath;
using testing::Trade;

std::string WriteEvents(const std::string& name, const WriteOptions& options) {
  const std::string path = TempPath(name);
  TickWriter writer(path, {"AAA", "B.B"}, options);
  writer.Write(Quote(1000, 0, 10000, 500, 10002, 750));
  writer.Write(Trade(1001, 1, Side::kAsk, 5, 1));
  writer.Write(Level(1002, 0, Side::kBid, 9999, 0));
  writer.Close();
  EXPECT_EQ(writer.written(), 3u);
  return path;
}

TEST(TickWriterTest, CsvIsTheDocumentedText) {
  EXPECT_EQ(ReadFile(WriteEvents("w.csv", {TickFormat::kCsv, false, 9, 1})),
            "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n"
            "1000,AAA,quote,,100,5,100.02,7.5\n"
            "1001,B.B,trade,ask,0.05,0.01,,\n"
            "1002,AAA,level,bid,99.99,0,,\n");
}

TEST(TickWriterTest, BinaryIsHeaderPlusFixedRecords) {
  const std::string bytes = ReadFile(WriteEvents("w.bin", {TickFormat::kBinary, false, 9, 1}));
  // 24-byte fixed header + (2+3) + (2+3) symbol bytes = 34, padded to 40; 3 records.
  EXPECT_EQ(bytes.size(), 40u + 3 * 48);
  EXPECT_EQ(bytes.substr(0, 8), "HFTTICKS");
  EXPECT_EQ(bytes.substr(26, 3), "AAA");
}

TEST(TickWriterTest, GzipOutputIsDeterministic) {
  const std::string a = ReadFile(WriteEvents("a.csv.gz", {TickFormat::kCsv, true, 9, 1}));
  const std::string b = ReadFile(WriteEvents("b.csv.gz", {TickFormat::kCsv, true, 9, 1}));
  ASSERT_GE(a.size(), 10u);
  EXPECT_EQ(static_cast<unsigned char>(a[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(a[1]), 0x8b);
  EXPECT_EQ(a, b);
}

TEST(TickWriterTest, RefusesWhatTheFormatsCannotCarry) {
  EXPECT_THROW(TickWriter(TempPath("x"), {"A"}, {TickFormat::kAuto, false, 9, 1}),
               std::invalid_argument);
  EXPECT_THROW(TickWriter(TempPath("x"), {"A B"}, {TickFormat::kCsv, false, 9, 1}),
               std::invalid_argument);
  TickWriter writer(TempPath("x.csv"), {"A"}, {TickFormat::kCsv, false, 9, 1});
  Event unknown_symbol = Quote(1, 1, 1, 1, 2, 1);
  EXPECT_THROW(writer.Write(unknown_symbol), std::invalid_argument);
  Event order;
  order.kind = EventKind::kOrderAdd;
  EXPECT_THROW(writer.Write(order), std::invalid_argument);
}

TEST(TickWriterTest, UnwritablePathIsAnInputError) {
  EXPECT_THROW(TickWriter(TempPath("no/such/dir/x.csv"), {"A"}, {TickFormat::kCsv, false, 9, 1}),
               InputError);
}

}  // namespace
}  // namespace hftbot::feed
