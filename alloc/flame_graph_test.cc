#include "alloc/flame_graph.h"

#include <regex>

#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

// Width of the rectangle whose title starts with `frame (`.
double WidthOf(const std::string& svg, const std::string& frame) {
  std::regex pattern("<title>" + frame + " \\([^<]*</title><rect x=\"[0-9.]+\" y=\"[0-9.]+\" width=\"([0-9.]+)\"");
  std::smatch match;
  return std::regex_search(svg, match, pattern) ? std::stod(match[1]) : -1;
}

TEST(FlameGraphTest, FoldedLinesAreMergedAndSorted) {
  std::vector<FoldedStack> stacks = {{{"book", "main", "Apply"}, 3}, {{"book", "main", "Apply"}, 2},
                                     {{"feed", "a;b"}, 1}};
  EXPECT_EQ(FoldedText(stacks), "book;main;Apply 5\nfeed;a:b 1\n");
}

TEST(FlameGraphTest, WidthsAreProportionalToSamples) {
  std::vector<FoldedStack> stacks = {{{"book", "Apply"}, 3}, {{"book", "Cancel"}, 1}, {{"feed", "Read<int>"}, 4}};
  std::string svg = FlameGraphSvg(stacks, "t");
  EXPECT_NEAR(WidthOf(svg, "book"), 600.0, 0.01);
  EXPECT_NEAR(WidthOf(svg, "Apply"), 450.0, 0.01);
  EXPECT_NEAR(WidthOf(svg, "Cancel"), 150.0, 0.01);
  EXPECT_NEAR(WidthOf(svg, "Read&lt;int&gt;"), 600.0, 0.01);  // escaped
  EXPECT_EQ(svg.find("Read<int>"), std::string::npos);
}

TEST(FlameGraphTest, EmptyProfileSaysSo) {
  EXPECT_NE(FlameGraphSvg({}, "t").find("no stacks sampled"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::alloc
