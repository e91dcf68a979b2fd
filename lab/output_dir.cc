#include "lab/output_dir.h"

#include <ctime>

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

}  // namespace hftbot::lab
