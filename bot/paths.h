// Where files are: user paths resolve against the directory the user ran from
// ($BUILD_WORKING_DIRECTORY under `bazel run`), bundled files against the runfiles tree.

#ifndef HFTBOT_BOT_PATHS_H_
#define HFTBOT_BOT_PATHS_H_

#include <string>

namespace hftbot::bot {

// An absolute path stays; a relative one is joined to $BUILD_WORKING_DIRECTORY when set.
std::string ResolveUserPath(const std::string& path);

// A file shipped with the bot (e.g. "data/sample.ticks.gz", "config/default.toml"),
// looked up in $RUNFILES_DIR, next to argv[0] (<binary>.runfiles/hftbot), then the
// current directory. Returns the first that exists, else `relative` unchanged.
std::string ResolveBundledFile(const std::string& relative, const std::string& argv0);

// "hftbot-out/<tool>-<YYYYmmdd-HHMMSS>", resolved like a user path: where compare, tune
// and the seed report write when given no --out.
std::string DefaultOutputDir(const std::string& tool);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_PATHS_H_
