#include "feed/tick_convert.h"

#include <gtest/gtest.h>

#include <string>

#include "feed/input_error.h"
#include "feed/test_files.h"
#include "feed/tick_format.h"
#include "feed/tick_generator.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

using testing::ReadFile;
using testing::TempPath;

std::string Generate(const std::string& name, const WriteOptions& options) {
  GeneratorOptions gen;
  gen.symbols = {"X", "YY", "ZZZ"};
  gen.events = 20'000;
  gen.seed = 11;
  TickGenerator generator(gen);
  const std::string path = TempPath(name);
  TickWriter writer(path, gen.symbols, options);
  Event event;
  while (generator.Next(event)) writer.Write(event);
  writer.Close();
  return path;
}

TEST(TickConvertTest, CsvToBinaryToCsvIsByteExact) {
  const std::string csv = Generate("c.csv", {TickFormat::kCsv, false, 9, 1});
  const std::string bin = TempPath("c.bin.gz");
  const std::string back = TempPath("c2.csv");
  const ConvertResult to_bin =
      ConvertTickFile(csv, TickFormat::kAuto, bin, {TickFormat::kBinary, true, 9, 1});
  EXPECT_EQ(to_bin.events, 20'000u);
  EXPECT_EQ(to_bin.symbols, 3u);
  ConvertTickFile(bin, TickFormat::kAuto, back, {TickFormat::kCsv, false, 9, 1});
  EXPECT_EQ(ReadFile(back), ReadFile(csv));
}

TEST(TickConvertTest, BinaryToCsvToBinaryIsByteExact) {
  const std::string bin = Generate("b.bin", {TickFormat::kBinary, false, 9, 1});
  const std::string csv = TempPath("b.csv.gz");
  const std::string back = TempPath("b2.bin");
  ConvertTickFile(bin, TickFormat::kAuto, csv, {TickFormat::kCsv, true, 6, 1});
  ConvertTickFile(csv, TickFormat::kCsv, back, {TickFormat::kBinary, false, 9, 1});
  EXPECT_EQ(ReadFile(back), ReadFile(bin));
}

TEST(TickConvertTest, RefusesABadInputAndNamesTheLine) {
  const std::string csv =
      testing::WriteFile("bad.csv",
                         "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity\n"
                         "1,A,quote,,2,1,1,1\n");
  try {
    ConvertTickFile(csv, TickFormat::kAuto, TempPath("bad.bin"), {TickFormat::kBinary, false, 9, 1});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), csv + ":2");
  }
}

TEST(TickConvertTest, RefusesToOverwriteItsInput) {
  const std::string csv = Generate("self.csv", {TickFormat::kCsv, false, 9, 1});
  EXPECT_THROW(ConvertTickFile(csv, TickFormat::kAuto, csv, {TickFormat::kBinary, false, 9, 1}),
               InputError);
}

}  // namespace
}  // namespace hftbot::feed
