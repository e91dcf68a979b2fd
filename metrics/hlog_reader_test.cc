#include "metrics/hlog_reader.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/histogram.h"
#include "metrics/hlog_testing.h"
#include "metrics/hlog_writer.h"

namespace hftbot::metrics {
namespace {

constexpr double kStartTime = 1'700'000'000.25;

std::vector<HlogEntry> ReadAll(std::istream& in, const std::string& source = "test.hlog") {
  HlogReader reader(&in, source);
  std::vector<HlogEntry> entries;
  while (std::optional<HlogEntry> entry = reader.Next()) entries.push_back(std::move(*entry));
  return entries;
}

std::vector<HlogEntry> ReadAll(const std::string& text) {
  std::istringstream in(text);
  return ReadAll(in);
}

TEST(HlogReaderTest, ReadsBackExactlyWhatTheWriterWrote) {
  const std::vector<TestInterval> written = KnownIntervals();
  std::stringstream log;
  {
    HlogWriter writer(&log, "memory.hlog", kStartTime, {"engine_service", "queue_wait", "tick_to_order"});
    for (const TestInterval& w : written) ASSERT_TRUE(writer.Append(w.tag, w.start_s, w.length_s, w.histogram));
    ASSERT_TRUE(writer.Close()) << writer.error();
  }
  HlogReader reader(&log, "memory.hlog");
  for (size_t i = 0; i < written.size(); ++i) {
    SCOPED_TRACE(i);
    std::optional<HlogEntry> entry = reader.Next();
    ASSERT_TRUE(entry.has_value());
    EXPECT_EQ(entry->tag, written[i].tag);
    EXPECT_EQ(entry->start_s, written[i].start_s);
    EXPECT_EQ(entry->length_s, written[i].length_s);
    EXPECT_DOUBLE_EQ(entry->absolute_start_s, 1'700'000'000.25 + written[i].start_s);
    const Histogram& h = written[i].histogram;
    const double max_ms = h.Count() == 0 ? 0.0 : static_cast<double>(h.HighestEquivalentValue(h.Max())) / 1e6;
    EXPECT_NEAR(entry->max, max_ms, 0.0005);
    ExpectSameCounts(entry->histogram, h);
  }
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_EQ(reader.StartTimeS(), 1'700'000'000.25);
}

// One interval line (values 1, 2, 3) as our writer writes it; tag "" drops the Tag field.
std::string HlogWriterLine(double start_s = 3.0, const std::string& tag = "a") {
  std::ostringstream out;
  HlogWriter writer(&out, "memory.hlog", 0.0, {"a"});
  Histogram h(1, 1'000, 3);
  for (int64_t v : {1, 2, 3}) EXPECT_TRUE(h.Record(v));
  EXPECT_TRUE(writer.Append("a", start_s, 1.0, h));
  EXPECT_TRUE(writer.Close());
  std::string line = out.str().substr(out.str().rfind("Tag=a,"));
  if (tag.empty()) line.erase(0, 6);
  return line;
}

TEST(HlogReaderTest, TimesFollowHdrHistogramRules) {
  const std::string line = HlogWriterLine();
  // BaseTime given: starts are relative to it.
  auto entries = ReadAll("#[StartTime: 1000000000.5 (seconds since epoch), x]\n#[BaseTime: 2000.0 (seconds since epoch)]\n" + line);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_DOUBLE_EQ(entries[0].absolute_start_s, 2003.0);
  // No BaseTime, starts more than a year before StartTime: relative to StartTime.
  entries = ReadAll("#[StartTime: 1000000000.5 (seconds since epoch), x]\n" + line);
  EXPECT_DOUBLE_EQ(entries[0].absolute_start_s, 1000000003.5);
  // No BaseTime, absolute starts.
  entries = ReadAll("#[StartTime: 1000000000.5 (seconds since epoch), x]\n" + HlogWriterLine(1000000007.0));
  EXPECT_DOUBLE_EQ(entries[0].absolute_start_s, 1000000007.0);
  // Nothing: the first start is the StartTime, and absolute.
  std::istringstream bare(line);
  HlogReader reader(&bare, "bare");
  ASSERT_TRUE(reader.Next().has_value());
  EXPECT_EQ(reader.StartTimeS(), 3.0);
}

TEST(HlogReaderTest, UntaggedLinesAndWindowsLineEndings) {
  const std::vector<HlogEntry> entries = ReadAll(HlogWriterLine(5.0, "") + "\r\n\r\n");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].tag, "");
  EXPECT_EQ(entries[0].histogram.Count(), 3);
}

void ExpectParseError(const std::string& text, const std::string& fragment) {
  std::istringstream in(text);
  try {
    (void)ReadAll(in, "bad.hlog");
    ADD_FAILURE() << "no error for: " << text;
  } catch (const HlogParseError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what() << "\nexpected: " << fragment;
  }
}

TEST(HlogReaderTest, MalformedLinesNameTheFileAndLine) {
  const std::string header = "#[Histogram log format version 1.3]\n\"StartTimestamp\",\"Interval_Length\"\n";
  const std::string good = HlogWriterLine();
  const std::string base64 = good.substr(good.rfind(',') + 1, good.size() - good.rfind(',') - 2);
  ExpectParseError(header + good + "Tag=,0,1,0," + base64 + "\n", "bad.hlog:4: empty tag");
  ExpectParseError(header + "Tag=a\n", "bad.hlog:3: nothing after the tag");
  ExpectParseError(header + "1.0,2.0,3.0\n", "bad.hlog:3: expected [Tag=<tag>,]<start>,<length>,<max>,<histogram>: found 3 fields");
  ExpectParseError(header + "1.0,2.0,3.0," + base64 + ",x\n", "found 5 fields");
  ExpectParseError(header + "x1,1,0," + base64 + "\n", "bad.hlog:3: interval start is not a finite number: 'x1'");
  ExpectParseError(header + "1,nan,0," + base64 + "\n", "interval length is not a finite number");
  ExpectParseError(header + "1,-1,0," + base64 + "\n", "interval length is negative");
  ExpectParseError(header + "1,1,0,@@@@\n", "bad.hlog:3: histogram is not base64: invalid character '@' at offset 0");
  ExpectParseError(header + "1,1,0,AAAA\n", "bad.hlog:3: histogram: only 3 bytes");
  ExpectParseError(header + "1,1,0,AAAAAAAAAAAA\n", "bad.hlog:3: histogram: compressed cookie 0x00000000");
  ExpectParseError("#[StartTime: soon (seconds since epoch)]\n", "bad.hlog:1: StartTime is not a number: 'soon'");
  ExpectParseError("#[BaseTime:]\n", "bad.hlog:1: BaseTime is not a number: ''");
  EXPECT_THROW(HlogReader("/nonexistent/dir/x.hlog"), HlogParseError);
}

// testdata/java_2.1.11.hlog was written by HdrHistogram Java 2.1.11's HistogramLogWriter
// from testdata/java_2.1.11.spec (see testdata/README.md): the reference implementation's
// bytes, checked here even where Java is not installed.
TEST(HlogReaderTest, ReadsALogHdrHistogramJavaWrote) {
  const HlogSpec spec = ReadHlogSpec("metrics/testdata/java_2.1.11.spec");
  HlogReader reader("metrics/testdata/java_2.1.11.hlog");
  for (const SpecInterval& interval : spec.intervals) {
    std::optional<HlogEntry> entry = reader.Next();
    ASSERT_TRUE(entry.has_value());
    ExpectEntryMatches(*entry, interval, spec.start_ms);
  }
  EXPECT_FALSE(reader.Next().has_value());
  EXPECT_EQ(reader.StartTimeS(), 1'700'000'000.123);
}

}  // namespace
}  // namespace hftbot::metrics
