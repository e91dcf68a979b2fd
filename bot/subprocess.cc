#include "bot/subprocess.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <chrono>
#include <cstdio>
#include <thread>
#include <fstream>
#include <sstream>

extern char** environ;

namespace hftbot::bot {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Name(const std::string& entry) { return entry.substr(0, entry.find('=')); }

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv_in, const std::vector<std::string>& env,
                         const std::vector<std::string>& unset, const std::vector<SignalAfter>& signals) {
  std::vector<std::string> env_storage = env;
  for (char** e = environ; *e != nullptr; ++e) {
    std::string entry = *e;
    bool replaced = false;
    for (const auto& added : env) replaced |= Name(added) == Name(entry);
    for (const auto& name : unset) replaced |= name == Name(entry);
    if (!replaced) env_storage.push_back(entry);
  }
  std::vector<char*> envp;
  for (auto& entry : env_storage) envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage = argv_in;
  std::vector<char*> argv;
  for (auto& arg : argv_storage) argv.push_back(arg.data());
  argv.push_back(nullptr);

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
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) == 0) {
    for (const SignalAfter& s : signals) {
      std::this_thread::sleep_for(std::chrono::milliseconds(s.after_ms));
      kill(pid, s.signal);  // a child that already exited is a zombie until waitpid: harmless
    }
    int status = 0;
    waitpid(pid, &status, 0);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(out_fd);
  close(err_fd);
  result.stdout_text = Slurp(out_template);
  result.stderr_text = Slurp(err_template);
  unlink(out_template);
  unlink(err_template);
  return result;
}

}  // namespace hftbot::bot
