// Runs the bot binary (a data dependency of the test) as a child process and
// captures its exit status, output and JSON report. For end-to-end tests only.

#ifndef HFTBOT_TESTS_BOT_RUNNER_H_
#define HFTBOT_TESTS_BOT_RUNNER_H_

#include <nlohmann/json.hpp>
#include "lab/subprocess.h"
#include <string>
#include <vector>

namespace hftbot::tests {

struct BotRun {
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
  nlohmann::json report;  // parsed --report-json, when the run wrote one
};

// Runs bot/bot with `args` (a --report-json into TEST_TMPDIR is added) and `env`
// entries added to the environment.
BotRun RunBot(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
              const std::vector<lab::SignalAfter>& signals = {});

// Path of a runfile of this workspace, e.g. "tests/data/golden.csv".
std::string Runfile(const std::string& relative);

// A fresh file path under TEST_TMPDIR.
std::string TempPath(const std::string& name);

}  // namespace hftbot::tests

#endif  // HFTBOT_TESTS_BOT_RUNNER_H_
