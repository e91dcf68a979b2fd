#include "lab/executor_choice.h"

#include <fmt/format.h>

#include "lab/local_executor.h"

namespace hftbot::lab {

const std::vector<std::string>& ExecutorNames() {
  static const std::vector<std::string> names = {"local"};
  return names;
}

void AddExecutorOption(CLI::App& app, std::string* name) {
  *name = ExecutorNames().front();
  app.add_option("--executor", *name,
                 fmt::format("where the runs execute: {} (default {}: one after another on this machine)",
                             fmt::join(ExecutorNames(), ", "), ExecutorNames().front()))
      ->check(CLI::IsMember(ExecutorNames()));
}

std::unique_ptr<Executor> MakeExecutor(const std::string& name) {
  if (name == "local") return std::make_unique<LocalExecutor>();
  return nullptr;
}

}  // namespace hftbot::lab
