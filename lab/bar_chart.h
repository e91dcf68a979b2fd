// Grouped bar charts with error bars (e.g. workloads × allocators, time relative to
// a baseline with its min–max spread), rendered by gnuplot into a PNG. Written for
// //bench/seed:report; plot.h keeps the line plots of compare.
//
// Thread safety: start-up/report code; runs gnuplot as a child process.

#ifndef HFTBOT_LAB_BAR_CHART_H_
#define HFTBOT_LAB_BAR_CHART_H_

#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

struct BarSeries {
  std::string label;  // legend entry, e.g. "jemalloc"
  // One bar per category, same order as BarChart::categories; empty = no bar.
  std::vector<std::optional<double>> values, low, high;
};

struct BarChart {
  std::string title;
  std::string y_label;
  std::vector<std::string> categories;   // x axis groups, e.g. workload names
  std::vector<BarSeries> series;         // bars within each group
  std::optional<double> reference_line;  // dashed horizontal line, e.g. 1.0 = baseline
};

// Writes <png_path>.dat and <png_path>.gp next to the image and runs gnuplot.
// Returns an empty string on success, else why the chart could not be made.
std::string PlotBarChart(const std::string& png_path, const BarChart& chart);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_BAR_CHART_H_
