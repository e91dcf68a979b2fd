// For the lab tools' end-to-end tests: a folder of fake bots (tests/fake_bot.cc) —
// <dir>/<allocator>/bot links to the fake, <dir>/fake.json says what each reports —
// and reading the tools' outputs. For tests only.

#ifndef HFTBOT_TESTS_FAKE_BOTS_H_
#define HFTBOT_TESTS_FAKE_BOTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hftbot::tests {

// Creates a fresh folder under TEST_TMPDIR with one fake bot per allocator and
// `config` as fake.json; returns its path.
std::string MakeFakeBots(const std::string& name, const std::vector<std::string>& allocators,
                         const nlohmann::json& config);

// Replaces the folder's fake.json (e.g. to stop a scripted failure before resuming).
void SetFakeConfig(const std::string& dir, const nlohmann::json& config);

// How many times the fake for `allocator` has run.
int FakeInvocations(const std::string& dir, const std::string& allocator);

// A file's text ("" when missing) and a JSON file (discarded when not JSON).
std::string ReadTextFile(const std::string& path);
nlohmann::json ReadJsonFile(const std::string& path);

}  // namespace hftbot::tests

#endif  // HFTBOT_TESTS_FAKE_BOTS_H_
