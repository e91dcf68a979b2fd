#include "tests/bot_runner.h"

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "lab/subprocess.h"

namespace hftbot::tests {

std::string Runfile(const std::string& relative) {
  const char* dir = std::getenv("TEST_SRCDIR");
  return std::string(dir ? dir : ".") + "/hftbot/" + relative;
}

std::string TempPath(const std::string& name) {
  static std::atomic<int> counter{0};
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + std::to_string(counter++) + "-" + name;
}

BotRun RunBot(const std::vector<std::string>& args, const std::vector<std::string>& env,
              const std::vector<lab::SignalAfter>& signals) {
  std::string report = TempPath("report.json");
  std::vector<std::string> argv = {Runfile("bot/bot"), "--no-progress", "--report-json", report};
  argv.insert(argv.end(), args.begin(), args.end());
  lab::ProcessResult process = lab::RunProcess(argv, {env, {}, signals, 0});
  BotRun run;
  run.exit_code = process.exit_code;
  run.stdout_text = process.stdout_text;
  run.stderr_text = process.stderr_text;
  std::ifstream in(report);
  std::stringstream json_text;
  json_text << in.rdbuf();
  if (!json_text.str().empty()) run.report = nlohmann::json::parse(json_text.str(), nullptr, false);
  return run;
}

}  // namespace hftbot::tests
