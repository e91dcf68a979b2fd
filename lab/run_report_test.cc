#include "lab/run_report.h"

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

json Complete() {
  return {{"allocator", {{"name", "jemalloc"}}}, {"digest", "abc"}, {"throughput_ticks_per_s", 1.0},
          {"latency_ns", json::object()},        {"run", json::object()}, {"memory", {{"peak_rss_bytes", 1}}}};
}

TEST(RunReportTest, ACompleteReportPasses) { EXPECT_EQ(CheckRunReport(Complete()), ""); }

TEST(RunReportTest, EachMissingPartIsNamed) {
  for (const char* key : {"allocator", "digest", "throughput_ticks_per_s", "latency_ns", "run", "memory"}) {
    json report = Complete();
    report.erase(key);
    EXPECT_NE(CheckRunReport(report).find(key), std::string::npos) << key;
  }
  EXPECT_EQ(CheckRunReport(json::array()), "not a JSON object");
}

TEST(RunReportTest, LoadsFromAFileAndSaysWhatIsWrong) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/report.json";
  json report;
  EXPECT_NE(LoadRunReport(path + ".none", &report).find("missing"), std::string::npos);
  std::ofstream(path) << "{\"digest\": ";
  EXPECT_NE(LoadRunReport(path, &report).find("not valid JSON"), std::string::npos);
  std::ofstream(path) << Complete().dump();
  EXPECT_EQ(LoadRunReport(path, &report), "");
  EXPECT_EQ(report["digest"], "abc");
}

}  // namespace
}  // namespace hftbot::lab
