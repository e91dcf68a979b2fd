#include "lab/lab_document.h"

#include <fmt/format.h>

namespace hftbot::lab {

std::string RunsLine(const CampaignCounts& counts) {
  std::string line = fmt::format("runs: {} ran", counts.ran);
  if (counts.reused > 0) line += fmt::format(", {} reused from an earlier invocation (--resume)", counts.reused);
  if (counts.failed > 0) line += fmt::format(", {} failed (listed under Failed runs, left out of every figure)", counts.failed);
  return line;
}

std::string FailedRunsSection(const std::vector<std::string>& failure_lines) {
  if (failure_lines.empty()) return "";
  std::string section = "## Failed runs\n\n";
  for (const std::string& line : failure_lines) {
    const auto colon = line.find(":\n");
    if (colon == std::string::npos) {
      section += "- " + line + "\n";
    } else {
      section += "- " + line.substr(0, colon) + ":\n\n  ```\n";
      std::string tail = line.substr(colon + 2);
      for (size_t start = 0; start < tail.size();) {
        size_t end = tail.find('\n', start);
        if (end == std::string::npos) end = tail.size();
        section += "  " + tail.substr(start, end - start) + "\n";
        start = end + 1;
      }
      section += "  ```\n";
    }
  }
  return section + "\n";
}

std::string VerdictRulesSection(const VerdictRules& rules) {
  return fmt::format(
      "## How to read the verdicts\n\n"
      "Each verdict cell is `change [interval] p word`. change: the median of the runs against the baseline's "
      "median, in percent. interval: the {0:.0f}% Hodges-Lehmann confidence interval of the shift between the two "
      "sets of runs, in percent of the baseline's median (`[n/a]` when the runs are too few for one). p: the "
      "two-sided Mann-Whitney U p-value (exact up to 50 runs in all, else the normal approximation with tie "
      "correction), Holm-adjusted over every test in the table. The word:\n\n"
      "- **too few runs to tell**: with these run counts no outcome could reach p < {1} / (tests in the table), "
      "not even every run of one beating every run of the other. It never means \"no difference\": run more "
      "rounds.\n"
      "- **within noise**: p >= {1} after Holm, or the change is smaller than the threshold: {2:.1f}% "
      "(--min-effect), or the metric's A/A spread when one was measured (--noise) and is larger. A difference "
      "that small is never called better, whatever p says.\n"
      "- **better** / **worse**: p < {1} after Holm and a change at least the threshold, in the metric's "
      "direction.\n\n"
      "A recommendation names an allocator (or setting) only when it is *better*; when several are better and "
      "cannot be told apart from the best, it names all of them.\n",
      rules.confidence * 100, rules.alpha, rules.min_effect_pct);
}

std::string TableRow(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& cell : cells) row += " " + cell + " |";
  return row + "\n";
}

std::string TableRule(size_t columns) {
  std::string rule = "|";
  for (size_t i = 0; i < columns; ++i) rule += "---|";
  return rule + "\n";
}

}  // namespace hftbot::lab
