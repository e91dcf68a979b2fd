// Interop with the reference implementation, HdrHistogram Java 2.1.11 as Debian
// packages it: its HistogramLogProcessor reads a log our HlogWriter wrote, and our
// HlogReader reads a log its HistogramLogWriter wrote. Each test skips, naming the
// package to install, where Java or the library is missing:
//   apt-get install -y default-jre-headless libhdrhistogram-java   (both tests)
//   apt-get install -y default-jdk-headless                        (javac, the second)

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "metrics/hgrm.h"
#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"
#include "metrics/hlog_testing.h"
#include "metrics/hlog_writer.h"

namespace hftbot::metrics {
namespace {

constexpr char kJar[] = "/usr/share/java/hdrhistogram.jar";
constexpr int64_t kHour = 3'600'000'000'000;  // ns

std::string TempDir() {
  const char* dir = std::getenv("TEST_TMPDIR");
  return dir != nullptr ? dir : "/tmp";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs command with its output in log; the exit status (-1 when it did not exit).
int RunCommand(const std::string& command, const std::string& log) {
  const int status = std::system((command + " >'" + log + "' 2>&1").c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Why Java cannot be used here, or nullopt when it can.
std::optional<std::string> MissingJava(bool need_compiler) {
  if (access(kJar, R_OK) != 0) {
    return std::string("HdrHistogram Java is not installed (") + kJar + "): apt-get install libhdrhistogram-java";
  }
  if (RunCommand("java -version", TempDir() + "/java-version.log") != 0) {
    return std::string("no Java runtime ('java -version' failed): apt-get install default-jre-headless");
  }
  if (need_compiler && RunCommand("javac -version", TempDir() + "/javac-version.log") != 0) {
    return std::string("no Java compiler ('javac -version' failed): apt-get install default-jdk-headless");
  }
  return std::nullopt;
}

std::vector<std::string> Split(const std::string& line, char separator) {
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string field; std::getline(in, field, separator);) fields.push_back(field);
  return fields;
}

int64_t Number(const std::string& field) { return std::llround(std::strtod(field.c_str(), nullptr)); }

// HdrHistogram's getMaxValue(). Of an empty histogram it is 2^unit - 1, not 0:
// Java 2.1.11's resetMaxValue ORs the unit mask in (lowest_trackable 1000: 511).
int64_t JavaMaxOf(const Histogram& h) {
  if (h.Count() > 0) return h.HighestEquivalentValue(h.Max());
  return static_cast<int64_t>(std::bit_floor(static_cast<uint64_t>(h.LowestTrackable()))) - 1;
}

TEST(HlogInteropTest, HdrHistogramsLogProcessorReadsOurLog) {
  if (const std::optional<std::string> missing = MissingJava(false)) GTEST_SKIP() << *missing;
  const std::string dir = TempDir();
  const std::vector<TestInterval> intervals = KnownIntervals();
  const std::string log_path = dir + "/ours.hlog";
  {
    HlogWriter writer(log_path, 1'700'000'000.0, {"engine_service", "queue_wait", "tick_to_order"});
    for (const TestInterval& i : intervals) ASSERT_TRUE(writer.Append(i.tag, i.start_s, i.length_s, i.histogram));
    ASSERT_TRUE(writer.Close()) << writer.error();
  }
  for (const std::string tag : {"engine_service", "queue_wait", "tick_to_order"}) {
    SCOPED_TRACE(tag);
    // -csv: one row per interval. Values in recorded units (ns): -outputValueUnitRatio 1.
    const std::string processor = std::string("java -cp ") + kJar + " org.HdrHistogram.HistogramLogProcessor -i '" +
                                  log_path + "' -tag " + tag + " -outputValueUnitRatio 1";
    const std::string csv = dir + "/" + tag + ".csv";
    ASSERT_EQ(RunCommand(processor + " -csv -o '" + csv + "'", dir + "/processor.log"), 0) << ReadFile(dir + "/processor.log");
    std::vector<std::vector<std::string>> rows;
    for (const std::string& line : Split(ReadFile(csv), '\n')) {
      if (line.empty() || line[0] == '#' || line[0] == '"') continue;
      rows.push_back(Split(line, ','));
    }
    std::optional<Histogram> total;
    size_t row = 0;
    for (const TestInterval& interval : intervals) {
      if (interval.tag != tag) continue;
      ASSERT_LT(row, rows.size());
      const std::vector<std::string>& r = rows[row++];
      ASSERT_EQ(r.size(), 12u);
      const Histogram& h = interval.histogram;
      if (total) {
        ASSERT_EQ(total->Add(h), 0);
      } else {
        total.emplace(h);
      }
      SCOPED_TRACE("interval at " + std::to_string(interval.start_s) + " s");
      EXPECT_NEAR(std::strtod(r[0].c_str(), nullptr), interval.start_s + interval.length_s, 0.002);
      EXPECT_EQ(Number(r[1]), h.Count());
      EXPECT_EQ(Number(r[2]), h.ValueAtPercentile(50.0));
      EXPECT_EQ(Number(r[3]), h.ValueAtPercentile(90.0));
      EXPECT_EQ(Number(r[4]), JavaMaxOf(h));
      EXPECT_EQ(Number(r[5]), total->Count());
      EXPECT_EQ(Number(r[6]), total->ValueAtPercentile(50.0));
      EXPECT_EQ(Number(r[7]), total->ValueAtPercentile(90.0));
      EXPECT_EQ(Number(r[8]), total->ValueAtPercentile(99.0));
      EXPECT_EQ(Number(r[9]), total->ValueAtPercentile(99.9));
      EXPECT_EQ(Number(r[10]), total->ValueAtPercentile(99.99));
      EXPECT_EQ(Number(r[11]), JavaMaxOf(*total));
    }
    EXPECT_EQ(row, rows.size());

    // Without -csv its .hgrm of the whole log is outputPercentileDistribution's text:
    // after its two preamble comments, byte for byte what we write for the merged stage.
    const std::string text = dir + "/" + tag + ".txt";
    ASSERT_EQ(RunCommand(processor + " -o '" + text + "'", dir + "/processor.log"), 0) << ReadFile(dir + "/processor.log");
    std::string hgrm = ReadFile(text + ".hgrm");
    for (const char* preamble : {"#[Overall percentile distribution", "#[StartTime: 1700000000.000"}) {
      ASSERT_EQ(hgrm.rfind(preamble, 0), 0u) << hgrm.substr(0, 200);
      hgrm.erase(0, hgrm.find('\n') + 1);
    }
    EXPECT_EQ(hgrm, FormatHgrm(*total, {.value_scale = 1.0, .ticks_per_half_distance = 5}));
  }
}

// A spec for HlogFromJava: stages with several layouts, values from known
// distributions with repeat counts, values Java records below our range (0 and under
// lowest) or above highest (within its last bucket), and an empty interval.
HlogSpec JavaSpec() {
  std::mt19937_64 rng(99);
  std::lognormal_distribution<double> heavy(std::log(20'000.0), 1.5);
  std::uniform_int_distribution<int64_t> repeat(1, 1'000);
  HlogSpec spec;
  spec.start_ms = 1'717'171'717'171;
  struct Layout {
    const char* tag;
    int64_t lowest, highest;
    int figures;
  };
  const Layout layouts[] = {{"engine_service", 1, kHour, 3},
                            {"", 1'000, 10'000'000'000, 2},
                            {"queue_wait", 1, 1'000'000'000, 4},
                            {"tick_to_order", 3, 5'000'000, 1}};
  for (int second = 0; second < 5; ++second) {
    for (const Layout& l : layouts) {
      SpecInterval interval{l.tag, l.lowest, l.highest, l.figures, second * 2.0, second * 2.0 + 1.999, {}};
      if (second != 2 || l.figures != 3) {
        for (int n = 0; n < 500; ++n) {
          interval.values.emplace_back(std::min<int64_t>(l.highest, static_cast<int64_t>(heavy(rng))), repeat(rng));
        }
      }
      if (second == 4) {
        const Histogram layout(l.lowest, l.highest, l.figures);
        interval.values.emplace_back(0, 3);
        interval.values.emplace_back(l.highest, 1);
        // The top of highest's bucket: past highest_trackable, still in Java's counts.
        interval.values.emplace_back(layout.HighestEquivalentValue(l.highest), 2);
      }
      spec.intervals.push_back(interval);
    }
  }
  return spec;
}

TEST(HlogInteropTest, OurReaderReadsWhatHdrHistogramJavaWrote) {
  if (const std::optional<std::string> missing = MissingJava(true)) GTEST_SKIP() << *missing;
  const std::string dir = TempDir();
  const std::string classes = dir + "/classes";
  ASSERT_EQ(RunCommand("mkdir -p '" + classes + "' && javac -cp " + kJar + " -d '" + classes +
                    "' metrics/testdata/HlogFromJava.java",
                dir + "/javac.log"),
            0)
      << ReadFile(dir + "/javac.log");
  const HlogSpec spec = JavaSpec();
  WriteHlogSpec(spec, dir + "/java.spec");
  const std::string log_path = dir + "/java.hlog";
  ASSERT_EQ(RunCommand(std::string("java -cp ") + kJar + ":'" + classes + "' HlogFromJava '" + dir + "/java.spec' '" +
                    log_path + "'",
                dir + "/java.log"),
            0)
      << ReadFile(dir + "/java.log");
  HlogReader reader(log_path);
  for (const SpecInterval& interval : spec.intervals) {
    std::optional<HlogEntry> entry = reader.Next();
    ASSERT_TRUE(entry.has_value());
    ExpectEntryMatches(*entry, interval, spec.start_ms);
  }
  EXPECT_FALSE(reader.Next().has_value());
  ASSERT_TRUE(reader.StartTimeS().has_value());
  EXPECT_DOUBLE_EQ(*reader.StartTimeS(), 1'717'171'717.171);
}

}  // namespace
}  // namespace hftbot::metrics
