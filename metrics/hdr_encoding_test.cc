#include "metrics/hdr_encoding.h"

#include <zlib.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/histogram.h"
#include "metrics/hlog_testing.h"

namespace hftbot::metrics {
namespace {

constexpr int64_t kHour = 3'600'000'000'000;  // ns

Histogram LogNormal(int64_t lowest, int64_t highest, int figures, uint64_t seed, int n) {
  Histogram h(lowest, highest, figures);
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> dist(std::log(20'000.0), 1.5);
  for (int i = 0; i < n; ++i) {
    (void)h.Record(std::min<int64_t>(highest, lowest + static_cast<int64_t>(dist(rng))));
  }
  return h;
}

// Decoding what we encoded gives back every bucket's count, and the extremes to
// the bucket, which is all HdrHistogram's encoding holds.
void ExpectSameBuckets(const Histogram& original, const Histogram& decoded) {
  ExpectSameCounts(decoded, original);
  if (original.Count() > 0) {
    EXPECT_EQ(decoded.Min(), original.LowestEquivalentValue(original.Min()));
    EXPECT_EQ(decoded.Max(), original.HighestEquivalentValue(original.Max()));
  }
  for (double p : {0.0, 1.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
    EXPECT_EQ(decoded.ValueAtPercentile(p), original.ValueAtPercentile(p)) << p;
  }
  EXPECT_EQ(decoded.Mean(), original.Mean());
  EXPECT_EQ(decoded.BelowRangeCount(), 0);
  EXPECT_EQ(decoded.OverflowCount(), 0);
}

TEST(HdrEncodingTest, RoundTripKeepsEveryBucket) {
  struct Layout {
    int64_t lowest, highest;
    int figures;
  };
  const Layout layouts[] = {{1, kHour, 3},        {1000, 10'000'000'000, 2}, {1, 1'000'000'000, 1},
                            {7, 1'000'000'000, 4}, {1, INT64_MAX, 3},         {1, 100'000'000, 5}};
  uint64_t seed = 1;
  for (const Layout& l : layouts) {
    SCOPED_TRACE(std::to_string(l.lowest) + ".." + std::to_string(l.highest) + " sig " + std::to_string(l.figures));
    const Histogram original = LogNormal(l.lowest, l.highest, l.figures, seed++, 50'000);
    for (int level : {0, 1, 9}) ExpectSameBuckets(original, DecodeCompressedHistogram(EncodeCompressedHistogram(original, level)));
  }
}

TEST(HdrEncodingTest, EmptyHistogram) {
  const Histogram empty(1, kHour, 3);
  const Histogram decoded = DecodeCompressedHistogram(EncodeCompressedHistogram(empty));
  EXPECT_TRUE(decoded.SameLayoutAs(empty));
  EXPECT_EQ(decoded.Count(), 0);
  EXPECT_EQ(decoded.Max(), 0);
}

TEST(HdrEncodingTest, ExtremeValuesAndCounts) {
  Histogram full(1, INT64_MAX, 3);
  ASSERT_TRUE(full.Record(INT64_MAX));
  ASSERT_TRUE(full.Record(1));
  const Histogram decoded_full = DecodeCompressedHistogram(EncodeCompressedHistogram(full));
  ExpectSameBuckets(full, decoded_full);
  EXPECT_EQ(decoded_full.Max(), INT64_MAX);

  Histogram near_highest(1, 1'000'000, 3);
  ASSERT_TRUE(near_highest.Record(1'000'000));
  ASSERT_TRUE(near_highest.Record(999'999));
  ExpectSameBuckets(near_highest, DecodeCompressedHistogram(EncodeCompressedHistogram(near_highest)));

  // Counts whose ZigZag form needs all 9 bytes (the last one carrying 8 bits).
  for (int64_t count : {INT64_MAX, int64_t{1} << 62, (int64_t{1} << 55) + 3, int64_t{127}, int64_t{64}}) {
    Histogram h(1, kHour, 3);
    ASSERT_TRUE(h.RecordN(77, count));
    const Histogram decoded = DecodeCompressedHistogram(EncodeCompressedHistogram(h));
    EXPECT_EQ(decoded.CountAtIndex(decoded.CountsIndexOf(77)), count);
    EXPECT_EQ(decoded.Count(), count);
  }
}

TEST(HdrEncodingTest, OutOfRangeCountsAreNotEncoded) {
  Histogram h(1, 1'000, 3);
  ASSERT_TRUE(h.Record(5));
  EXPECT_FALSE(h.Record(0));
  EXPECT_FALSE(h.Record(5'000));
  const Histogram decoded = DecodeCompressedHistogram(EncodeCompressedHistogram(h));
  EXPECT_EQ(decoded.Count(), 1);
  EXPECT_EQ(decoded.BelowRangeCount(), 0);
  EXPECT_EQ(decoded.OverflowCount(), 0);
}

// ---- Refusing what is not a V2 integer histogram ---------------------------------

void PutBigEndian(std::string* out, uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) out->push_back(static_cast<char>((value >> shift) & 0xff));
}

struct Header {
  uint32_t cookie = 0x1c849313;
  int32_t figures = 3;
  int64_t lowest = 1;
  int64_t highest = 1'000'000;
  double ratio = 1.0;
  int64_t payload_length = -1;  // -1: the payload's real length
};

// ZigZag LEB128, for values below 2^55 (no 9-byte form needed here).
std::string Varint(int64_t value) {
  uint64_t bits = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  std::string out;
  for (; bits >= 0x80; bits >>= 7) out.push_back(static_cast<char>((bits & 0x7f) | 0x80));
  out.push_back(static_cast<char>(bits));
  return out;
}

// A compressed histogram around a hand-written header and payload (varint bytes).
std::string Crafted(const Header& header, const std::string& payload, uint32_t outer_cookie = 0x1c849314) {
  std::string raw;
  PutBigEndian(&raw, header.cookie, 4);
  PutBigEndian(&raw, header.payload_length < 0 ? payload.size() : static_cast<uint64_t>(header.payload_length), 4);
  PutBigEndian(&raw, 0, 4);
  PutBigEndian(&raw, static_cast<uint64_t>(header.figures), 4);
  PutBigEndian(&raw, static_cast<uint64_t>(header.lowest), 8);
  PutBigEndian(&raw, static_cast<uint64_t>(header.highest), 8);
  PutBigEndian(&raw, std::bit_cast<uint64_t>(header.ratio), 8);
  raw += payload;
  uLongf length = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(length, '\0');
  EXPECT_EQ(compress2(reinterpret_cast<Bytef*>(compressed.data()), &length, reinterpret_cast<const Bytef*>(raw.data()),
                      static_cast<uLong>(raw.size()), 9),
            Z_OK);
  compressed.resize(length);
  std::string out;
  PutBigEndian(&out, outer_cookie, 4);
  PutBigEndian(&out, compressed.size(), 4);
  return out + compressed;
}

std::string DecodeError(const std::string& bytes) {
  try {
    (void)DecodeCompressedHistogram(bytes);
  } catch (const HdrEncodingError& e) {
    return e.what();
  }
  ADD_FAILURE() << "decoded without an error";
  return "";
}

void ExpectError(const std::string& bytes, const std::string& fragment) {
  const std::string error = DecodeError(bytes);
  EXPECT_NE(error.find(fragment), std::string::npos) << "error: " << error << "\nexpected: " << fragment;
}

TEST(HdrEncodingTest, CraftedPayloadDecodes) {
  // Counts 0, 3, a run of 5 zeros, 1: values 1 (x3) and 7 (x1) in a unit-resolution layout.
  const Histogram h = DecodeCompressedHistogram(Crafted({}, std::string("\x00\x06\x09\x02", 4)));
  EXPECT_EQ(h.Count(), 4);
  EXPECT_EQ(h.CountAtIndex(1), 3);
  EXPECT_EQ(h.CountAtIndex(7), 1);
  EXPECT_EQ(h.Max(), 7);
  // A count in index 0 is HdrHistogram's recorded zero: below our range.
  const Histogram zeros = DecodeCompressedHistogram(Crafted({}, std::string("\x04\x02", 2)));
  EXPECT_EQ(zeros.Count(), 1);
  EXPECT_EQ(zeros.BelowRangeCount(), 2);
}

TEST(HdrEncodingTest, RefusesOtherEncodingsWithTheReason) {
  ExpectError("", "too short");
  ExpectError(Crafted({}, "\x02", 0x1c849302), "older V0/V1 encoding");
  ExpectError(Crafted({}, "\x02", 0x0c72124f), "DoubleHistogram");
  ExpectError(Crafted({}, "\x02", 0x12345678), "not an HdrHistogram cookie");
  ExpectError(Crafted({.cookie = 0x1c849301}, "\x02"), "encoding cookie 0x1c849301: HdrHistogram's older V0/V1");
  ExpectError(Crafted({.ratio = 0.5}, "\x02"), "conversion ratio");
  ExpectError(Crafted({.figures = 0}, "\x02"), "unsupported layout: Histogram(1, 1000000, 0)");
  ExpectError(Crafted({.lowest = 0}, "\x02"), "unsupported layout");
}

TEST(HdrEncodingTest, RefusesDamagedDataWithTheReason) {
  const std::string valid = EncodeCompressedHistogram(LogNormal(1, kHour, 3, 9, 1'000));
  std::string short_length = valid.substr(0, valid.size() - 1);
  ExpectError(short_length, "promises");
  std::string truncated = valid.substr(0, 20);
  truncated[4] = truncated[5] = truncated[6] = 0;
  truncated[7] = 12;  // the length field agrees with the truncated data
  ExpectError(truncated, "zlib data ends inside");
  std::string flipped = valid;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x55);
  ExpectError(flipped, "zlib data");
  std::string checksum = valid;
  checksum.back() = static_cast<char>(checksum.back() ^ 1);
  ExpectError(checksum, "incorrect data check");

  const auto counts_length = static_cast<int64_t>(Histogram(1, 1'000'000, 3).CountsLength());
  ExpectError(Crafted({.payload_length = counts_length * 9 + 1}, "\x02"), "longer than");
  ExpectError(Crafted({.payload_length = 3}, "\x02"), "zlib data ends inside the counts payload");
  ExpectError(Crafted({.payload_length = 1}, "\x02\x02"), "continues past the payload length");
  ExpectError(Crafted({}, "\x80"), "payload ends inside a count");
  // A run of zeros to the very end of the counts array, then one more count.
  ExpectError(Crafted({}, Varint(-counts_length) + Varint(1)), "count past the end");
  ExpectError(Crafted({}, Varint(-counts_length - 1)),
              "a run of " + std::to_string(counts_length + 1) + " zero counts passes the end");
  const std::string max_count("\xfe\xff\xff\xff\xff\xff\xff\xff\xff", 9);  // ZigZag(INT64_MAX)
  ExpectError(Crafted({}, max_count + max_count), "total count exceeds int64");
}

}  // namespace
}  // namespace hftbot::metrics
