#include "lab/plot.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "lab/subprocess.h"

namespace hftbot::lab {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Writes one data file per series next to the image and runs gnuplot on `script`.
std::string Render(const std::string& png_path, const std::string& preamble, const std::vector<PlotSeries>& series,
                   const std::string& x_transform) {
  std::string plot = "plot ";
  for (size_t i = 0; i < series.size(); ++i) {
    std::string data_path = png_path + "." + std::to_string(i) + ".dat";
    std::ofstream data(data_path);
    for (const auto& [x, y] : series[i].points) data << fmt::format("{:.10g} {:.10g}\n", x, y);
    plot += fmt::format("{}{} using ({}):2 with lines linewidth 2 title {}", i ? ", " : "", Quote(data_path),
                        x_transform, Quote(series[i].label));
  }
  std::string script_path = png_path + ".gp";
  std::ofstream(script_path) << "set terminal pngcairo size 960,560 noenhanced font 'Sans,10'\n"
                             << "set output " << Quote(png_path) << "\n"
                             << preamble << plot << "\n";
  ProcessResult gnuplot = RunProcess({"/usr/bin/gnuplot", script_path});
  if (gnuplot.exit_code != 0) {
    return "gnuplot failed (exit " + std::to_string(gnuplot.exit_code) + "): " + gnuplot.stderr_text +
           (gnuplot.exit_code < 0 ? " (install gnuplot-nox; ./bazelw does)" : "");
  }
  return "";
}

}  // namespace

std::string PlotLatencyPercentiles(const std::string& png_path, const std::string& title,
                                   const std::vector<PlotSeries>& series) {
  std::string preamble = fmt::format(
      "set title {}\nset logscale x\nset xrange [2:10000]\nset grid\n"
      // gnuplot treats tic labels as format strings: '%%' prints one '%'.
      "set xtics ('50%%' 2, '90%%' 10, '99%%' 100, '99.9%%' 1000, '99.99%%' 10000)\n"
      "set xlabel 'percentile'\nset ylabel 'latency (us)'\nset key top left\n",
      Quote(title));
  return Render(png_path, preamble, series, "100.0/(100.0-$1)");
}

std::string PlotMemoryOverTime(const std::string& png_path, const std::string& title,
                               const std::vector<PlotSeries>& series) {
  std::string preamble = fmt::format(
      "set title {}\nset grid\nset xlabel 'seconds since the replay started'\nset ylabel 'MiB'\n"
      "set key top left\n",
      Quote(title));
  return Render(png_path, preamble, series, "$1");
}

}  // namespace hftbot::lab
