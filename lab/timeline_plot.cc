#include "lab/timeline_plot.h"

#include <fmt/format.h>

#include <algorithm>

#include "lab/gnuplot.h"

namespace hftbot::lab {

std::string PlotLatencyTimeline(const std::string& png_path, const std::string& title,
                                const std::map<std::string, std::vector<IntervalLatency>>& latency,
                                const std::vector<std::string>& stages, const std::vector<MemoryPoint>& memory) {
  double end_s = 0;
  for (const std::string& stage : stages) {
    const auto found = latency.find(stage);
    if (found == latency.end() || found->second.empty()) return "the interval log has no '" + stage + "' intervals";
    end_s = std::max(end_s, found->second.back().t_s);
  }
  if (!memory.empty()) end_s = std::max(end_s, memory.back().t_s);
  const int panels = static_cast<int>(stages.size() + (memory.empty() ? 0 : 1));
  if (panels == 0) return "nothing to plot";

  std::vector<GnuplotFile> files;
  std::string script = fmt::format(
      "set multiplot layout {},1 title {}\nset grid\nset xrange [0:{:.6g}]\nset key outside right top\n"
      "set lmargin 12\nset rmargin 26\n",
      panels, GnuplotQuote(title), end_s);
  for (const std::string& stage : stages) {
    GnuplotFile data{png_path + "." + stage + ".dat", ""};
    // An empty interval is a blank line: gnuplot breaks the lines there.
    for (const IntervalLatency& interval : latency.at(stage)) {
      data.text += interval.count == 0 ? std::string("\n")
                                       : fmt::format("{:.6f} {:.6g} {:.6g} {:.6g} {:.6g}\n", interval.t_s,
                                                     interval.p50_us, interval.p99_us, interval.p99_9_us,
                                                     interval.max_us);
    }
    script += fmt::format("set title {}\nset logscale y\nset ylabel 'us (log)'\nunset xlabel\nplot ",
                          GnuplotQuote(stage + ", per interval"));
    const char* names[] = {"p50", "p99", "p99.9", "max"};
    for (int column = 0; column < 4; ++column) {
      script += fmt::format("{}{} using 1:{} with linespoints pointsize 0.4 linewidth 2 title '{}'",
                            column ? ", " : "", GnuplotQuote(data.path), column + 2, names[column]);
    }
    script += "\n";
    files.push_back(std::move(data));
  }
  if (!memory.empty()) {
    GnuplotFile data{png_path + ".memory.dat", ""};
    bool resident = false;
    for (const MemoryPoint& point : memory) {
      data.text += fmt::format("{:.6f} {:.6g} {:.6g}\n", point.t_s, point.rss_mib,
                               point.resident_mib < 0 ? 0.0 : point.resident_mib);
      resident |= point.resident_mib >= 0;
    }
    script += "set title 'memory'\nunset logscale y\nset ylabel 'MiB'\nset xlabel 'seconds since the replay started'\n";
    script += fmt::format("plot {} using 1:2 with lines linewidth 2 title 'process RSS'", GnuplotQuote(data.path));
    if (resident) {
      script += fmt::format(", {} using 1:3 with lines linewidth 2 title 'allocator resident'", GnuplotQuote(data.path));
    }
    script += "\n";
    files.push_back(std::move(data));
  }
  script += "unset multiplot";
  return RenderPng(png_path, 1100, 260 * panels, script, files);
}

}  // namespace hftbot::lab
