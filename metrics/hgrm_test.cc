#include "metrics/hgrm.h"

#include <cmath>
#include <cstdint>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "metrics/histogram.h"

namespace hftbot::metrics {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The stream the golden files were made from.
Histogram GoldenHistogram(int figures, int64_t highest) {
  Histogram h(1, highest, figures);
  for (int64_t i = 0; i < 10'000; ++i) EXPECT_TRUE(h.Record(1'000 + (i * i * 7'919 + i * 31) % 5'000'000));
  EXPECT_TRUE(h.Record(123'456'789));
  EXPECT_TRUE(h.Record(987'654'321));
  return h;
}

// testdata/*.hgrm were written by HdrHistogram's outputPercentileDistribution (the
// hdr-histogram-js port of the Java code) for the same values, with the Max footer
// set to Java's getMaxValue() (the highest value equivalent to the max; the JS port
// prints the raw max there). Byte-for-byte equality is the compatibility claim.
TEST(HgrmTest, MatchesHdrHistogramOutputInMicroseconds) {
  const Histogram h = GoldenHistogram(3, 3'600'000'000'000);
  EXPECT_EQ(FormatHgrm(h, {.value_scale = 1000.0, .ticks_per_half_distance = 5}),
            ReadFile("metrics/testdata/golden_sig3_us.hgrm"));
}

TEST(HgrmTest, MatchesHdrHistogramOutputWithOtherTicksAndFigures) {
  const Histogram h = GoldenHistogram(2, 10'000'000'000);
  EXPECT_EQ(FormatHgrm(h, {.value_scale = 1.0, .ticks_per_half_distance = 3}),
            ReadFile("metrics/testdata/golden_sig2_ns_ticks3.hgrm"));
}

TEST(HgrmTest, ParsesBackToTheSamePercentiles) {
  Histogram h(1, 3'600'000'000'000, 3);
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> dist(std::log(20'000.0), 1.5);
  for (int i = 0; i < 100'000; ++i) ASSERT_TRUE(h.Record(1 + static_cast<int64_t>(dist(rng))));

  std::stringstream file;
  WriteHgrm(h, file, {.value_scale = 1000.0});
  const HgrmData data = ParseHgrm(file, "memory");

  std::vector<PercentilePoint> points;
  h.ForEachPercentile(5, [&](const PercentilePoint& p) { points.push_back(p); });
  ASSERT_EQ(data.rows.size(), points.size());
  for (size_t i = 0; i < points.size(); ++i) {
    // µs with 3 decimals holds every ns exactly.
    EXPECT_EQ(std::llround(data.rows[i].value * 1000.0), points[i].value) << i;
    EXPECT_NEAR(data.rows[i].percentile * 100.0, points[i].percentile_level, 1e-9) << i;
    EXPECT_EQ(data.rows[i].total_count, points[i].total_count) << i;
  }
  // Where the file has a row at p it states the histogram's value; between rows it
  // answers with the next row up, never below.
  for (double p : {10.0, 50.0, 90.0, 99.21875}) {
    EXPECT_EQ(std::llround(data.ValueAtPercentile(p) * 1000.0), h.ValueAtPercentile(p)) << p;
  }
  for (double p : {99.0, 99.9, 99.99}) {
    EXPECT_GE(std::llround(data.ValueAtPercentile(p) * 1000.0), h.ValueAtPercentile(p)) << p;
  }
  ASSERT_TRUE(data.has_footer);
  EXPECT_EQ(data.total_count, h.Count());
  EXPECT_NEAR(data.mean, h.Mean() / 1000.0, 0.0005);
  EXPECT_NEAR(data.stddev, h.StdDev() / 1000.0, 0.0005);
  EXPECT_EQ(std::llround(data.max * 1000.0), h.HighestEquivalentValue(h.Max()));
  EXPECT_EQ(data.buckets, h.BucketCount());
  EXPECT_EQ(data.sub_buckets, h.SubBucketCount());
}

TEST(HgrmTest, ParsesTheGoldenFile) {
  const HgrmData data = ParseHgrmFile("metrics/testdata/golden_sig3_us.hgrm");
  ASSERT_FALSE(data.rows.empty());
  EXPECT_DOUBLE_EQ(data.rows.front().value, 1.0);
  EXPECT_EQ(data.rows.back().percentile, 1.0);
  EXPECT_EQ(data.rows.back().total_count, 10'002);
  EXPECT_EQ(data.total_count, 10'002);
  EXPECT_EQ(data.buckets, 32);
  EXPECT_EQ(data.sub_buckets, 2048);
}

TEST(HgrmTest, EmptyHistogramWritesHeaderAndFooter) {
  const std::string text = FormatHgrm(Histogram(1, 1'000'000, 3));
  std::istringstream in(text);
  const HgrmData data = ParseHgrm(in);
  EXPECT_TRUE(data.rows.empty());
  EXPECT_TRUE(data.has_footer);
  EXPECT_EQ(data.total_count, 0);
  EXPECT_EQ(data.ValueAtPercentile(50.0), 0.0);
}

TEST(HgrmTest, AcceptsHdrHistogramCInfColumn) {
  std::istringstream in(
      "       Value   Percentile   TotalCount 1/(1-Percentile)\n\n"
      "       1.000     0.000000            1         1.00\n"
      "       2.000     1.000000            2          inf\n");
  const HgrmData data = ParseHgrm(in);
  ASSERT_EQ(data.rows.size(), 2u);
  EXPECT_EQ(data.rows[1].value, 2.0);
  EXPECT_FALSE(data.has_footer);
}

TEST(HgrmTest, RejectsMalformedInputWithItsLine) {
  std::istringstream garbage("       1.000 0.5 10 2.00\nnot a row\n");
  try {
    ParseHgrm(garbage, "bad.hgrm");
    FAIL() << "no exception";
  } catch (const HgrmParseError& e) {
    EXPECT_NE(std::string(e.what()).find("bad.hgrm:2:"), std::string::npos) << e.what();
  }
  std::istringstream backwards("       2.000 0.5 10 2.00\n       1.000 0.6 11 2.50\n");
  EXPECT_THROW(ParseHgrm(backwards), HgrmParseError);
  std::istringstream footer("#[Nonsense = 1]\n");
  EXPECT_THROW(ParseHgrm(footer), HgrmParseError);
  EXPECT_THROW(ParseHgrmFile("/nonexistent/file.hgrm"), HgrmParseError);
}

TEST(HgrmTest, StatesRefusedValuesInOneMoreFooterLine) {
  Histogram h(1, 1'000'000, 3);
  ASSERT_TRUE(h.Record(500));
  EXPECT_FALSE(h.Record(0));
  EXPECT_FALSE(h.Record(-3));
  EXPECT_FALSE(h.Record(2'000'000));
  const std::string text = FormatHgrm(h);
  EXPECT_NE(text.find("#[BelowRange =            2, Overflow   =            1]\n"), std::string::npos) << text;
  std::istringstream in(text);
  const HgrmData data = ParseHgrm(in);
  EXPECT_EQ(data.below_range, 2);
  EXPECT_EQ(data.overflow, 1);
  EXPECT_EQ(data.total_count, 1);
  // Without refused values the line is absent (the golden files above pin the rest).
  Histogram clean(1, 1'000'000, 3);
  ASSERT_TRUE(clean.Record(500));
  EXPECT_EQ(FormatHgrm(clean).find("BelowRange"), std::string::npos);
}

// Found by //fuzz:hgrm_fuzzer: sscanf accepts these, and NaN slipped past the range and
// ordering checks into the rows.
TEST(HgrmTest, RejectsNonFiniteValuesAndPercentiles) {
  for (const char* row : {"       nan 0.5 1\n", "  1.0 nan 1\n", "  inf 0.5 1\n", "  1.0 -inf 1\n"}) {
    std::istringstream in(row);
    EXPECT_THROW(ParseHgrm(in), HgrmParseError) << row;
  }
}

}  // namespace
}  // namespace hftbot::metrics
