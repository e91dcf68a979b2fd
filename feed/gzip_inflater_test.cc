#include "feed/gzip_inflater.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "feed/input_error.h"
#include "feed/test_files.h"

namespace hftbot::feed {
namespace {

using testing::Gzip;
using testing::GzipWithHeaderFields;

// Input fed this few bytes per call splits every header, block and trailer somewhere.
constexpr size_t kSlices[] = {1, 2, 3, 5, 8, 13, 64, 1000, GzipInflater::kMaxSlice};

struct Inflated {
  std::string bytes;
  std::string error;  // the InputError's reason, empty when the stream ended cleanly
};

Inflated InflateAll(std::string_view gz, size_t max_slice, size_t chunk) {
  GzipInflater inflater(gz, "test.gz", max_slice);
  Inflated out;
  std::string buffer(chunk, '\0');
  try {
    while (!inflater.finished()) {
      const size_t before = inflater.consumed();
      const size_t n = inflater.InflateInto(buffer.data(), chunk);
      out.bytes.append(buffer, 0, n);
      EXPECT_GE(inflater.consumed(), before);
      if (n < chunk) {
        EXPECT_TRUE(inflater.finished()) << "a short chunk only at the end";
      }
    }
  } catch (const InputError& e) {
    out.error = e.reason();
    return out;
  }
  EXPECT_EQ(inflater.consumed(), gz.size()) << "every byte read at the end";
  EXPECT_EQ(inflater.InflateInto(buffer.data(), chunk), 0u);
  return out;
}

std::string Pattern(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

// A member whose header has every optional field, FHCRC included, then an empty member
// and a plain one: every header state, the data and every trailer get split.
struct ThreeMembers {
  std::string data;
  std::string gz;
  size_t first_end = 0;  // one past the first member
  size_t second_end = 0;
};

ThreeMembers MakeThreeMembers() {
  const std::string a = Pattern(20'000);
  const std::string b = "the last member";
  ThreeMembers m;
  m.gz = GzipWithHeaderFields(a);
  m.first_end = m.gz.size();
  m.gz += Gzip("");
  m.second_end = m.gz.size();
  m.gz += Gzip(b);
  m.data = a + b;
  return m;
}

TEST(GzipInflaterTest, InflatesEveryMemberWhereverTheInputIsSplit) {
  const ThreeMembers m = MakeThreeMembers();
  for (size_t slice : kSlices) {
    for (size_t chunk : {size_t{1}, size_t{7}, size_t{4096}}) {
      const Inflated got = InflateAll(m.gz, slice, chunk);
      EXPECT_EQ(got.error, "") << "slice " << slice << ", chunk " << chunk;
      EXPECT_TRUE(got.bytes == m.data) << "slice " << slice << ", chunk " << chunk;
    }
  }
}

TEST(GzipInflaterTest, EveryCutIsTruncatedWhereverTheInputIsSplit) {
  const ThreeMembers m = MakeThreeMembers();
  for (size_t slice : {size_t{1}, size_t{3}, GzipInflater::kMaxSlice}) {
    for (size_t cut = 2; cut < m.gz.size(); ++cut) {
      if (cut == m.first_end || cut == m.second_end) continue;  // whole members: a complete stream
      const Inflated got = InflateAll(std::string_view(m.gz).substr(0, cut), slice, 4096);
      ASSERT_NE(got.error.find("truncated gzip"), std::string::npos)
          << "slice " << slice << ", cut at " << cut << " of " << m.gz.size() << ": " << got.error;
    }
  }
}

// The trailer, split between calls, is still checked: CRC32 and ISIZE, in the first
// member and in the last.
TEST(GzipInflaterTest, DamagedTrailersAreCorruptWhereverTheInputIsSplit) {
  const ThreeMembers m = MakeThreeMembers();
  for (size_t trailer_byte : {m.first_end - 8, m.first_end - 1, m.gz.size() - 8, m.gz.size() - 4}) {
    std::string gz = m.gz;
    gz[trailer_byte] = static_cast<char>(gz[trailer_byte] ^ 0x10);
    for (size_t slice : {size_t{1}, size_t{5}, GzipInflater::kMaxSlice}) {
      const Inflated got = InflateAll(gz, slice, 4096);
      EXPECT_NE(got.error.find("corrupt gzip"), std::string::npos)
          << "byte " << trailer_byte << ", slice " << slice << ": " << got.error;
    }
  }
}

}  // namespace
}  // namespace hftbot::feed
