// What every plot of the lab shares with gnuplot: quoting a string into a script and
// running a script file.
//
// Thread safety: RunGnuplot may be called from any thread (one child per call).

#ifndef HFTBOT_LAB_GNUPLOT_H_
#define HFTBOT_LAB_GNUPLOT_H_

#include <string>

namespace hftbot::lab {

// s as a gnuplot single-quoted string ('' stands for ').
std::string GnuplotQuote(const std::string& s);

// Runs /usr/bin/gnuplot on script_path. "" on success, else why not (naming the
// package to install when gnuplot is missing).
std::string RunGnuplot(const std::string& script_path);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_GNUPLOT_H_
