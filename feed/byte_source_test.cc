#include "feed/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <string>

#include "feed/input_error.h"
#include "feed/test_files.h"

namespace hftbot::feed {
namespace {

using testing::TempPath;
using testing::Gzip;
using testing::WriteFile;

// Drains a source the way readers do: consume everything but `keep_tail` bytes each
// time, so carried tails are exercised.
std::string Drain(ByteSource& source, size_t keep_tail) {
  std::string out;
  size_t keep = 0;
  while (true) {
    const std::string_view view = source.Refill(keep);
    if (view.size() == keep) {
      out.append(view);
      return out;
    }
    const size_t consume = view.size() > keep_tail ? view.size() - keep_tail : 0;
    out.append(view.substr(0, consume));
    keep = view.size() - consume;
  }
}

std::string Pattern(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

TEST(ByteSourceTest, LargePlainFileComesInWindowsWithCarriedTails) {
  const std::string data = Pattern(20'000'000);  // larger than the 8 MiB window
  auto source = OpenByteSource(WriteFile("large.txt", data));
  EXPECT_EQ(Drain(*source, 7), data);
}

TEST(ByteSourceTest, PlainFileIsOneMappedView) {
  const std::string data = Pattern(10'000);
  auto source = OpenByteSource(WriteFile("plain.txt", data));
  EXPECT_FALSE(source->compressed());
  EXPECT_EQ(Drain(*source, 5), data);
}

TEST(ByteSourceTest, GzipIsInflatedAcrossSmallChunksWithCarriedTails) {
  const std::string data = Pattern(100'000);
  for (size_t keep_tail : {0, 1, 47, 200}) {
    auto source = OpenByteSource(WriteFile("small.gz", Gzip(data)), 64);
    EXPECT_TRUE(source->compressed());
    EXPECT_EQ(Drain(*source, keep_tail), data) << keep_tail;
  }
}

TEST(ByteSourceTest, ConcatenatedGzipMembersReadAsOneStream) {
  const std::string a = Pattern(3000);
  const std::string b = "second member";
  auto source = OpenByteSource(WriteFile("two.gz", Gzip(a) + Gzip(b)), 128);
  EXPECT_EQ(Drain(*source, 3), a + b);
}

TEST(ByteSourceTest, TruncatedGzipThrows) {
  const std::string gz = Gzip(Pattern(50'000));
  auto source = OpenByteSource(WriteFile("cut.gz", gz.substr(0, gz.size() / 2)));
  try {
    Drain(*source, 0);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("truncated gzip"), std::string::npos) << e.what();
  }
}

TEST(ByteSourceTest, CorruptGzipThrows) {
  std::string gz = Gzip(Pattern(50'000));
  for (size_t i = 20; i < 60; ++i) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  auto source = OpenByteSource(WriteFile("corrupt.gz", gz));
  EXPECT_THROW(Drain(*source, 0), InputError);
}

TEST(ByteSourceTest, EmptyFileGivesEmptyView) {
  auto source = OpenByteSource(WriteFile("empty", ""));
  EXPECT_EQ(Drain(*source, 0), "");
}

TEST(ByteSourceTest, MissingFileNamesThePath) {
  try {
    OpenByteSource(TempPath("does-not-exist.csv"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(e.where().find("does-not-exist.csv"), std::string::npos);
    EXPECT_NE(e.reason().find("cannot open"), std::string::npos);
  }
}

TEST(ByteSourceTest, GzipMagicIsTheFirstTwoBytes) {
  EXPECT_TRUE(HasGzipMagic("\x1f\x8b\x08"));
  EXPECT_FALSE(HasGzipMagic("\x1f"));
  EXPECT_FALSE(HasGzipMagic("ts_ns"));
}

}  // namespace
}  // namespace hftbot::feed
