// Runs a lab plan on a Slurm cluster: every run becomes one task of a job array
// (`sbatch --array`, `--exclusive`, so no two runs share a node), and the tool gets
// back one outcome per run in plan order, exactly as from LocalExecutor.
//
// Before submitting, RunAll stages what the runs need into the shared directory (a
// folder every node sees at the same path): each Bazel runfiles tree a program or
// argument lives in (copied with symlinks dereferenced, so RUNFILES_DIR keeps
// working) and any other local file or folder named in argv or env. Each run writes
// to its own folder there, shared_dir/runs/<id>, whose files are copied to out_dir when
// the run ends (also when out_dir is itself on the shared directory: the tools delete
// stale reports in out_dir before a resumed run, which must not touch the completed
// run's own copy). Paths in argv and env ("--x=/path"
// and "KEY=/path" too) are rewritten to the staged copies; paths under the system
// folders (/usr, /bin, /lib, /etc, ...) are not staged, so nodes must have the same OS
// packages as this machine.
//
// Then it writes a plan (one shell-quoted line per task), submits one array whose task
// script runs line $SLURM_ARRAY_TASK_ID under the run's timeout and writes a status
// file (node, exit code, start and end times), and polls squeue until the array has
// left the queue. A task that failed, timed out or vanished (killed by Slurm, node
// failure) is retried `retries` times in a further, smaller array; what still fails
// is returned marked failed. No Slurm accounting (sacct) is needed.
//
// Order. Task i is plan line i, and Slurm starts array tasks in index order. On one
// node (or with max_running = 1) the runs therefore happen one at a time in the
// plan's interleaved order, as locally. On many identical nodes they run
// concurrently, still started in plan order, so each round's runs are spread over
// nodes at about the same time. Retries run after the first pass, out of their round.
//
// Resumption. With `resume`, a run whose status file says it succeeded with the same
// command is not resubmitted, and arrays an interrupted earlier RunAll left in the
// queue are waited for first. Without it, an array still queued from the same
// shared directory is an error (two experiments must not share one).
//
// Errors. A run's failure is an outcome, never an exception. Failures of the
// machinery (no sbatch on PATH, sbatch rejecting the job, squeue failing for
// `controller_patience_s`, a file that cannot be staged, an invalid plan) throw
// SlurmError with the command's or file's own message.
//
// Thread safety: one thread at a time (as every Executor).

#ifndef HFTBOT_LAB_SLURM_EXECUTOR_H_
#define HFTBOT_LAB_SLURM_EXECUTOR_H_

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lab/executor.h"

namespace hftbot::lab {

struct SlurmError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SlurmOptions {
  // Required, absolute. A folder every node sees at the same path; one per experiment.
  std::string shared_dir;
  std::string partition;   // --partition; empty: the cluster's default partition
  std::string constraint;  // --constraint (node features) so every run lands on identical nodes; empty: none
  // --time per task. 0: the longest run timeout + 65 s (5 s kill grace, 1 min margin);
  // 0 with no run timeout: the partition's default limit.
  double time_limit_s = 0;
  int max_running = 0;    // %N in --array: at most N tasks at once; 0: no limit
  int retries = 1;        // further attempts for a task that failed, timed out or vanished
  double poll_interval_s = 5;
  // After an array has left the queue, how long to wait for status files that have not
  // appeared yet (a network file system may show new files late) before calling a task lost.
  double status_grace_s = 30;
  double controller_patience_s = 600;  // squeue failing for this long in a row: SlurmError
  bool resume = false;
  int max_array_size = 1000;  // tasks per array; Slurm's default MaxArraySize (1001) allows 1000
  std::string job_name = "hftbot-lab";
  std::vector<std::string> sbatch_args;  // passed to sbatch as they are, e.g. "--account=lab"
};

class SlurmExecutor final : public Executor {
 public:
  // Throws SlurmError when shared_dir is empty or relative, or sbatch or squeue is not on PATH.
  explicit SlurmExecutor(SlurmOptions options);
  std::string name() const override { return "slurm"; }
  // REQUIRES: spec ids unique, non-empty, without '/'; argv[0] and out_dir absolute.
  std::vector<RunOutcome> RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) override;

 private:
  SlurmOptions options_;
  std::string sbatch_;
  std::string squeue_;
};

// The pieces below are RunAll's steps, public for the tests.

// `text` as one bash word that reads back as exactly `text` (ANSI-C $'...' quoting, so
// newlines and every other byte survive on a single plan line).
std::string ShellQuote(const std::string& text);

// Maps local paths in a plan to the paths the nodes see, and copies what must be staged.
class Staging {
 public:
  // `shared_dir` absolute; staged copies go to shared_dir/stage.
  explicit Staging(std::string shared_dir);

  // Where the run writes on the nodes: shared_dir/runs/<id>.
  std::string RunDir(const RunSpec& spec) const;

  // One argv element or env entry with its path rewritten: a whole absolute path, or
  // the value after the first '=' ("--ticks=/x", "RUNFILES_DIR=/x"). Paths under out_dir
  // map into `run_dir`; other paths under the shared directory or a system folder, or
  // not existing here, stay. Anything else is registered for staging.
  // Throws SlurmError for a folder that would hold the shared directory or the out_dir.
  std::string MapArgument(const std::string& argument, const std::string& out_dir, const std::string& run_dir);

  // Copies everything registered, skipping files whose staged copy has the same size
  // and modification time (so a second RunAll or a resume copies only what changed).
  // Throws SlurmError naming the file that could not be copied.
  void CopyAll();

  // Local source -> staged destination, for reports and tests.
  const std::map<std::string, std::string>& copies() const { return copies_; }

 private:
  std::string MapPath(const std::string& path, const std::string& out_dir, const std::string& run_dir);
  // Stages `source` as shared_dir/stage/<hash of key>/<name>; returns that path.
  std::string Register(const std::string& source, const std::string& name, const std::string& key);

  std::string shared_dir_;
  std::map<std::string, std::string> copies_;
};

// What a task's status file says.
struct TaskStatus {
  std::string id;
  int attempt = 0;
  std::string plan_hash;  // of the run's command (CommandHash), to tell a stale status
  std::string node;
  int exit_code = -1;
  double elapsed_s = 0;
};

// Parses "key=value" lines as the task script writes them; nullopt when a key is
// missing or a number is malformed (e.g. a status file cut short).
std::optional<TaskStatus> ParseTaskStatus(const std::string& text);

// A stable hash of what a run executes (argv, env, unset, out_dir, timeout), in hex.
std::string CommandHash(const RunSpec& spec);

// sbatch's arguments for one array of `count` tasks running `script` over `plan`.
std::vector<std::string> SbatchArguments(const SlurmOptions& options, int count, double time_limit_s,
                                         const std::string& script, const std::string& plan);

// What Slurm's own log of a vanished task says happened, from the slurmstepd line
// "*** JOB 12 ON node7 CANCELLED AT ... DUE TO TIME LIMIT ***".
struct LostTask {
  bool timed_out = false;
  std::string node;
  std::string reason;  // for stderr_tail
};
LostTask ExplainLostTask(const std::string& slurm_log);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SLURM_EXECUTOR_H_
