// Runs a child process to completion with extra environment variables, its output
// captured to files, optionally under a time limit. compare and tune run every
// measurement in a fresh process (allocators read their options at start-up); tests
// run the bot the same way.
//
// Thread safety: RunProcess may be called from any thread; it blocks until the child
// exits or is killed.

#ifndef HFTBOT_LAB_SUBPROCESS_H_
#define HFTBOT_LAB_SUBPROCESS_H_

#include <string>
#include <vector>

namespace hftbot::lab {

// A signal sent to the child `after_ms` after it started (or after the previous one).
struct SignalAfter {
  int after_ms = 0;
  int signal = 0;
};

struct ProcessOptions {
  // "KEY=value" entries added to this process's environment, replacing variables of
  // the same name; `unset` names are removed.
  std::vector<std::string> env;
  std::vector<std::string> unset;
  std::vector<SignalAfter> signals;
  // > 0: the child gets SIGTERM after this many seconds, SIGKILL 5 s later.
  double timeout_s = 0;
};

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one; -1 when it could not start
  bool timed_out = false;
  double elapsed_s = 0;
  std::string stdout_text;
  std::string stderr_text;
};

// argv[0] is the program path.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SUBPROCESS_H_
