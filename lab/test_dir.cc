#include "lab/test_dir.h"

#include <cstdlib>
#include <filesystem>

namespace hftbot::lab {

std::string FreshTestDir(const std::string& name) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string dir = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

}  // namespace hftbot::lab
