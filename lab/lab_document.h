// Pieces of text every lab tool's Markdown output shares: how many runs were reused,
// ran and failed (with each failure's reason), and the statistics rules its verdicts
// follow, stated with the numbers in force.
//
// Thread safety: pure functions.

#ifndef HFTBOT_LAB_LAB_DOCUMENT_H_
#define HFTBOT_LAB_LAB_DOCUMENT_H_

#include <string>
#include <vector>

#include "lab/campaign.h"
#include "lab/verdict.h"

namespace hftbot::lab {

// "runs: 24 ran, 3 reused from an earlier invocation, 1 failed (listed under Failed runs)".
std::string RunsLine(const CampaignCounts& counts);

// "## Failed runs" with one item per failure (reason and the bot's stderr tail), or "".
std::string FailedRunsSection(const std::vector<std::string>& failure_lines);

// The rules behind every verdict cell, for the end of a document.
std::string VerdictRulesSection(const VerdictRules& rules);

// A Markdown table row from cells: "| a | b |\n".
std::string TableRow(const std::vector<std::string>& cells);

// The header separator for `columns` columns: "|---|---|\n".
std::string TableRule(size_t columns);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_LAB_DOCUMENT_H_
