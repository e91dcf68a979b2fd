#include "lab/output_dir.h"

#include <ctime>

#include "base/atomic_file.h"
#include "base/paths.h"

namespace hftbot::lab {

std::string DefaultOutputDir(const std::string& tool) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &local);
  return ResolveUserPath("hftbot-out/" + tool + "-" + stamp);
}

std::string WriteOutputFiles(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  for (const auto& [name, content] : files) {
    std::string problem = WriteFileAtomically(dir + "/" + name, content);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace hftbot::lab
