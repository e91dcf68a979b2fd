#include "lab/slurm_executor.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "base/atomic_file.h"
#include "lab/local_executor.h"
#include "lab/subprocess.h"

namespace hftbot::lab {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Runs plan line $SLURM_ARRAY_TASK_ID of the plan file ($1). A line is shell words:
//   id attempt plan_hash timeout_s run_dir status_file program env-arguments...
// where env-arguments are `env`'s: -u NAME ... -- KEY=value ... program args...
// The timeout matches LocalExecutor's: SIGTERM at the limit, SIGKILL 5 s later, and
// the exit code is the program's own (128 + signal when killed). The status file is
// written last and renamed into place, so a status that exists is whole.
constexpr char kTaskScript[] = R"sh(#!/bin/bash
# Written by hftbot's SlurmExecutor (lab/slurm_executor.cc); rewritten on every run.
set -u
line=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" "$1")
if [[ -z $line ]]; then
  echo "hftbot task: no line $((SLURM_ARRAY_TASK_ID + 1)) in $1" >&2
  exit 2
fi
eval "set -- $line"
id=$1 attempt=$2 plan_hash=$3 timeout_s=$4 run_dir=$5 status=$6 program=$7
shift 7
mkdir -p "$run_dir" || exit 2
node=$(hostname)
start=$EPOCHREALTIME
if [[ ! -x $program ]]; then
  echo "hftbot task: cannot execute $program on $node" >"$run_dir/stderr.txt"
  : >"$run_dir/stdout.txt"
  rc=-1
elif [[ $timeout_s == 0 ]]; then
  env "$@" >"$run_dir/stdout.txt" 2>"$run_dir/stderr.txt"
  rc=$?
else
  timeout --preserve-status --signal=TERM --kill-after=5 "$timeout_s" env "$@" \
    >"$run_dir/stdout.txt" 2>"$run_dir/stderr.txt"
  rc=$?
fi
end=$EPOCHREALTIME
printf 'id=%s\nattempt=%s\nplan_hash=%s\nnode=%s\nexit_code=%s\nstart=%s\nend=%s\njob=%s_%s\n' \
  "$id" "$attempt" "$plan_hash" "$node" "$rc" "$start" "$end" \
  "${SLURM_ARRAY_JOB_ID:-}" "${SLURM_ARRAY_TASK_ID:-}" >"$status.tmp" && mv -f "$status.tmp" "$status"
)sh";

// Programs and files that come with the OS: the nodes have their own copies.
constexpr const char* kSystemFolders[] = {"/bin", "/sbin", "/usr", "/lib",  "/lib32", "/lib64",
                                          "/libx32", "/etc", "/dev", "/proc", "/sys", "/run"};

constexpr int kStderrTailLines = 20;
constexpr int kMaxStagingDepth = 64;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

// Lexically normal, without a trailing '/' (except for "/" itself).
std::string Normal(const std::string& path) {
  std::string normal = fs::path(path).lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return normal;
}

bool IsUnder(const std::string& path, const std::string& folder) {
  if (folder == "/") return true;
  return path == folder || (path.size() > folder.size() && path.compare(0, folder.size(), folder) == 0 &&
                            path[folder.size()] == '/');
}

std::string Fnv1aHex(const std::string& text) {
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream folders(path ? path : "");
  std::string folder;
  while (std::getline(folders, folder, ':')) {
    if (folder.empty()) continue;
    std::string candidate = folder + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  throw SlurmError(fmt::format("slurm: {} not found on PATH ({}): run on a Slurm submit host, or start the "
                               "test cluster with lab/slurm/start_cluster.sh",
                               name, path ? path : ""));
}

void CopyFileIfChanged(const fs::path& source, const fs::path& destination) {
  const auto size = fs::file_size(source);
  const auto time = fs::last_write_time(source);
  std::error_code error;
  if (fs::file_size(destination, error) == size && !error && fs::last_write_time(destination, error) == time &&
      !error) {
    return;
  }
  fs::create_directories(destination.parent_path());
  // Renamed into place, so an interrupted copy never looks like a staged file.
  fs::path temporary = destination.string() + ".staging";
  fs::copy_file(source, temporary, fs::copy_options::overwrite_existing);
  fs::permissions(temporary, fs::status(source).permissions());
  fs::last_write_time(temporary, time);
  fs::rename(temporary, destination);
}

// Copies a file or a whole folder, following symlinks (Bazel runfiles are symlink
// forests into this machine's output tree, which the nodes do not have).
void CopyTree(const fs::path& source, const fs::path& destination) {
  try {
    if (!fs::is_directory(source)) {
      CopyFileIfChanged(source, destination);
      return;
    }
    fs::create_directories(destination);
    for (auto it = fs::recursive_directory_iterator(source, fs::directory_options::follow_directory_symlink);
         it != fs::recursive_directory_iterator(); ++it) {
      if (it.depth() > kMaxStagingDepth) {
        throw SlurmError(fmt::format("slurm: cannot stage {}: deeper than {} folders (a symlink loop?)",
                                     it->path().string(), kMaxStagingDepth));
      }
      fs::path target = destination / it->path().lexically_relative(source);
      std::error_code error;
      fs::file_status status = fs::status(it->path(), error);
      if (error) continue;  // a dangling symlink: nothing a run could read
      if (fs::is_directory(status)) {
        fs::create_directories(target);
      } else if (fs::is_regular_file(status)) {
        CopyFileIfChanged(it->path(), target);
      }
    }
  } catch (const fs::filesystem_error& error) {
    throw SlurmError(fmt::format("slurm: cannot copy {} to {}: {}", source.string(), destination.string(),
                                 error.what()));
  }
}

// One array submitted to Slurm: which plan indices are its tasks 0, 1, ...
struct Array {
  std::string job_id;
  std::vector<size_t> tasks;
};

enum class QueueState { kQueued, kGone, kUnknown };

struct QueueAnswer {
  QueueState state = QueueState::kUnknown;
  std::string error;
};

QueueAnswer QueryQueue(const std::string& squeue, const std::string& job_id) {
  ProcessResult result = RunProcess({squeue, "-h", "-o", "%i", "-j", job_id}, {{}, {}, {}, 60});
  if (result.exit_code == 0) return {Trim(result.stdout_text).empty() ? QueueState::kGone : QueueState::kQueued, ""};
  // Slurm forgets a finished job after MinJobAge; asking for it then is this error.
  if (result.stderr_text.find("Invalid job id") != std::string::npos) return {QueueState::kGone, ""};
  return {QueueState::kUnknown, fmt::format("squeue -j {} exited {}: {}", job_id, result.exit_code,
                                            Trim(result.stderr_text))};
}

void SleepSeconds(double seconds) {
  std::this_thread::sleep_for(std::chrono::duration<double>(std::max(0.0, seconds)));
}

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// What RunAll knows about one spec on the nodes.
struct Task {
  std::string run_dir;
  std::string status_path;
  std::string hash;
  std::string program;               // argv[0] as the nodes see it
  std::vector<std::string> command;  // env's arguments as the nodes see them
};

}  // namespace

std::string ShellQuote(const std::string& text) {
  std::string quoted = "$'";
  for (unsigned char c : text) {
    if (c == '\\' || c == '\'') {
      quoted += '\\';
      quoted += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      quoted += fmt::format("\\x{:02x}", c);
    } else {
      quoted += static_cast<char>(c);
    }
  }
  return quoted + "'";
}

Staging::Staging(std::string shared_dir) : shared_dir_(Normal(shared_dir)) {}

std::string Staging::RunDir(const RunSpec& spec) const { return shared_dir_ + "/runs/" + spec.id; }

std::string Staging::MapArgument(const std::string& argument, const std::string& out_dir,
                                 const std::string& run_dir) {
  if (!argument.empty() && argument[0] == '/') return MapPath(argument, Normal(out_dir), run_dir);
  size_t equals = argument.find('=');
  if (equals != std::string::npos && equals + 1 < argument.size() && argument[equals + 1] == '/') {
    return argument.substr(0, equals + 1) + MapPath(argument.substr(equals + 1), Normal(out_dir), run_dir);
  }
  return argument;
}

std::string Staging::MapPath(const std::string& path, const std::string& out_dir, const std::string& run_dir) {
  const std::string normal = Normal(path);
  if (IsUnder(normal, out_dir)) return run_dir + normal.substr(out_dir.size());
  if (IsUnder(normal, shared_dir_)) return path;
  for (const char* folder : kSystemFolders) {
    if (IsUnder(normal, folder)) return path;
  }
  // Inside a Bazel runfiles tree: the whole tree goes, so that RUNFILES_DIR and the
  // binary's own lookups next to argv[0] find the same files on the node.
  fs::path prefix;
  for (const fs::path& part : fs::path(normal)) {
    prefix /= part;
    const std::string name = part.string();
    if (name.size() > 9 && name.compare(name.size() - 9, 9, ".runfiles") == 0) {
      const std::string root = prefix.string();
      return Register(root, name, root) + normal.substr(root.size());
    }
  }
  std::error_code error;
  fs::file_status status = fs::status(normal, error);
  if (error || !fs::exists(status)) return path;  // not here: an output, or a path only the nodes know
  const std::string name = fs::path(normal).filename().string();
  if (fs::is_directory(status)) {
    if (normal == "/" || IsUnder(shared_dir_, normal) || IsUnder(out_dir, normal)) {
      throw SlurmError(fmt::format("slurm: cannot stage folder {}: it holds the shared directory or the run's "
                                   "output folder; name the files the run reads instead",
                                   path));
    }
    return Register(normal, name, normal);
  }
  // A Bazel binary outside its runfiles tree finds the tree next to itself.
  std::string staged = Register(normal, name, normal);
  if (fs::is_directory(normal + ".runfiles", error)) Register(normal + ".runfiles", name + ".runfiles", normal);
  return staged;
}

std::string Staging::Register(const std::string& source, const std::string& name, const std::string& key) {
  std::string destination = shared_dir_ + "/stage/" + Fnv1aHex(key) + "/" + name;
  copies_.emplace(source, destination);
  return destination;
}

void Staging::CopyAll() {
  for (const auto& [source, destination] : copies_) CopyTree(source, destination);
}

std::optional<TaskStatus> ParseTaskStatus(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::stringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    size_t equals = line.find('=');
    if (equals != std::string::npos) fields[line.substr(0, equals)] = line.substr(equals + 1);
  }
  for (const char* key : {"id", "attempt", "plan_hash", "node", "exit_code", "start", "end"}) {
    if (fields.count(key) == 0) return std::nullopt;
  }
  auto number = [](std::string field, double& value) {
    std::replace(field.begin(), field.end(), ',', '.');  // bash prints $EPOCHREALTIME in the locale's format
    char* end = nullptr;
    value = std::strtod(field.c_str(), &end);
    return !field.empty() && end == field.c_str() + field.size() && std::isfinite(value);
  };
  double attempt = 0, exit_code = 0, start = 0, end = 0;
  if (!number(fields["attempt"], attempt) || !number(fields["exit_code"], exit_code) ||
      !number(fields["start"], start) || !number(fields["end"], end)) {
    return std::nullopt;
  }
  TaskStatus status;
  status.id = fields["id"];
  status.attempt = static_cast<int>(attempt);
  status.plan_hash = fields["plan_hash"];
  status.node = fields["node"];
  status.exit_code = static_cast<int>(exit_code);
  status.elapsed_s = end - start;
  return status;
}

std::string CommandHash(const RunSpec& spec) {
  std::string text;
  auto add = [&text](const std::string& field) { text += ShellQuote(field) + ' '; };
  for (const auto& a : spec.argv) add(a);
  text += "| ";
  for (const auto& e : spec.env) add(e);
  text += "| ";
  for (const auto& u : spec.unset) add(u);
  add(spec.out_dir);
  add(fmt::format("{}", spec.timeout_s));
  return Fnv1aHex(text);
}

std::vector<std::string> SbatchArguments(const SlurmOptions& options, int count, double time_limit_s,
                                         const std::string& script, const std::string& plan) {
  std::string array = fmt::format("--array=0-{}", count - 1);
  if (options.max_running > 0) array += fmt::format("%{}", options.max_running);
  std::vector<std::string> args = {"--parsable",
                                   "--job-name=" + options.job_name,
                                   array,
                                   "--exclusive",
                                   "--nodes=1",
                                   "--ntasks=1",
                                   // Retrying is ours (counted in attempts), not Slurm's.
                                   "--no-requeue",
                                   "--output=" + options.shared_dir + "/logs/%A_%a.out",
                                   "--chdir=" + options.shared_dir};
  if (!options.partition.empty()) args.push_back("--partition=" + options.partition);
  if (!options.constraint.empty()) args.push_back("--constraint=" + options.constraint);
  if (time_limit_s > 0) args.push_back(fmt::format("--time={}", static_cast<long>(std::ceil(time_limit_s / 60))));
  args.insert(args.end(), options.sbatch_args.begin(), options.sbatch_args.end());
  args.push_back(script);
  args.push_back(plan);
  return args;
}

LostTask ExplainLostTask(const std::string& slurm_log) {
  LostTask lost;
  lost.reason = "the task ended without a status: Slurm killed it or its node failed";
  std::stringstream lines(slurm_log);
  std::string line;
  while (std::getline(lines, line)) {
    size_t stars = line.find("*** JOB ");
    if (stars == std::string::npos) continue;
    lost.reason = "Slurm: " + Trim(line.substr(stars));
    lost.timed_out = line.find("DUE TO TIME LIMIT") != std::string::npos;
    std::stringstream words(line.substr(stars + 8));
    std::string job, on, node;
    if (words >> job >> on >> node && on == "ON") lost.node = node;
  }
  return lost;
}

SlurmExecutor::SlurmExecutor(SlurmOptions options) : options_(std::move(options)) {
  if (options_.shared_dir.empty() || options_.shared_dir[0] != '/') {
    throw SlurmError(fmt::format("slurm: the shared directory must be an absolute path every node sees, got '{}'",
                                 options_.shared_dir));
  }
  if (options_.max_array_size < 1 || options_.retries < 0 || options_.max_running < 0) {
    throw SlurmError("slurm: max_array_size must be >= 1, retries and max_running >= 0");
  }
  options_.shared_dir = Normal(options_.shared_dir);
  sbatch_ = FindOnPath("sbatch");
  squeue_ = FindOnPath("squeue");
}

namespace {

// The steps of one RunAll, sharing the shared directory's layout.
class ArrayRun {
 public:
  ArrayRun(const SlurmOptions& options, std::string sbatch, std::string squeue)
      : options_(options),
        sbatch_(std::move(sbatch)),
        squeue_(std::move(squeue)),
        script_(options.shared_dir + "/task.sh"),
        jobs_file_(options.shared_dir + "/jobs.txt") {}

  void Prepare() {
    for (const char* folder : {"stage", "plans", "status", "runs", "logs"}) {
      fs::create_directories(options_.shared_dir + "/" + folder);
    }
    std::string error = WriteFileAtomically(script_, kTaskScript);
    if (!error.empty()) throw SlurmError("slurm: " + error);
    fs::permissions(script_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                 fs::perms::others_read | fs::perms::others_exec);
  }

  // Arrays an earlier RunAll on this shared directory submitted and never saw finish.
  std::vector<std::string> QueuedEarlierArrays() {
    std::vector<std::string> queued;
    std::stringstream lines(Slurp(jobs_file_));
    std::string job_id;
    while (lines >> job_id) {
      lines.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
      QueueAnswer answer = QueryQueue(squeue_, job_id);
      if (answer.state == QueueState::kUnknown) throw SlurmError("slurm: " + answer.error);
      if (answer.state == QueueState::kQueued) queued.push_back(job_id);
    }
    return queued;
  }

  void WaitUntilGone(const std::vector<std::string>& job_ids) {
    std::vector<Array> arrays;
    for (const auto& id : job_ids) arrays.push_back({id, {}});
    Poll(arrays, [] { return false; });
  }

  // Submits `indices` (plan order) as attempt `attempt`; returns the arrays.
  std::vector<Array> Submit(const std::vector<size_t>& indices, int attempt, const std::vector<RunSpec>& specs,
                            const std::vector<Task>& tasks) {
    std::vector<Array> arrays;
    for (size_t first = 0; first < indices.size(); first += static_cast<size_t>(options_.max_array_size)) {
      size_t last = std::min(indices.size(), first + static_cast<size_t>(options_.max_array_size));
      Array array;
      std::string plan;
      double longest_timeout = 0;
      bool unlimited = false;  // a run without a timeout: no limit derived from the others
      for (size_t k = first; k < last; ++k) {
        size_t i = indices[k];
        const Task& task = tasks[i];
        plan += fmt::format("{} {} {} {} {} {} {}", ShellQuote(specs[i].id), attempt, task.hash,
                            ShellQuote(fmt::format("{}", specs[i].timeout_s)), ShellQuote(task.run_dir),
                            ShellQuote(task.status_path), ShellQuote(task.program));
        for (const auto& word : task.command) plan += " " + ShellQuote(word);
        plan += "\n";
        longest_timeout = std::max(longest_timeout, specs[i].timeout_s);
        unlimited |= specs[i].timeout_s <= 0;
        fs::remove(task.status_path);
        // out_dir gets exactly this attempt's files, not an earlier run's leftovers.
        fs::remove_all(task.run_dir);
        array.tasks.push_back(i);
      }
      std::string plan_path = NextPlanPath();
      std::string error = WriteFileAtomically(plan_path, plan);
      if (!error.empty()) throw SlurmError("slurm: " + error);
      double time_limit = options_.time_limit_s > 0 ? options_.time_limit_s
                          : unlimited               ? 0
                                                    : longest_timeout + 65;
      std::vector<std::string> args = {sbatch_};
      for (auto& a : SbatchArguments(options_, static_cast<int>(array.tasks.size()), time_limit, script_, plan_path)) {
        args.push_back(std::move(a));
      }
      ProcessResult result = RunProcess(args, {{}, {}, {}, 120});
      std::string job_id = Trim(result.stdout_text.substr(0, result.stdout_text.find(';')));
      if (result.exit_code != 0 || job_id.empty() ||
          job_id.find_first_not_of("0123456789") != std::string::npos) {
        throw SlurmError(fmt::format("slurm: sbatch exited {}{}: {}{}", result.exit_code,
                                     result.timed_out ? " (timed out)" : "", Trim(result.stderr_text),
                                     Trim(result.stdout_text)));
      }
      std::ofstream(jobs_file_, std::ios::app) << job_id << " " << plan_path << "\n";
      array.job_id = job_id;
      arrays.push_back(std::move(array));
    }
    return arrays;
  }

  // Polls until every array has left the queue or `all_reported` says every task has
  // a status.
  template <typename AllReported>
  void Poll(const std::vector<Array>& arrays, AllReported all_reported) {
    std::vector<bool> gone(arrays.size(), false);
    Clock::time_point last_answer = Clock::now();
    for (;;) {
      if (all_reported()) return;
      std::string error;
      for (size_t a = 0; a < arrays.size(); ++a) {
        if (gone[a]) continue;
        QueueAnswer answer = QueryQueue(squeue_, arrays[a].job_id);
        if (answer.state == QueueState::kGone) gone[a] = true;
        if (answer.state == QueueState::kUnknown) error = answer.error;
      }
      if (error.empty()) {
        last_answer = Clock::now();
      } else if (SecondsSince(last_answer) > options_.controller_patience_s) {
        throw SlurmError(fmt::format("slurm: the controller has not answered for {:.0f} s ({}); the arrays may still "
                                     "run: rerun with resume to pick them up",
                                     options_.controller_patience_s, error));
      }
      if (std::all_of(gone.begin(), gone.end(), [](bool g) { return g; })) return;
      SleepSeconds(options_.poll_interval_s);
    }
  }

  // All arrays of a RunAll have finished: nothing to look for at the next start.
  void ForgetArrays() { fs::remove(jobs_file_); }

  std::string SlurmLog(const std::string& job_id, size_t task) const {
    return fmt::format("{}/logs/{}_{}.out", options_.shared_dir, job_id, task);
  }

 private:
  std::string NextPlanPath() {
    // Plans of arrays still queued from an interrupted run must stay as they are.
    for (;;) {
      std::string path = fmt::format("{}/plans/{}.plan", options_.shared_dir, ++plan_number_);
      if (!fs::exists(path)) return path;
    }
  }

  const SlurmOptions& options_;
  std::string sbatch_;
  std::string squeue_;
  std::string script_;
  std::string jobs_file_;
  int plan_number_ = 0;
};

void Validate(const std::vector<RunSpec>& specs) {
  std::set<std::string> ids;
  for (const RunSpec& spec : specs) {
    if (spec.id.empty() || spec.id.find('/') != std::string::npos || spec.id == "." || spec.id == "..") {
      throw SlurmError(fmt::format("slurm: run id '{}' is not usable as a file name", spec.id));
    }
    if (!ids.insert(spec.id).second) throw SlurmError(fmt::format("slurm: run id '{}' appears twice", spec.id));
    // `env` runs the program: argv[0] with '=' would read as a variable.
    if (spec.argv.empty() || spec.argv[0].empty() || spec.argv[0][0] != '/' ||
        spec.argv[0].find('=') != std::string::npos) {
      throw SlurmError(fmt::format("slurm: run {}: argv[0] must be an absolute path without '='", spec.id));
    }
    for (const std::string& entry : spec.env) {
      if (entry.find('=') == std::string::npos || entry[0] == '=') {
        throw SlurmError(fmt::format("slurm: run {}: env entry '{}' is not KEY=value", spec.id, entry));
      }
    }
    if (spec.out_dir.empty() || spec.out_dir[0] != '/') {
      throw SlurmError(fmt::format("slurm: run {}: out_dir must be an absolute path, got '{}'", spec.id,
                                   spec.out_dir));
    }
  }
}

RunOutcome OutcomeFromStatus(const RunSpec& spec, const Task& task, const TaskStatus& status) {
  RunOutcome outcome;
  outcome.id = spec.id;
  outcome.exit_code = status.exit_code;
  // As RunProcess: past its limit a run is timed out, whatever it exited with.
  outcome.timed_out = spec.timeout_s > 0 && status.elapsed_s >= spec.timeout_s;
  outcome.attempts = status.attempt;
  outcome.elapsed_s = status.elapsed_s;
  outcome.node = status.node;
  outcome.stderr_tail = TailLines(Slurp(task.run_dir + "/stderr.txt"), kStderrTailLines);
  return outcome;
}

RunOutcome OutcomeOfLostTask(const RunSpec& spec, const Task& task, int attempt, const std::string& slurm_log) {
  LostTask lost = ExplainLostTask(Slurp(slurm_log));
  RunOutcome outcome;
  outcome.id = spec.id;
  outcome.exit_code = -1;
  outcome.timed_out = lost.timed_out;
  outcome.attempts = attempt;
  outcome.node = lost.node;
  std::string stderr_tail = TailLines(Slurp(task.run_dir + "/stderr.txt"), kStderrTailLines);
  outcome.stderr_tail = lost.reason + " (log: " + slurm_log + ")" + (stderr_tail.empty() ? "" : "\n" + stderr_tail);
  return outcome;
}

// Leaves out_dir as LocalExecutor would: the run's files, stdout.txt and stderr.txt.
void CopyBack(const RunSpec& spec, const Task& task, const RunOutcome& outcome) {
  fs::create_directories(spec.out_dir);
  if (fs::exists(task.run_dir)) CopyTree(task.run_dir, spec.out_dir);
  if (!fs::exists(spec.out_dir + "/stdout.txt")) std::ofstream(spec.out_dir + "/stdout.txt");
  if (!fs::exists(spec.out_dir + "/stderr.txt")) std::ofstream(spec.out_dir + "/stderr.txt") << outcome.stderr_tail;
}

std::vector<RunOutcome> RunPlan(const SlurmOptions& options, const std::string& sbatch, const std::string& squeue,
                                const std::vector<RunSpec>& specs, const RunCallback& on_done) {
  Validate(specs);
  std::vector<RunOutcome> outcomes(specs.size());
  if (specs.empty()) return outcomes;

  ArrayRun run(options, sbatch, squeue);
  run.Prepare();
  std::vector<std::string> earlier = run.QueuedEarlierArrays();
  if (!earlier.empty() && !options.resume) {
    throw SlurmError(fmt::format("slurm: array {} from an earlier run on {} is still queued: resume it, cancel it "
                                 "(scancel {}) or use another shared directory",
                                 earlier[0], options.shared_dir, earlier[0]));
  }
  if (!earlier.empty()) run.WaitUntilGone(earlier);

  Staging staging(options.shared_dir);
  std::vector<Task> tasks(specs.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    const RunSpec& spec = specs[i];
    Task& task = tasks[i];
    task.run_dir = staging.RunDir(spec);
    task.status_path = options.shared_dir + "/status/" + spec.id + ".status";
    task.hash = CommandHash(spec);
    for (const auto& name : spec.unset) task.command.insert(task.command.end(), {"-u", name});
    task.command.push_back("--");
    for (const auto& entry : spec.env) task.command.push_back(staging.MapArgument(entry, spec.out_dir, task.run_dir));
    for (const auto& arg : spec.argv) task.command.push_back(staging.MapArgument(arg, spec.out_dir, task.run_dir));
    task.program = task.command[task.command.size() - spec.argv.size()];
  }
  staging.CopyAll();

  auto finish = [&](size_t i, RunOutcome outcome) {
    CopyBack(specs[i], tasks[i], outcome);
    outcomes[i] = std::move(outcome);
    if (on_done) on_done(specs[i], outcomes[i]);
  };
  auto read_status = [&](size_t i) -> std::optional<TaskStatus> {
    std::optional<TaskStatus> status = ParseTaskStatus(Slurp(tasks[i].status_path));
    if (status && (status->id != specs[i].id || status->plan_hash != tasks[i].hash)) return std::nullopt;
    return status;
  };

  std::vector<size_t> pending;
  for (size_t i = 0; i < specs.size(); ++i) {
    std::optional<TaskStatus> status = options.resume ? read_status(i) : std::nullopt;
    RunOutcome done = status ? OutcomeFromStatus(specs[i], tasks[i], *status) : RunOutcome{};
    if (status && done.ok()) {
      finish(i, std::move(done));
    } else {
      pending.push_back(i);
    }
  }

  for (int attempt = 1; !pending.empty(); ++attempt) {
    const bool last_attempt = attempt > options.retries;
    std::vector<Array> arrays = run.Submit(pending, attempt, specs, tasks);
    std::vector<std::optional<RunOutcome>> attempt_outcomes(specs.size());
    size_t reported = 0;
    // Reads the statuses that appeared; a final outcome is handed on at once (progress).
    auto scan = [&] {
      for (size_t i : pending) {
        if (attempt_outcomes[i]) continue;
        std::optional<TaskStatus> status = read_status(i);
        if (!status || status->attempt != attempt) continue;
        attempt_outcomes[i] = OutcomeFromStatus(specs[i], tasks[i], *status);
        ++reported;
        if (attempt_outcomes[i]->ok() || last_attempt) finish(i, *attempt_outcomes[i]);
      }
      return reported == pending.size();
    };
    run.Poll(arrays, scan);
    // A network file system may show a status file late.
    Clock::time_point gone = Clock::now();
    while (!scan() && SecondsSince(gone) < options.status_grace_s) {
      SleepSeconds(std::min(options.poll_interval_s, options.status_grace_s));
    }

    std::vector<size_t> retry;
    for (const Array& array : arrays) {
      for (size_t task = 0; task < array.tasks.size(); ++task) {
        size_t i = array.tasks[task];
        if (!attempt_outcomes[i]) {
          attempt_outcomes[i] = OutcomeOfLostTask(specs[i], tasks[i], attempt, run.SlurmLog(array.job_id, task));
          if (last_attempt) finish(i, *attempt_outcomes[i]);
        }
        if (!attempt_outcomes[i]->ok() && !last_attempt) retry.push_back(i);
      }
    }
    std::sort(retry.begin(), retry.end());
    pending = std::move(retry);
  }
  run.ForgetArrays();
  return outcomes;
}

}  // namespace

std::vector<RunOutcome> SlurmExecutor::RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) {
  try {
    return RunPlan(options_, sbatch_, squeue_, specs, on_done);
  } catch (const fs::filesystem_error& error) {
    throw SlurmError(fmt::format("slurm: {}", error.what()));
  }
}

}  // namespace hftbot::lab
