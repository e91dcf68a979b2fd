#include "feed/byte_source.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <string>
#include <thread>
#include <utility>

#include "feed/input_error.h"
#include "feed/test_files.h"

namespace hftbot::feed {
namespace {

using testing::TempPath;
using testing::Gzip;
using testing::GzipWithHeaderFields;
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

TEST(ByteSourceTest, ExpectedSizeIsThePlainFilesSize) {
  const std::string data = Pattern(10'000);
  EXPECT_EQ(OpenByteSource(WriteFile("sized.txt", data))->expected_size(), data.size());
}

TEST(ByteSourceTest, ExpectedSizeOfGzipIsItsInflatedSize) {
  const std::string data = Pattern(100'000);
  EXPECT_EQ(OpenByteSource(WriteFile("sized.gz", Gzip(data)), 64)->expected_size(), data.size());
}

TEST(ByteSourceTest, GzipDeclaredSizeIsTheLastMembersWhenPlausible) {
  const std::string a = Pattern(30'000);
  const std::string b = Pattern(20'000);
  // Concatenated members: only the last trailer is read, an undercount (a hint).
  EXPECT_EQ(GzipDeclaredSize(Gzip(a) + Gzip(b)), b.size());
  // Smaller than the compressed bytes (a wrapped or tiny member): unknown.
  EXPECT_EQ(GzipDeclaredSize(Gzip(a) + Gzip("x")), 0u);
  EXPECT_EQ(GzipDeclaredSize(Gzip("")), 0u);
  EXPECT_EQ(GzipDeclaredSize("\x1f\x8b"), 0u);
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

// What a reader gets from a whole source: every byte handed out, then the error's
// reason (empty when the source ended cleanly).
struct Drained {
  std::string bytes;
  std::string error;
};

Drained DrainCatching(const std::string& path, size_t chunk_bytes) {
  Drained out;
  try {
    auto source = OpenByteSource(path, chunk_bytes);
    for (std::string_view view = source->Refill(0); !view.empty(); view = source->Refill(0)) {
      out.bytes.append(view);
    }
  } catch (const InputError& e) {
    out.error = e.reason();
  }
  return out;
}

bool Contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// The bytes handed out before an error are a prefix of `data` missing at most the
// chunk that was being inflated when the error was found.
void ExpectPrefixUpToOneChunk(const std::string& got, const std::string& data, size_t chunk_bytes) {
  ASSERT_LE(got.size(), data.size());
  EXPECT_TRUE(got == data.substr(0, got.size())) << "the bytes before the error are the file's, in order";
  EXPECT_GE(got.size() + chunk_bytes, data.size()) << "only the chunk with the error may be missing";
}

TEST(ByteSourceTest, EmptyGzipMembersAddNothing) {
  const Drained alone = DrainCatching(WriteFile("empty-member.gz", Gzip("")), 64);
  EXPECT_EQ(alone.error, "");
  EXPECT_EQ(alone.bytes, "");
  const std::string a = Pattern(5000);
  const std::string b = "after the empty members";
  const std::string path = WriteFile("empty-members.gz", Gzip("") + Gzip(a) + Gzip("") + Gzip("") + Gzip(b) + Gzip(""));
  for (size_t chunk : {size_t{64}, size_t{1} << 20}) {
    const Drained got = DrainCatching(path, chunk);
    EXPECT_EQ(got.error, "") << chunk;
    EXPECT_TRUE(got.bytes == a + b) << chunk;
  }
}

// Whatever follows a member must be another member. Two bytes that are not the gzip
// magic already make it corrupt data (not a member cut short), as zlib reported it; one
// byte is too few to tell and reads as a truncated header.
TEST(ByteSourceTest, GarbageAfterAGzipMemberIsCorrupt) {
  const std::string a = Pattern(5000);
  for (const std::string& garbage : {std::string("trailing text\n"), std::string(16, '\0'), std::string("xy")}) {
    const Drained got = DrainCatching(WriteFile("garbage.gz", Gzip(a) + garbage), 64);
    EXPECT_TRUE(Contains(got.error, "corrupt gzip")) << garbage.size() << " bytes: " << got.error;
    ExpectPrefixUpToOneChunk(got.bytes, a, 64);
  }
  const Drained one = DrainCatching(WriteFile("garbage1.gz", Gzip(a) + "x"), 64);
  EXPECT_TRUE(Contains(one.error, "truncated gzip")) << one.error;
}

// RFC 1952 makes a decompressor refuse a header with a reserved flag bit set (its
// meaning is unknown: it may announce a field we would misread as data).
TEST(ByteSourceTest, GzipHeaderWithReservedFlagsOrAnotherMethodIsCorrupt) {
  const std::string a = Pattern(1000);
  // (offset, value): FLG with reserved bit 5, with bit 7, then CM 7 instead of deflate's 8.
  const std::pair<size_t, char> damages[] = {{3, '\x20'}, {3, '\x80'}, {2, '\x07'}};
  for (const auto& [at, value] : damages) {
    std::string damaged = Gzip(a);
    damaged[at] = value;
    for (const std::string& gz : {damaged, Gzip(a) + damaged}) {
      const Drained got = DrainCatching(WriteFile("reserved.gz", gz), 1 << 20);
      EXPECT_TRUE(Contains(got.error, "corrupt gzip")) << "byte " << at << ": " << got.error;
    }
  }
}

// A header may carry FEXTRA, FNAME, FCOMMENT and FHCRC (gzip -N writes a name); they are
// skipped, in every member, and the header CRC is checked.
TEST(ByteSourceTest, GzipHeaderOptionalFieldsAreSkippedAndTheirCrcChecked) {
  const std::string a = Pattern(5000);
  const std::string b = "second member";
  const std::string first = GzipWithHeaderFields(a);
  ASSERT_EQ(first[3], '\x1e') << "FHCRC | FEXTRA | FNAME | FCOMMENT";
  const std::string path = WriteFile("fields.gz", first + GzipWithHeaderFields(b));
  for (size_t chunk : {size_t{64}, size_t{1} << 20}) {
    const Drained got = DrainCatching(path, chunk);
    EXPECT_EQ(got.error, "") << chunk;
    EXPECT_TRUE(got.bytes == a + b) << chunk;
  }
  std::string bad_crc = first;
  bad_crc[testing::kHeaderFieldsCrcAt] = static_cast<char>(bad_crc[testing::kHeaderFieldsCrcAt] ^ 0x01);
  const Drained got = DrainCatching(WriteFile("bad-hcrc.gz", bad_crc), 64);
  EXPECT_TRUE(Contains(got.error, "corrupt gzip")) << got.error;
  EXPECT_EQ(got.bytes, "");
}

// Every proper prefix of a gzip stream ends inside a member (its header, its data or
// its trailer), so each one is the same error: a truncated stream.
TEST(ByteSourceTest, EveryCutOfAGzipStreamIsTruncated) {
  const std::string first = GzipWithHeaderFields(Pattern(3000));
  const std::string gz = first + Gzip("second");
  for (size_t cut = 2; cut < gz.size(); ++cut) {
    if (cut == first.size()) continue;  // the first member whole: a complete stream
    const Drained got = DrainCatching(WriteFile("cut.gz", gz.substr(0, cut)), 1 << 20);
    EXPECT_TRUE(Contains(got.error, "truncated gzip")) << "cut at " << cut << " of " << gz.size() << ": " << got.error;
  }
}

// The trailer's ISIZE (the member's length modulo 2^32) is checked as well as its CRC32,
// in the last member and in one followed by another.
TEST(ByteSourceTest, WrongGzipLengthInTheTrailerIsCorrupt) {
  const std::string a = Pattern(5000);
  std::string wrong_length = Gzip(a);
  wrong_length[wrong_length.size() - 4] = static_cast<char>(wrong_length[wrong_length.size() - 4] ^ 0x01);
  for (const std::string& gz : {wrong_length, wrong_length + Gzip("second member")}) {
    const Drained got = DrainCatching(WriteFile("isize.gz", gz), 64);
    EXPECT_TRUE(Contains(got.error, "corrupt gzip")) << gz.size() << ": " << got.error;
    ExpectPrefixUpToOneChunk(got.bytes, a, 64);
  }
}

// The inflating thread hands over the chunks before the damaged one, in order, and then
// the error: a bad CRC in the trailer is found once the last chunk is inflated. The
// short file is read after a pause, so the thread has queued every chunk and the error
// by then: an error that overtook the queued chunks would lose them.
TEST(ByteSourceTest, GzipErrorComesAfterTheChunksBeforeIt) {
  for (size_t size : {size_t{10'000}, size_t{300'000}}) {
    const std::string data = Pattern(size);
    std::string gz = Gzip(data);
    gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0xff);  // the CRC32 of the trailer
    auto source = OpenByteSource(WriteFile("bad_crc.gz", gz), 4096);
    if (size < 3 * 4096) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::string got;
    size_t keep = 0;
    try {
      for (;;) {
        const std::string_view view = source->Refill(keep);
        if (view.size() == keep) break;
        got.append(view.substr(keep));
        keep = std::min<size_t>(view.size(), 17);
      }
      ADD_FAILURE() << "expected InputError";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("corrupt gzip"), std::string::npos) << e.what();
    }
    ASSERT_LE(got.size(), data.size());
    EXPECT_TRUE(got == data.substr(0, got.size())) << "the bytes before the error are the file's, in order";
    EXPECT_GE(got.size() + 4096, data.size()) << size << ": only the damaged chunk may be missing";
  }
}

// A reader may stop long before the end (an error in a record, a stop signal): the
// source, and the thread inflating ahead of it, end without draining the file.
TEST(ByteSourceTest, GzipReaderStoppingEarlyEndsTheSource) {
  const std::string data = Pattern(2'000'000);
  const std::string path = WriteFile("long.gz", Gzip(data));
  for (int stop_after : {0, 1, 5}) {
    auto source = OpenByteSource(path, 4096);
    std::string got;
    for (int i = 0; i < stop_after; ++i) got.append(source->Refill(0));
    EXPECT_TRUE(got == data.substr(0, got.size())) << "stopping after " << stop_after << " chunks";
    source.reset();  // joins the inflating thread; a hang here fails by timeout
  }
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
