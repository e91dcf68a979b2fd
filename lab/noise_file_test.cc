#include "lab/noise_file.h"

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

std::string Write(const std::string& name, const json& content) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::ofstream(path) << content.dump();
  return path;
}

json AaCompare() {
  return {{"aa", true},
          {"ticks", "/data/day.bin"},
          {"bot_options", {"--rate", "100000"}},
          {"aa_spread_pct", {{"naive", {{"tick_to_order.p99", 12.5}}}}}};
}

TEST(NoiseFileTest, ReadsTheSpreadOfTheSameWorkload) {
  std::string error;
  std::optional<json> noise = LoadNoiseFile(Write("aa.json", AaCompare()), "/data/day.bin", {"--rate", "100000"}, &error);
  ASSERT_TRUE(noise) << error;
  EXPECT_EQ(NoiseOf(*noise, "naive", "tick_to_order.p99"), 12.5);
  EXPECT_EQ(NoiseOf(*noise, "pooled", "tick_to_order.p99"), 0);
  EXPECT_EQ(NoiseOf(*noise, "naive", "throughput"), 0);
}

TEST(NoiseFileTest, AnotherWorkloadsNoiseDoesNotApply) {
  std::string error;
  EXPECT_FALSE(LoadNoiseFile(Write("aa2.json", AaCompare()), "/data/day.bin", {"--rate", "50000"}, &error));
  EXPECT_NE(error.find("not on /data/day.bin with `--rate 50000`"), std::string::npos) << error;
  EXPECT_FALSE(LoadNoiseFile(Write("aa3.json", AaCompare()), "", {"--rate", "100000"}, &error));
  json not_aa = AaCompare();
  not_aa["aa"] = false;
  EXPECT_FALSE(LoadNoiseFile(Write("aa4.json", not_aa), "/data/day.bin", {"--rate", "100000"}, &error));
  EXPECT_NE(error.find("not the compare.json of a `compare --aa` run"), std::string::npos) << error;
}

}  // namespace
}  // namespace hftbot::lab
