#include "lab/gnuplot.h"

#include "lab/subprocess.h"

namespace hftbot::lab {

std::string GnuplotQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string RunGnuplot(const std::string& script_path) {
  ProcessResult gnuplot = RunProcess({"/usr/bin/gnuplot", script_path});
  if (gnuplot.exit_code == 0) return "";
  return "gnuplot failed (exit " + std::to_string(gnuplot.exit_code) + "): " + gnuplot.stderr_text +
         (gnuplot.exit_code < 0 ? " (install gnuplot-nox; ./bazelw does)" : "");
}

}  // namespace hftbot::lab
