#include "lab/gnuplot.h"

#include <fmt/format.h>

#include "base/atomic_file.h"
#include "lab/subprocess.h"

namespace hftbot::lab {

std::string GnuplotQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string RenderPng(const std::string& png_path, int width, int height, const std::string& script,
                      const std::vector<GnuplotFile>& files) {
  for (const GnuplotFile& file : files) {
    std::string problem = WriteFileAtomically(file.path, file.text);
    if (!problem.empty()) return problem;
  }
  const std::string script_path = png_path + ".gp";
  std::string problem = WriteFileAtomically(
      script_path, fmt::format("set terminal pngcairo size {},{} noenhanced font 'Sans,10'\nset output {}\n{}\n", width,
                               height, GnuplotQuote(png_path), script));
  if (!problem.empty()) return problem;
  ProcessResult gnuplot = RunProcess({"/usr/bin/gnuplot", script_path}, {{}, {}, {}, 60});
  if (gnuplot.exit_code != 0) {
    return fmt::format("gnuplot failed (exit {}): {}{}", gnuplot.exit_code, gnuplot.stderr_text,
                       gnuplot.exit_code < 0 ? " (install gnuplot-nox; ./bazelw does)" : "");
  }
  return "";
}

}  // namespace hftbot::lab
