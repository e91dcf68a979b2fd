#include "lab/plot.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::string Path(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  return std::string(tmp ? tmp : "/tmp") + "/" + name;
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::vector<PlotSeries> kSeries = {{"system", {{50, 6}, {99, 40}, {99.9, 600}}, 0, 1},
                                         {"jemalloc", {{50, 6}, {99, 45}, {99.9, 350}}, 2, 2}};

TEST(PlotTest, LatencyPercentilesUseLogarithmicAxes) {
  std::string png = Path("percentiles.png");
  std::string problem = PlotLatencyPercentiles(png, "t", kSeries);
  std::string script = Slurp(png + ".gp");
  EXPECT_NE(script.find("set logscale y"), std::string::npos) << script;
  EXPECT_NE(script.find("set logscale x"), std::string::npos);
  EXPECT_NE(script.find("linecolor 2 dashtype 2 title 'jemalloc'"), std::string::npos) << script;
  EXPECT_EQ(Slurp(png + ".1.dat"), "50 6\n99 45\n99.9 350\n");
  ASSERT_EQ(problem, "");
  EXPECT_GT(std::filesystem::file_size(png), 1000u);
}

TEST(PlotTest, LatencyAgainstRateMarksSaturation) {
  std::string png = Path("rate.png");
  std::string problem =
      PlotLatencyAgainstRate(png, "t", kSeries, {{1.5e6, "system saturates", 1}}, HorizontalMarker{80, "SLO"});
  std::string script = Slurp(png + ".gp");
  EXPECT_NE(script.find("set logscale y"), std::string::npos) << script;
  EXPECT_EQ(script.find("set logscale x"), std::string::npos);
  EXPECT_NE(script.find("set arrow from 1500000, graph 0 to 1500000, graph 1"), std::string::npos) << script;
  EXPECT_NE(script.find("'system saturates'"), std::string::npos);
  EXPECT_NE(script.find("set arrow from graph 0, first 80 to graph 1, first 80"), std::string::npos) << script;
  ASSERT_EQ(problem, "");
  EXPECT_GT(std::filesystem::file_size(png), 1000u);
}

TEST(PlotTest, LatencyOverTimeUsesALogarithmicAxis) {
  std::string png = Path("over-time.png");
  ASSERT_EQ(PlotLatencyOverTime(png, "t", {{"system p99", {{0, 40}, {0.1, 4000}, {0.2, 45}}, 0, 1}}), "");
  EXPECT_NE(Slurp(png + ".gp").find("set logscale y"), std::string::npos);
  EXPECT_EQ(Slurp(png + ".gp").find("set logscale x"), std::string::npos);
  EXPECT_GT(std::filesystem::file_size(png), 1000u);
}

TEST(PlotTest, MemoryIsLinearAndEmptyPlotsAreRefused) {
  std::string png = Path("memory.png");
  PlotMemoryOverTime(png, "t", {{"rss", {{0, 30}, {1, 33}}, 0, 1}});
  EXPECT_EQ(Slurp(png + ".gp").find("logscale"), std::string::npos);
  EXPECT_EQ(PlotMemoryOverTime(Path("none.png"), "t", {}), "nothing to plot");
}

}  // namespace
}  // namespace hftbot::lab
