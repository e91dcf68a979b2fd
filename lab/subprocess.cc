#include "lab/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace hftbot::lab {
namespace {

using Clock = std::chrono::steady_clock;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Name(const std::string& entry) { return entry.substr(0, entry.find('=')); }

std::vector<std::string> ChildEnvironment(const ProcessOptions& options) {
  std::vector<std::string> env = options.env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    bool replaced = false;
    for (const auto& added : options.env) replaced |= Name(added) == Name(entry);
    for (const auto& name : options.unset) replaced |= name == Name(entry);
    if (!replaced) env.push_back(entry);
  }
  return env;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (auto& s : strings) pointers.push_back(s.data());
  pointers.push_back(nullptr);
  return pointers;
}

// Waits for `pid`, sending the scheduled signals and enforcing the timeout.
int Wait(pid_t pid, const ProcessOptions& options, Clock::time_point started, bool& timed_out) {
  size_t next_signal = 0;
  auto signal_at = started;
  if (!options.signals.empty()) signal_at += std::chrono::milliseconds(options.signals[0].after_ms);
  const bool limited = options.timeout_s > 0;
  const auto deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(limited ? options.timeout_s : 0));
  Clock::time_point kill_at{};
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (done < 0) return -1;
    auto now = Clock::now();
    if (next_signal < options.signals.size() && now >= signal_at) {
      kill(pid, options.signals[next_signal].signal);
      ++next_signal;
      if (next_signal < options.signals.size()) {
        signal_at = now + std::chrono::milliseconds(options.signals[next_signal].after_ms);
      }
    }
    if (limited && !timed_out && now >= deadline) {
      timed_out = true;
      kill(pid, SIGTERM);
      kill_at = now + std::chrono::seconds(5);
    }
    if (timed_out && now >= kill_at) kill(pid, SIGKILL);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv_in, const ProcessOptions& options) {
  std::vector<std::string> env_storage = ChildEnvironment(options);
  std::vector<char*> envp = Pointers(env_storage);
  std::vector<std::string> argv_storage = argv_in;
  std::vector<char*> argv = Pointers(argv_storage);

  char out_template[] = "/tmp/hftbot-child-out-XXXXXX";
  char err_template[] = "/tmp/hftbot-child-err-XXXXXX";
  int out_fd = mkstemp(out_template);
  int err_fd = mkstemp(err_template);
  ProcessResult result;
  if (out_fd < 0 || err_fd < 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  pid_t pid = 0;
  auto started = Clock::now();
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0) {
    result.exit_code = Wait(pid, options, started, result.timed_out);
  }
  result.elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  close(err_fd);
  result.stdout_text = Slurp(out_template);
  result.stderr_text = Slurp(err_template);
  unlink(out_template);
  unlink(err_template);
  return result;
}

}  // namespace hftbot::lab
