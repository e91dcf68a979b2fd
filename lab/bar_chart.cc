#include "lab/bar_chart.h"

#include <fmt/format.h>

#include <fstream>

#include "lab/subprocess.h"

namespace hftbot::lab {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string Value(const std::vector<std::optional<double>>& v, size_t i) {
  return i < v.size() && v[i] ? fmt::format("{:.6g}", *v[i]) : "NaN";
}

}  // namespace

std::string PlotBarChart(const std::string& png_path, const BarChart& chart) {
  if (chart.categories.empty() || chart.series.empty()) return "nothing to plot";
  // One row per category: name, then (value, low, high) per series. gnuplot skips NaN.
  const std::string data_path = png_path + ".dat";
  {
    std::ofstream data(data_path);
    for (size_t i = 0; i < chart.categories.size(); ++i) {
      data << '"' << chart.categories[i] << '"';
      for (const BarSeries& s : chart.series) {
        const std::string value = Value(s.values, i);
        const std::string low = s.low.empty() ? value : Value(s.low, i);
        const std::string high = s.high.empty() ? value : Value(s.high, i);
        data << ' ' << value << ' ' << low << ' ' << high;
      }
      data << '\n';
    }
  }
  std::string plot = "plot ";
  for (size_t k = 0; k < chart.series.size(); ++k) {
    const size_t column = 2 + 3 * k;
    plot += fmt::format("{}{} using {}:{}:{}{} title {}", k ? ", " : "",
                        k ? "''" : Quote(data_path), column, column + 1, column + 2,
                        k ? "" : ":xtic(1)", Quote(chart.series[k].label));
  }
  std::string preamble = fmt::format(
      "set title {}\nset ylabel {}\nset grid ytics\nset key top left\nset yrange [0:*]\n"
      "set style data histogram\nset style histogram errorbars gap 1 lw 1\n"
      "set style fill solid 0.75 border -1\nset boxwidth 0.9\nset xtics rotate by -25 nomirror\n"
      "set datafile missing 'NaN'\n",
      Quote(chart.title), Quote(chart.y_label));
  if (chart.reference_line) {
    preamble += fmt::format(
        "set arrow from graph 0, first {0} to graph 1, first {0} nohead dashtype 2 lw 1.5\n",
        *chart.reference_line);
  }
  const std::string script_path = png_path + ".gp";
  std::ofstream(script_path) << "set terminal pngcairo size 1100,600 noenhanced font 'Sans,10'\n"
                             << "set output " << Quote(png_path) << "\n"
                             << preamble << plot << "\n";
  ProcessResult gnuplot = RunProcess({"/usr/bin/gnuplot", script_path});
  if (gnuplot.exit_code != 0) {
    return "gnuplot failed (exit " + std::to_string(gnuplot.exit_code) +
           "): " + gnuplot.stderr_text +
           (gnuplot.exit_code < 0 ? " (install gnuplot-nox; ./bazelw does)" : "");
  }
  return "";
}

}  // namespace hftbot::lab
