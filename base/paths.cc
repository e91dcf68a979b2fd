#include "base/paths.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace hftbot {

std::string ResolveUserPath(const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  const char* working_directory = std::getenv("BUILD_WORKING_DIRECTORY");
  if (working_directory == nullptr || *working_directory == '\0') return path;
  return (std::filesystem::path(working_directory) / path).string();
}

std::string ResolveBundledFile(const std::string& relative, const std::string& argv0) {
  std::vector<std::filesystem::path> candidates;
  if (const char* runfiles = std::getenv("RUNFILES_DIR")) {
    candidates.push_back(std::filesystem::path(runfiles) / "hftbot" / relative);
  }
  candidates.push_back(std::filesystem::path(argv0 + ".runfiles") / "hftbot" / relative);
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) candidates.push_back(std::filesystem::path(self.string() + ".runfiles") / "hftbot" / relative);
  candidates.push_back(relative);
  for (const auto& candidate : candidates) {
    if (std::filesystem::exists(candidate, error)) return candidate.string();
  }
  return relative;
}

}  // namespace hftbot
