// Where files are: user paths resolve against the directory the user ran from
// ($BUILD_WORKING_DIRECTORY under `bazel run`), bundled files against the runfiles tree.
//
// Thread safety: pure functions of the environment; call from any thread.

#ifndef HFTBOT_BASE_PATHS_H_
#define HFTBOT_BASE_PATHS_H_

#include <string>

namespace hftbot {

// An absolute path stays; a relative one is joined to $BUILD_WORKING_DIRECTORY when set.
std::string ResolveUserPath(const std::string& path);

// A file shipped with a binary (e.g. "data/sample.bin.gz", "config/default.toml"),
// looked up in $RUNFILES_DIR, next to argv[0] (<binary>.runfiles/hftbot), then the
// current directory. Returns the first that exists, else `relative` unchanged.
std::string ResolveBundledFile(const std::string& relative, const std::string& argv0);

}  // namespace hftbot

#endif  // HFTBOT_BASE_PATHS_H_
