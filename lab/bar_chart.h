// Grouped bar charts with error bars (e.g. workloads × allocators, time relative to
// a baseline with its min–max spread), rendered by gnuplot into a PNG: the seed report's
// time ratios, tune's ranking. plot.h keeps the line plots.
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
  bool log_y = false;                    // a logarithmic value axis: set it for every latency chart
};

// Writes <png_path>.dat and <png_path>.gp (atomically) next to the image and runs gnuplot.
// Returns an empty string on success, else why the chart could not be made.
std::string PlotBarChart(const std::string& png_path, const BarChart& chart);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_BAR_CHART_H_
