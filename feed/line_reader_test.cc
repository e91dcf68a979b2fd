#include "feed/line_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "feed/input_error.h"
#include "feed/test_files.h"

namespace hftbot::feed {
namespace {

using testing::Gzip;
using testing::WriteFile;

std::vector<std::string> AllLines(LineReader& reader) {
  std::vector<std::string> lines;
  std::string_view line;
  while (reader.ReadLine(line)) lines.emplace_back(line);
  return lines;
}

TEST(LineReaderTest, SplitsOnNewlineAndCrLfAndKeepsAnUnterminatedLastLine) {
  const std::string text = "a,b\r\n\nthird\nlast";
  LineReader reader(WriteFile("lines.csv", text));
  EXPECT_EQ(AllLines(reader), (std::vector<std::string>{"a,b", "", "third", "last"}));
  EXPECT_EQ(reader.line_number(), 4u);
  EXPECT_EQ(reader.offset(), text.size());
  EXPECT_FALSE(reader.compressed());
}

TEST(LineReaderTest, AnEmptyFileHasNoLinesEvenWhenAskedAgain) {
  LineReader reader(WriteFile("empty.csv", ""));
  std::string_view line;
  EXPECT_FALSE(reader.ReadLine(line));
  EXPECT_FALSE(reader.ReadLine(line));  // the view is still empty: no memchr on it
  EXPECT_EQ(reader.line_number(), 0u);
  EXPECT_EQ(reader.offset(), 0u);
}

TEST(LineReaderTest, LinesThatStraddleGzipChunksArriveWhole) {
  // The gzip source inflates 1 MiB chunks: lines of every length up to 3 MiB cross
  // chunk boundaries at every offset, and one line is longer than a chunk.
  std::vector<std::string> expected;
  std::string text;
  for (int i = 0; i < 40'000; ++i) {
    expected.push_back(std::to_string(i) + std::string(static_cast<size_t>(i * 7919 % 97), 'x'));
  }
  expected.push_back(std::string(3 << 20, 'L'));
  expected.push_back("after the long one");
  for (const std::string& line : expected) text += line + "\n";
  ASSERT_GT(text.size(), size_t{4} << 20);

  LineReader reader(WriteFile("chunks.csv.gz", Gzip(text)));
  EXPECT_TRUE(reader.compressed());
  EXPECT_EQ(reader.expected_size(), text.size());
  const std::vector<std::string> lines = AllLines(reader);
  ASSERT_EQ(lines.size(), expected.size());
  for (size_t i = 0; i < lines.size(); ++i) ASSERT_EQ(lines[i], expected[i]) << "line " << i + 1;
  EXPECT_EQ(reader.offset(), text.size());
}

TEST(LineReaderTest, FixedSizeRecordsAreContiguousAndATruncatedTailStaysUnread) {
  constexpr size_t kRecord = 48;
  std::string bytes;
  for (size_t i = 0; bytes.size() < (size_t{3} << 20); ++i) {
    bytes += std::string(kRecord, static_cast<char>('a' + i % 26));
  }
  const size_t records = bytes.size() / kRecord;
  bytes += "tail";  // 4 bytes of a record that never ends

  LineReader reader(WriteFile("records.bin.gz", Gzip(bytes)));
  size_t read = 0;
  while (reader.Ensure(kRecord)) {
    const std::string_view record = reader.Peek().substr(0, kRecord);
    ASSERT_EQ(record, std::string(kRecord, static_cast<char>('a' + read % 26))) << "record " << read;
    reader.Consume(kRecord);
    ++read;
  }
  EXPECT_EQ(read, records);
  EXPECT_EQ(reader.Peek(), "tail");
  EXPECT_EQ(reader.offset(), records * kRecord);
  reader.Consume(4);
  EXPECT_EQ(reader.offset(), bytes.size());
  EXPECT_EQ(reader.line_number(), 0u);  // records are not lines
}

TEST(LineReaderTest, AMissingFileIsAnInputErrorNamingIt) {
  const std::string path = testing::TempPath("no-such-file.csv");
  try {
    LineReader reader(path);
    FAIL() << "no error for a missing file";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hftbot::feed
