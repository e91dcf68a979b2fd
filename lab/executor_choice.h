// Where a lab tool's runs execute, chosen in one place for every tool: the --executor
// option (CLI11 rejects a name not in ExecutorNames()) and MakeExecutor. A new
// executor (e.g. a Slurm job array) adds its name here and one branch in MakeExecutor.
//
// Thread safety: any thread.

#ifndef HFTBOT_LAB_EXECUTOR_CHOICE_H_
#define HFTBOT_LAB_EXECUTOR_CHOICE_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "lab/executor.h"

namespace hftbot::lab {

// The accepted --executor values; the first is the default.
const std::vector<std::string>& ExecutorNames();

// Adds --executor NAME to `app`, stored in `name` (set to the default first).
void AddExecutorOption(CLI::App& app, std::string* name);

// The executor called `name`; nullptr for a name not in ExecutorNames().
std::unique_ptr<Executor> MakeExecutor(const std::string& name);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_EXECUTOR_CHOICE_H_
