#include "lab/bar_chart.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

BarChart Chart(bool log_y) {
  BarChart chart;
  chart.title = "p99";
  chart.y_label = "us";
  chart.categories = {"default", "narenas:1"};
  chart.series = {{"median", {40.0, std::nullopt}, {35.0, std::nullopt}, {60.0, std::nullopt}}};
  chart.log_y = log_y;
  return chart;
}

TEST(BarChartTest, LatencyChartsHaveALogarithmicAxis) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string png = std::string(tmp ? tmp : "/tmp") + "/bars.png";
  PlotBarChart(png, Chart(true));
  std::string script = Slurp(png + ".gp");
  EXPECT_NE(script.find("set logscale y"), std::string::npos) << script;
  EXPECT_EQ(script.find("set yrange [0:*]"), std::string::npos);
  EXPECT_EQ(Slurp(png + ".dat"), "\"default\" 40 35 60\n\"narenas:1\" NaN NaN NaN\n");
  PlotBarChart(png, Chart(false));
  EXPECT_EQ(Slurp(png + ".gp").find("logscale"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::lab
