#include "tests/fake_bots.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/bot_runner.h"

namespace hftbot::tests {

std::string MakeFakeBots(const std::string& name, const std::vector<std::string>& allocators,
                         const nlohmann::json& config) {
  const std::string dir = TempPath(name);
  for (const std::string& allocator : allocators) {
    std::filesystem::create_directories(dir + "/" + allocator);
    std::filesystem::create_symlink(Runfile("tests/fake_bot"), dir + "/" + allocator + "/bot");
  }
  SetFakeConfig(dir, config);
  return dir;
}

void SetFakeConfig(const std::string& dir, const nlohmann::json& config) {
  std::ofstream(dir + "/fake.json") << config.dump(2);
}

int FakeInvocations(const std::string& dir, const std::string& allocator) {
  int count = 0;
  std::ifstream(dir + "/" + allocator + "/count") >> count;
  return count;
}

std::string ReadTextFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json ReadJsonFile(const std::string& path) { return nlohmann::json::parse(ReadTextFile(path), nullptr, false); }

}  // namespace hftbot::tests
