// Reading one bot run's report.json and deciding whether it is complete: the lab
// analyses a run only when its report has everything the tools read (allocator name,
// digest, throughput, latency stages, memory, run settings), and resumes a campaign by
// reusing exactly those runs.
//
// Thread safety: pure functions (LoadRunReport reads a file).

#ifndef HFTBOT_LAB_RUN_REPORT_H_
#define HFTBOT_LAB_RUN_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace hftbot::lab {

// Empty when `report` is complete, else what is missing ("no digest").
std::string CheckRunReport(const nlohmann::json& report);

// Reads and checks `path`; on success fills `report` and returns an empty string, else
// says why ("report.json missing", "not JSON: ...", "no digest").
std::string LoadRunReport(const std::string& path, nlohmann::json* report);

// Reads any JSON file; empty string on success, else why.
std::string LoadJsonFile(const std::string& path, nlohmann::json* out);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_RUN_REPORT_H_
