// Where the lab tools write: a fresh, timestamped folder under hftbot-out/ in the
// directory the command was run from when the user gives no --out, and the tool's
// result files written there atomically (a reader sees the old file or the whole new
// one, never a truncated one).
//
// Thread safety: any thread.

#ifndef HFTBOT_LAB_OUTPUT_DIR_H_
#define HFTBOT_LAB_OUTPUT_DIR_H_

#include <string>
#include <utility>
#include <vector>

namespace hftbot::lab {

// "hftbot-out/<tool>-<YYYYmmdd-HHMMSS>", resolved like a user path (base/paths.h).
std::string DefaultOutputDir(const std::string& tool);

// Writes each (file name, content) into `dir` atomically. Returns an empty string, or
// what failed ("cannot write /out/compare.json: No space left on device").
std::string WriteOutputFiles(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_OUTPUT_DIR_H_
