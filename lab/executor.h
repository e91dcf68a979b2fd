// Where the lab's measurement runs happen. compare, tune, sweep and the seed report
// plan their runs (which binary, arguments, environment, output folder, in which
// interleaved order) and hand the plan to an Executor: LocalExecutor runs them one
// after another on this machine; a batch-scheduler executor runs the same plan as a
// job array on a cluster. Either way the tool gets back one outcome per run, in plan
// order, and analyses them identically.
//
// A run that fails or times out is an outcome marked failed, never an exception:
// the tools keep every completed run and report the failed ones.
//
// Thread safety: an Executor is used by one thread at a time.

#ifndef HFTBOT_LAB_EXECUTOR_H_
#define HFTBOT_LAB_EXECUTOR_H_

#include <functional>
#include <string>
#include <vector>

namespace hftbot::lab {

struct RunSpec {
  std::string id;                 // unique in the plan, safe as a file name, e.g. "naive-jemalloc-r3"
  std::vector<std::string> argv;  // argv[0]: the program, an absolute path on this machine
  std::vector<std::string> env;   // "KEY=value" added to the environment
  std::vector<std::string> unset; // variables removed from the environment
  // The run's own folder (absolute): its report.json and other outputs go here, and
  // the executor writes stdout.txt and stderr.txt into it.
  std::string out_dir;
  double timeout_s = 0;  // > 0: the run is killed and marked timed out after this long
  int round = 0;         // the interleaving round (0 = warm-up), for reports and resumption
};

struct RunOutcome {
  std::string id;
  int exit_code = -1;      // 128 + signal when killed; -1 when it never started
  bool timed_out = false;
  int attempts = 0;        // 1, or more when the executor retried it
  double elapsed_s = 0;
  std::string node;        // the machine that ran it (hostname)
  std::string stderr_tail; // the last lines of stderr, for failure messages
  bool ok() const { return exit_code == 0 && !timed_out; }
};

// Called after each run completes (outcome), e.g. to print progress.
using RunCallback = std::function<void(const RunSpec&, const RunOutcome&)>;

class Executor {
 public:
  virtual ~Executor() = default;
  // A short name for reports: "local", "slurm".
  virtual std::string name() const = 0;
  // Runs every spec and returns one outcome per spec, in the same order. Runs whose
  // folder already holds a completed outcome (resumption) may be skipped by the
  // caller before planning; the executor runs whatever it is given.
  virtual std::vector<RunOutcome> RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) = 0;
};

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_EXECUTOR_H_
