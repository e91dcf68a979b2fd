#include "lab/plot.h"

#include <fmt/format.h>

#include "lab/gnuplot.h"

namespace hftbot::lab {
namespace {

// One data file per series next to the image, and the plot command drawing them.
std::string Render(const std::string& png_path, const std::string& preamble, const std::vector<PlotSeries>& series,
                   const std::string& x_transform) {
  if (series.empty()) return "nothing to plot";
  std::vector<GnuplotFile> files;
  std::string plot = "plot ";
  for (size_t i = 0; i < series.size(); ++i) {
    GnuplotFile data{png_path + "." + std::to_string(i) + ".dat", ""};
    for (const auto& [x, y] : series[i].points) data.text += fmt::format("{:.10g} {:.10g}\n", x, y);
    if (data.text.empty()) data.text = "NaN NaN\n";  // gnuplot refuses an empty file
    const int color = series[i].color > 0 ? series[i].color : static_cast<int>(i) + 1;
    plot += fmt::format("{}{} using ({}):2 with linespoints pointsize 0.6 linewidth 2 linecolor {} dashtype {} title {}",
                        i ? ", " : "", GnuplotQuote(data.path), x_transform, color, series[i].dash,
                        GnuplotQuote(series[i].label));
    files.push_back(std::move(data));
  }
  return RenderPng(png_path, 960, 560, preamble + plot, files);
}

}  // namespace

std::string PlotLatencyPercentiles(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series) {
  std::string preamble = fmt::format(
      "set title {}\nset logscale x\nset logscale y\nset xrange [2:10000]\nset grid\n"
      // gnuplot treats tic labels as format strings: '%%' prints one '%'.
      "set xtics ('50%%' 2, '90%%' 10, '99%%' 100, '99.9%%' 1000, '99.99%%' 10000)\n"
      "set xlabel 'percentile'\nset ylabel 'latency (us, log scale)'\nset key top left\n",
      GnuplotQuote(title));
  return Render(png_path, preamble, series, "100.0/(100.0-$1)");
}

std::string PlotLatencyAgainstRate(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series, const std::vector<VerticalMarker>& markers,
                                   const std::optional<HorizontalMarker>& bound) {
  std::string preamble = fmt::format(
      "set title {}\nset logscale y\nset grid\nset xlabel 'offered rate (events/s)'\n"
      "set ylabel 'latency (us, log scale)'\nset key top left\nset format x '%.3s%c'\n",
      GnuplotQuote(title));
  for (size_t i = 0; i < markers.size(); ++i) {
    const int color = markers[i].color > 0 ? markers[i].color : static_cast<int>(i) + 1;
    preamble += fmt::format(
        "set arrow from {0:.10g}, graph 0 to {0:.10g}, graph 1 nohead dashtype 3 linewidth 1.5 linecolor {1}\n"
        "set label {2} at {0:.10g}, graph 0.98 rotate by 90 right textcolor lt {1}\n",
        markers[i].x, color, GnuplotQuote(markers[i].label));
  }
  if (bound) {
    preamble += fmt::format(
        "set arrow from graph 0, first {0:.10g} to graph 1, first {0:.10g} nohead dashtype 2 linewidth 1.5 linecolor "
        "rgb 'red'\nset label {1} at graph 0.01, first {0:.10g} offset 0,0.7 textcolor rgb 'red'\n",
        bound->y, GnuplotQuote(bound->label));
  }
  return Render(png_path, preamble, series, "$1");
}

std::string PlotLatencyOverTime(const std::string& png_path, const std::string& title,
                                const std::vector<PlotSeries>& series) {
  std::string preamble = fmt::format(
      "set title {}\nset logscale y\nset grid\nset xlabel 'seconds since the replay started'\n"
      "set ylabel 'latency (us, log scale)'\nset key top left\n",
      GnuplotQuote(title));
  return Render(png_path, preamble, series, "$1");
}

std::string PlotMemoryOverTime(const std::string& png_path, const std::string& title,
                               const std::vector<PlotSeries>& series) {
  std::string preamble = fmt::format(
      "set title {}\nset grid\nset xlabel 'seconds since the replay started'\nset ylabel 'MiB'\n"
      "set key top left\n",
      GnuplotQuote(title));
  return Render(png_path, preamble, series, "$1");
}

}  // namespace hftbot::lab
