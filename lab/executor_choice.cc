#include "lab/executor_choice.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "base/paths.h"
#include "lab/local_executor.h"

namespace hftbot::lab {
namespace {

// The help group of the --slurm-* options, also how ExecutorOptionsProblem finds them.
constexpr const char* kSlurmGroup = "Slurm executor (with --executor slurm)";

}  // namespace

const std::vector<std::string>& ExecutorNames() {
  static const std::vector<std::string> names = {"local", "slurm"};
  return names;
}

void AddExecutorOptions(CLI::App& app, ExecutorChoice* choice) {
  *choice = ExecutorChoice{ExecutorNames().front(), SlurmOptions{}};
  app.add_option("--executor", choice->name,
                 "where the runs execute: local (default: one after another on this machine) or slurm (one job "
                 "array on a Slurm cluster; see lab/slurm/README.md)");
  SlurmOptions& slurm = choice->slurm;
  app.add_option("--slurm-shared-dir", slurm.shared_dir,
                 "a folder every node sees at the same path, one per experiment (default: <out>/slurm)")
      ->group(kSlurmGroup);
  app.add_option("--slurm-partition", slurm.partition, "sbatch --partition (default: the cluster's default)")
      ->group(kSlurmGroup);
  app.add_option("--slurm-constraint", slurm.constraint,
                 "sbatch --constraint, node features that make every run land on identical nodes")
      ->group(kSlurmGroup);
  app.add_option("--slurm-time-limit", slurm.time_limit_s,
                 "seconds each task may run before Slurm kills it (default: the longest run timeout + 65 s)")
      ->check(CLI::NonNegativeNumber)
      ->group(kSlurmGroup);
  app.add_option("--slurm-max-running", slurm.max_running, "at most this many runs at once (default 0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->group(kSlurmGroup);
  app.add_option("--slurm-retries", slurm.retries,
                 "further attempts for a run that failed, timed out or vanished (default 1)")
      ->check(CLI::NonNegativeNumber)
      ->group(kSlurmGroup);
  app.add_option("--slurm-poll-interval", slurm.poll_interval_s, "seconds between squeue polls (default 5)")
      ->check(CLI::Range(0.05, 3600.0))
      ->group(kSlurmGroup);
  app.add_option("--slurm-sbatch-arg", slurm.sbatch_args,
                 "an argument passed to sbatch as it is, e.g. --slurm-sbatch-arg=--account=lab (repeatable)")
      ->group(kSlurmGroup);
}

std::string ExecutorOptionsProblem(const CLI::App& app, const ExecutorChoice& choice) {
  const std::vector<std::string>& names = ExecutorNames();
  if (std::find(names.begin(), names.end(), choice.name) == names.end()) {
    return fmt::format("unknown executor '{}' (--executor takes {})", choice.name, fmt::join(names, " or "));
  }
  if (choice.name == "slurm") return "";
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group() == kSlurmGroup && option->count() > 0) {
      return fmt::format("{} applies to the Slurm executor: add --executor slurm, or drop it to run locally",
                         option->get_name());
    }
  }
  return "";
}

SlurmOptions SlurmOptionsFor(const ExecutorChoice& choice, const std::string& out_dir, bool resumed) {
  SlurmOptions options = choice.slurm;
  options.shared_dir = options.shared_dir.empty()
                           ? out_dir + "/slurm"
                           : std::filesystem::absolute(ResolveUserPath(options.shared_dir)).string();
  options.resume = resumed;
  return options;
}

std::unique_ptr<Executor> MakeExecutor(const ExecutorChoice& choice, const std::string& out_dir, bool resumed) {
  if (choice.name == "slurm") return std::make_unique<SlurmExecutor>(SlurmOptionsFor(choice, out_dir, resumed));
  return std::make_unique<LocalExecutor>();
}

}  // namespace hftbot::lab
