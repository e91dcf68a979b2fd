// Mutation fuzzing of the tick readers with a fixed seed: damaged files must either be
// refused as a whole with an InputError or load with every record accounted for, and
// never crash, hang or let a bad tick through.

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/source_records.h"
#include "feed/test_files.h"
#include "feed/tick_codec.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"
#include "feed/tick_generator.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

using testing::Gzip;
using testing::Inflate;
using testing::ReadFile;
using testing::TempPath;
using testing::WriteFile;

std::string Source(const std::string& name, TickFormat format, bool gzip) {
  GeneratorOptions gen;
  gen.events = 500;
  gen.seed = 99;
  TickGenerator generator(gen);
  const std::string path = TempPath(name);
  TickWriter writer(path, gen.symbols, {format, gzip, 6});
  Event event;
  while (generator.Next(event)) writer.Write(event);
  writer.Close();
  return ReadFile(path);
}

std::string Mutate(std::string bytes, std::mt19937_64& rng) {
  const int edits = 1 + static_cast<int>(rng() % 6);
  for (int i = 0; i < edits && !bytes.empty(); ++i) {
    const size_t at = rng() % bytes.size();
    switch (rng() % 6) {
      case 0:
        bytes[at] = static_cast<char>(rng());
        break;
      case 1:
        bytes[at] = "0123456789.,-\n\r abcnif"[rng() % 23];
        break;
      case 2:
        bytes.insert(at, 1, static_cast<char>(rng()));
        break;
      case 3:
        bytes.erase(at, 1 + rng() % 8);
        break;
      case 4:
        bytes.resize(at);
        break;
      default:
        bytes.insert(at, bytes.substr(rng() % bytes.size(), 1 + rng() % 64));
        break;
    }
  }
  return bytes;
}

// Records a reader must count in an uncompressed file it accepted.
uint64_t ExpectedRecords(const std::string& bytes, TickFormat format) {
  if (format == TickFormat::kCsv) {
    const size_t header_end = bytes.find('\n');
    if (header_end == std::string::npos) return 0;
    uint64_t lines = 0;
    for (size_t i = header_end + 1; i < bytes.size(); ++i) lines += bytes[i] == '\n';
    if (bytes.size() > header_end + 1 && bytes.back() != '\n') ++lines;
    return lines;
  }
  const BinaryHeader header = DecodeBinaryFixedHeader(bytes);
  return (bytes.size() - header.header_size + kBinaryRecordSize - 1) / kBinaryRecordSize;
}

void Fuzz(TickFormat format, bool gzip, int iterations) {
  const std::string source = Source("fuzz-src", format, gzip);
  const std::string plain_source = gzip ? Source("fuzz-plain-src", format, false) : source;
  std::mt19937_64 rng(static_cast<uint64_t>(format) * 2 + gzip);
  int accepted = 0;
  int accepted_intact_gzip = 0;
  for (int i = 0; i < iterations; ++i) {
    // gzip: even iterations damage the compressed stream (which must then be refused),
    // odd ones damage the text and compress it intact, so the records inside count.
    const bool damage_text = gzip && i % 2 == 1;
    const std::string plain = damage_text ? Mutate(plain_source, rng) : std::string();
    const std::string bytes = damage_text ? Gzip(plain) : Mutate(source, rng);
    const std::string path = WriteFile("fuzz", bytes);
    LoadedTicks ticks;
    try {
      ticks = LoadTickFile(path, {TickFormat::kAuto, OnBadTick::kSkip, {}, true});
    } catch (const InputError&) {
      continue;  // refused as a whole: fine
    }
    ++accepted;
    accepted_intact_gzip += damage_text;
    // read is counted record by record; the expected count comes from the bytes alone
    // (inflated for gzip), and the line/slot count from the byte layer.
    if (ticks.format == format) {
      ASSERT_EQ(ticks.read, ExpectedRecords(!gzip ? bytes : damage_text ? plain : Inflate(path), format))
          << "iteration " << i;
    }
    ASSERT_EQ(CheckSourceRecords(ticks.records_in_source), "") << "iteration " << i;
    for (const SymbolStream& stream : ticks.symbols) {
      for (size_t k = 0; k < stream.events.size(); ++k) {
        Problem problem;
        ASSERT_TRUE(ValidateEvent(stream.events[k], problem)) << problem.detail;
        if (k > 0) {
          ASSERT_GE(stream.events[k].ts_ns, stream.events[k - 1].ts_ns);
        }
      }
    }
  }
  // Most mutations leave the header alone, so most plain files must still load; gzip's
  // CRC catches nearly every damaged compressed file, which must then be refused.
  if (!gzip) {
    EXPECT_GT(accepted, iterations / 2);
  } else {
    EXPECT_GT(accepted_intact_gzip, iterations / 4);
  }
}

TEST(TickReaderFuzzTest, Csv) { Fuzz(TickFormat::kCsv, false, 1500); }
TEST(TickReaderFuzzTest, Binary) { Fuzz(TickFormat::kBinary, false, 1500); }
TEST(TickReaderFuzzTest, CsvGzip) { Fuzz(TickFormat::kCsv, true, 500); }
TEST(TickReaderFuzzTest, BinaryGzip) { Fuzz(TickFormat::kBinary, true, 500); }

}  // namespace
}  // namespace hftbot::feed
