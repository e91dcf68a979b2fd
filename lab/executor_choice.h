// Where a lab tool's runs execute, chosen in one place for every tool: the --executor
// option and the --slurm-* options (AddExecutorOptions), their check
// (ExecutorOptionsProblem) and MakeExecutor. A new executor adds its name to
// ExecutorNames(), its options here and one branch in MakeExecutor.
//
// Thread safety: any thread.

#ifndef HFTBOT_LAB_EXECUTOR_CHOICE_H_
#define HFTBOT_LAB_EXECUTOR_CHOICE_H_

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "lab/executor.h"
#include "lab/slurm_executor.h"

namespace hftbot::lab {

// The accepted --executor values; the first is the default.
const std::vector<std::string>& ExecutorNames();

struct ExecutorChoice {
  std::string name;
  // The --slurm-* options; shared_dir empty means <out>/slurm (see SlurmOptionsFor).
  SlurmOptions slurm;
};

// Adds --executor NAME and the --slurm-* options to `app`, stored in `choice` (set to
// the defaults first).
void AddExecutorOptions(CLI::App& app, ExecutorChoice* choice);

// After `app` parsed: an empty string, or what is wrong (an unknown executor, a
// --slurm-* option without --executor slurm).
std::string ExecutorOptionsProblem(const CLI::App& app, const ExecutorChoice& choice);

// The Slurm executor's options for a tool writing into `out_dir` (absolute): the shared
// directory defaults to <out_dir>/slurm, so it must be on a file system the nodes see
// unless --slurm-shared-dir names one; `resumed` (the tool continues an interrupted
// run) lets it wait for arrays that run left queued.
SlurmOptions SlurmOptionsFor(const ExecutorChoice& choice, const std::string& out_dir, bool resumed);

// The executor `choice` names. REQUIRES: ExecutorOptionsProblem(choice) is empty.
// Throws SlurmError when the Slurm executor cannot be made (e.g. no sbatch on PATH).
std::unique_ptr<Executor> MakeExecutor(const ExecutorChoice& choice, const std::string& out_dir, bool resumed);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_EXECUTOR_CHOICE_H_
