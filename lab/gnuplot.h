// Rendering a PNG with gnuplot: the script and its data files are written atomically
// next to the image (so a reader never sees half a plot's data) and gnuplot runs on
// the script. Shared by the line plots (plot.h) and the bar charts (bar_chart.h).
//
// Thread safety: any thread; runs gnuplot as a child process.

#ifndef HFTBOT_LAB_GNUPLOT_H_
#define HFTBOT_LAB_GNUPLOT_H_

#include <string>
#include <vector>

namespace hftbot::lab {

struct GnuplotFile {
  std::string path;
  std::string text;
};

// `s` as a gnuplot single-quoted string.
std::string GnuplotQuote(const std::string& s);

// Writes `files` and <png_path>.gp (terminal and output lines, then `script`), and runs
// gnuplot. Returns an empty string on success, else why no image was made.
std::string RenderPng(const std::string& png_path, int width, int height, const std::string& script,
                      const std::vector<GnuplotFile>& files);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_GNUPLOT_H_
