#include "lab/bar_chart.h"

#include <fmt/format.h>

#include "lab/gnuplot.h"

namespace hftbot::lab {
namespace {

std::string Value(const std::vector<std::optional<double>>& v, size_t i) {
  return i < v.size() && v[i] ? fmt::format("{:.6g}", *v[i]) : "NaN";
}

}  // namespace

std::string PlotBarChart(const std::string& png_path, const BarChart& chart) {
  if (chart.categories.empty() || chart.series.empty()) return "nothing to plot";
  // One row per category: name, then (value, low, high) per series. gnuplot skips NaN.
  GnuplotFile data{png_path + ".dat", ""};
  for (size_t i = 0; i < chart.categories.size(); ++i) {
    data.text += '"' + chart.categories[i] + '"';
    for (const BarSeries& s : chart.series) {
      const std::string value = Value(s.values, i);
      const std::string low = s.low.empty() ? value : Value(s.low, i);
      const std::string high = s.high.empty() ? value : Value(s.high, i);
      data.text += ' ' + value + ' ' + low + ' ' + high;
    }
    data.text += '\n';
  }
  std::string plot = "plot ";
  for (size_t k = 0; k < chart.series.size(); ++k) {
    const size_t column = 2 + 3 * k;
    plot += fmt::format("{}{} using {}:{}:{}{} title {}", k ? ", " : "", k ? "''" : GnuplotQuote(data.path), column,
                        column + 1, column + 2, k ? "" : ":xtic(1)", GnuplotQuote(chart.series[k].label));
  }
  // A logarithmic axis has no zero for the bars to stand on: they rise from the axis's
  // bottom, and the error bars stay readable across orders of magnitude.
  std::string preamble = fmt::format(
      "set title {}\nset ylabel {}\nset grid ytics\nset key top left\n{}"
      "set style data histogram\nset style histogram errorbars gap 1 lw 1\n"
      "set style fill solid 0.75 border -1\nset boxwidth 0.9\nset xtics rotate by -25 nomirror\n"
      "set datafile missing 'NaN'\n",
      GnuplotQuote(chart.title), GnuplotQuote(chart.y_label + (chart.log_y ? " (log scale)" : "")),
      chart.log_y ? "set logscale y\n" : "set yrange [0:*]\n");
  if (chart.reference_line) {
    preamble += fmt::format("set arrow from graph 0, first {0} to graph 1, first {0} nohead dashtype 2 lw 1.5\n",
                            *chart.reference_line);
  }
  return RenderPng(png_path, 1100, 600, preamble + plot, {data});
}

}  // namespace hftbot::lab
