// Plots for compare: latency percentiles on HdrHistogram's 1/(1-p) axis and memory
// over time, rendered by gnuplot into PNG files a browser opens.
//
// Thread safety: start-up/report code; runs gnuplot as a child process.

#ifndef HFTBOT_LAB_PLOT_H_
#define HFTBOT_LAB_PLOT_H_

#include <string>
#include <utility>
#include <vector>

namespace hftbot::lab {

struct PlotSeries {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (x, y)
};

// x = percentile in 0..100 (plotted as 1/(1-p) on a log axis, p50 to p99.99), y = µs.
// Returns an empty string on success, else why the plot could not be made.
std::string PlotLatencyPercentiles(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series);

// x = seconds since the replay started, y = MiB.
std::string PlotMemoryOverTime(const std::string& png_path, const std::string& title,
                               const std::vector<PlotSeries>& series);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_PLOT_H_
