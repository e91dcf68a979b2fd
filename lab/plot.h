// Line plots for the lab tools, rendered by gnuplot into PNG files a browser opens.
// Every latency axis is logarithmic: p50 to p99.99 spans three orders of magnitude,
// and on a linear axis the body of the distribution is a flat line.
//
// Thread safety: start-up/report code; runs gnuplot as a child process.

#ifndef HFTBOT_LAB_PLOT_H_
#define HFTBOT_LAB_PLOT_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hftbot::lab {

struct PlotSeries {
  std::string label;
  std::vector<std::pair<double, double>> points;  // (x, y)
  int color = 0;  // gnuplot line colour index (1-based); 0 = by position
  int dash = 1;   // gnuplot dash type: 1 solid, 2 dashed, 3 dotted...
};

// A dashed vertical line at x, e.g. an allocator's saturation throughput.
struct VerticalMarker {
  double x = 0;
  std::string label;
  int color = 0;
};

// A dashed horizontal line at y, e.g. an SLO bound.
struct HorizontalMarker {
  double y = 0;
  std::string label;
};

// x = percentile in 0..100 (plotted as 1/(1-p) on a log axis, p50 to p99.99), y = µs
// on a log axis. Returns an empty string on success, else why the plot was not made.
std::string PlotLatencyPercentiles(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series);

// x = offered rate in events/s, y = µs on a log axis; `markers` at saturation points,
// `bound` (e.g. the SLO) as a horizontal line.
std::string PlotLatencyAgainstRate(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series, const std::vector<VerticalMarker>& markers,
                                   const std::optional<HorizontalMarker>& bound = std::nullopt);

// x = seconds since the replay started, y = µs on a log axis (e.g. each interval's p99).
std::string PlotLatencyOverTime(const std::string& png_path, const std::string& title,
                                const std::vector<PlotSeries>& series);

// x = seconds since the replay started, y = MiB (linear: memory is not a latency).
std::string PlotMemoryOverTime(const std::string& png_path, const std::string& title,
                               const std::vector<PlotSeries>& series);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_PLOT_H_
