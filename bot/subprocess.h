// Runs a child process to completion with extra environment variables, its output
// captured to files. compare and tune run every measurement in a fresh process
// (allocators read their options at start-up); tests run the bot the same way.
//
// Thread safety: RunProcess may be called from any thread; it blocks until the child exits.

#ifndef HFTBOT_BOT_SUBPROCESS_H_
#define HFTBOT_BOT_SUBPROCESS_H_

#include <string>
#include <vector>

namespace hftbot::bot {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one; -1 when it could not start
  std::string stdout_text;
  std::string stderr_text;
};

// A signal sent to the child `after_ms` after it started (or after the previous one).
struct SignalAfter {
  int after_ms = 0;
  int signal = 0;
};

// argv[0] is the program path. `env` entries ("KEY=value") are added to this
// process's environment, replacing variables of the same name; `unset` names are removed.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                         const std::vector<std::string>& unset = {}, const std::vector<SignalAfter>& signals = {});

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_SUBPROCESS_H_
