// Where the lab tools write when the user gives no --out: a fresh, timestamped folder
// under hftbot-out/ in the directory the command was run from.
//
// Thread safety: any thread.

#ifndef HFTBOT_LAB_OUTPUT_DIR_H_
#define HFTBOT_LAB_OUTPUT_DIR_H_

#include <string>

namespace hftbot::lab {

// "hftbot-out/<tool>-<YYYYmmdd-HHMMSS>", resolved like a user path (base/paths.h).
std::string DefaultOutputDir(const std::string& tool);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_OUTPUT_DIR_H_
