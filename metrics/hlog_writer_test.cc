#include "metrics/hlog_writer.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"

namespace hftbot::metrics {
namespace {

constexpr int64_t kHour = 3'600'000'000'000;  // ns

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

Histogram ThreeValues() {
  Histogram h(1, kHour, 3);
  for (int64_t v : {1'000, 20'000, 123'456'789}) EXPECT_TRUE(h.Record(v));
  return h;
}

TEST(HlogWriterTest, WritesHdrHistogramsHeaderAndLines) {
  std::ostringstream out;
  HlogWriterOptions options;
  options.comment = "Logged by hftbot";
  HlogWriter writer(&out, "memory.hlog", 1'700'000'000.123, {"engine_service", "queue_wait"}, options);
  ASSERT_TRUE(writer.Append("engine_service", 0.0, 1.0, ThreeValues()));
  ASSERT_TRUE(writer.Append("queue_wait", 1.0004, 0.9996, Histogram(1, kHour, 3)));
  ASSERT_TRUE(writer.Close()) << writer.error();
  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 7u);
  // As HdrHistogram Java's HistogramLogWriter writes them (its Date in UTC).
  EXPECT_EQ(lines[0], "#[Logged by hftbot]");
  EXPECT_EQ(lines[1], "#[Histogram log format version 1.3]");
  EXPECT_EQ(lines[2], "#[StartTime: 1700000000.123 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]");
  EXPECT_EQ(lines[3], "#[BaseTime: 1700000000.123 (seconds since epoch)]");
  EXPECT_EQ(lines[4], "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"");
  // Max column: the highest value equivalent to 123456789 ns, in ms.
  EXPECT_EQ(lines[5].rfind("Tag=engine_service,0.000,1.000,123.470,HISTF", 0), 0u) << lines[5];
  EXPECT_EQ(lines[6].rfind("Tag=queue_wait,1.000,1.000,0.000,HISTF", 0), 0u) << lines[6];
}

TEST(HlogWriterTest, MaxColumnUsesTheUnitRatio) {
  std::ostringstream out;
  HlogWriterOptions options;
  options.max_value_unit_ratio = 1.0;
  HlogWriter writer(&out, "memory.hlog", 0.0, {"a"}, options);
  ASSERT_TRUE(writer.Append("a", 2.5, 1.0, ThreeValues()));
  ASSERT_TRUE(writer.Close());
  EXPECT_NE(out.str().find("Tag=a,2.500,1.000,123469823.000,"), std::string::npos) << out.str();
}

TEST(HlogWriterTest, RefusesBadArguments) {
  std::ostringstream out;
  EXPECT_THROW(HlogWriter(&out, "m", -1.0, {"a"}), std::invalid_argument);
  EXPECT_THROW(HlogWriter(&out, "m", 0.0, {"a,b"}), std::invalid_argument);
  EXPECT_THROW(HlogWriter(&out, "m", 0.0, {"a b"}), std::invalid_argument);
  EXPECT_THROW(HlogWriter(&out, "m", 0.0, {""}), std::invalid_argument);
  HlogWriterOptions two_lines;
  two_lines.comment = "a\nb";
  EXPECT_THROW(HlogWriter(&out, "m", 0.0, {"a"}, two_lines), std::invalid_argument);
  HlogWriterOptions level;
  level.compression_level = 10;
  EXPECT_THROW(HlogWriter(&out, "m", 0.0, {"a"}, level), std::invalid_argument);
}

TEST(HlogWriterTest, MisuseFailsAndTheFirstErrorSticks) {
  std::ostringstream out;
  HlogWriter writer(&out, "memory.hlog", 0.0, {"a"});
  const size_t header_size = out.str().size();
  EXPECT_FALSE(writer.Append("b", 0.0, 1.0, ThreeValues()));
  EXPECT_EQ(writer.error(), "memory.hlog: Append with undeclared tag 'b'");
  EXPECT_FALSE(writer.Append("a", 0.0, 1.0, ThreeValues()));
  EXPECT_EQ(out.str().size(), header_size);
  EXPECT_FALSE(writer.Close());

  HlogWriter times(&out, "memory.hlog", 0.0, {"a"});
  EXPECT_FALSE(times.Append("a", -1.0, 1.0, ThreeValues()));
  EXPECT_NE(times.error().find("must be finite and non-negative"), std::string::npos) << times.error();

  HlogWriter closed(&out, "memory.hlog", 0.0, {"a"});
  ASSERT_TRUE(closed.Close());
  EXPECT_FALSE(closed.Append("a", 0.0, 1.0, ThreeValues()));
  EXPECT_EQ(closed.error(), "memory.hlog: Append after Close");
}

// A sink that takes `capacity` bytes and then refuses, like a full disk.
class FullAfter : public std::streambuf {
 public:
  explicit FullAfter(size_t capacity) : capacity_(capacity) {}

 protected:
  int_type overflow(int_type c) override {
    if (written_ >= capacity_) return traits_type::eof();
    ++written_;
    return traits_type::not_eof(c);
  }

 private:
  size_t capacity_;
  size_t written_ = 0;
};

TEST(HlogWriterTest, WriteFailuresAreReportedNotSwallowed) {
  FullAfter header_only(300);
  std::ostream out(&header_only);
  HlogWriter writer(&out, "full.hlog", 0.0, {"a"});
  EXPECT_FALSE(writer.Append("a", 0.0, 1.0, ThreeValues()));
  EXPECT_EQ(writer.error(), "full.hlog: writing an interval failed");
  EXPECT_FALSE(writer.Flush());
  EXPECT_FALSE(writer.Close());

  FullAfter nothing(10);
  std::ostream no_room(&nothing);
  try {
    HlogWriter failing(&no_room, "full.hlog", 0.0, {"a"});
    FAIL() << "no error";
  } catch (const HlogError& e) {
    EXPECT_STREQ(e.what(), "full.hlog: writing the header failed");
  }
}

TEST(HlogWriterTest, FullDiskIsReportedWithTheFileAndReason) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "/dev/full is not available here";
  HlogWriter writer("/dev/full", 0.0, {"a"});  // the header fits in the stream's buffer
  for (int i = 0; i < 100 && writer.ok(); ++i) (void)writer.Append("a", i, 1.0, ThreeValues());
  EXPECT_FALSE(writer.Close());
  EXPECT_EQ(writer.error().rfind("/dev/full: ", 0), 0u) << writer.error();
  EXPECT_NE(writer.error().find("No space left on device"), std::string::npos) << writer.error();
}

TEST(HlogWriterTest, AWriterDestroyedWithoutCloseStillReportsAFailure) {
  if (access("/dev/full", W_OK) != 0) GTEST_SKIP() << "/dev/full is not available here";
  testing::internal::CaptureStderr();
  {
    HlogWriter writer("/dev/full", 0.0, {"a"});
    ASSERT_TRUE(writer.Append("a", 0.0, 1.0, ThreeValues()));  // buffered
  }
  const std::string printed = testing::internal::GetCapturedStderr();
  EXPECT_NE(printed.find("interval log not fully written: /dev/full: "), std::string::npos) << printed;
}

TEST(HlogWriterTest, CannotCreateNamesThePath) {
  try {
    HlogWriter writer("/nonexistent/dir/x.hlog", 0.0, {"a"});
    FAIL() << "no error";
  } catch (const HlogError& e) {
    EXPECT_EQ(std::string(e.what()), "/nonexistent/dir/x.hlog: cannot create (No such file or directory)");
  }
}

TEST(HlogWriterTest, AFileReadsBack) {
  const std::string path = std::string(getenv("TEST_TMPDIR") ? getenv("TEST_TMPDIR") : "/tmp") + "/writer_test.hlog";
  {
    HlogWriter writer(path, 1'700'000'000.0, {"a"});
    ASSERT_TRUE(writer.Append("a", 0.0, 1.0, ThreeValues()));
    ASSERT_TRUE(writer.Flush());
    ASSERT_TRUE(writer.Append("a", 1.0, 1.0, ThreeValues()));
    ASSERT_TRUE(writer.Close()) << writer.error();
    ASSERT_TRUE(writer.Close());
  }
  HlogReader reader(path);
  int intervals = 0;
  while (std::optional<HlogEntry> entry = reader.Next()) {
    EXPECT_EQ(entry->histogram.Count(), 3);
    ++intervals;
  }
  EXPECT_EQ(intervals, 2);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace hftbot::metrics
