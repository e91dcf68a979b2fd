// slurm_smoke: runs small plans through LocalExecutor and SlurmExecutor and checks
// that Slurm changes nothing but where the runs happen. For lab/slurm/cluster_test.sh
// on the one-node test cluster, and for trying a real cluster before a long sweep:
//   1. the bot (this binary's runfiles: bot, default config, bundled sample), both
//      allocation profiles x 2 rounds: every run succeeds on both executors, every run
//      folder is complete, and the digests agree across rounds and executors;
//   2. a run that fails and one that hangs past its timeout: both retried once, then
//      reported with the same exit code and timeout flag as locally;
//   3. an interrupted RunAll (its process killed while the array runs) resumed: the
//      resumed RunAll waits for the queued array and runs nothing twice;
//   4. the scheduling overhead: 8 trivial runs (/bin/true) through each executor.
// Prints one line per check and exits 1 if any failed.

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/paths.h"
#include "lab/local_executor.h"
#include "lab/slurm_executor.h"
#include "lab/subprocess.h"

namespace hftbot {
namespace {

namespace fs = std::filesystem;
using lab::RunOutcome;
using lab::RunSpec;

class Checks {
 public:
  void Expect(bool ok, const std::string& what) {
    std::cout << (ok ? "ok:   " : "FAIL: ") << what << "\n" << std::flush;
    ++(ok ? passed_ : failed_);
  }
  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  int passed_ = 0;
  int failed_ = 0;
};

struct Timed {
  std::vector<RunOutcome> outcomes;
  double seconds = 0;
};

Timed RunTimed(lab::Executor& executor, const std::vector<RunSpec>& specs) {
  auto start = std::chrono::steady_clock::now();
  Timed timed;
  timed.outcomes = executor.RunAll(specs, [&executor](const RunSpec& spec, const RunOutcome& outcome) {
    std::cerr << fmt::format("slurm_smoke: [{}] {} exit {}{} on {} in {:.2f} s (attempts {})\n", executor.name(),
                             spec.id, outcome.exit_code, outcome.timed_out ? " (timed out)" : "", outcome.node,
                             outcome.elapsed_s, outcome.attempts);
  });
  timed.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return timed;
}

// The same specs with their folders under `out_root`.
std::vector<RunSpec> Under(std::vector<RunSpec> specs, const std::string& out_root) {
  for (RunSpec& spec : specs) {
    const std::string old_dir = spec.out_dir;
    spec.out_dir = out_root + "/" + spec.id;
    for (std::string& arg : spec.argv) {
      if (arg.rfind(old_dir, 0) == 0) arg = spec.out_dir + arg.substr(old_dir.size());
    }
  }
  return specs;
}

std::string Digest(const std::string& report_path) {
  std::ifstream in(report_path);
  if (!in) return "";
  try {
    return nlohmann::json::parse(in).at("digest").get<std::string>();
  } catch (const std::exception&) {
    return "";
  }
}

std::vector<std::string> FileNames(const std::string& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

void CheckBotRuns(Checks& checks, lab::Executor& local, lab::Executor& slurm, const std::string& bot,
                  const std::string& runfiles, const std::string& out) {
  std::vector<RunSpec> plan;
  for (int round = 0; round < 2; ++round) {
    for (const char* profile : {"naive", "pooled"}) {
      RunSpec spec;
      spec.id = fmt::format("{}-r{}", profile, round);
      spec.out_dir = "/" + spec.id;
      spec.argv = {bot,           "--no-progress", "--profile",  profile,
                   "--report-json", spec.out_dir + "/report.json", "--hgrm-dir", spec.out_dir};
      spec.env = {"RUNFILES_DIR=" + runfiles};
      spec.unset = {"BUILD_WORKING_DIRECTORY"};
      spec.timeout_s = 300;
      spec.round = round;
      plan.push_back(spec);
    }
  }
  std::vector<RunSpec> local_specs = Under(plan, out + "/local/bot");
  std::vector<RunSpec> slurm_specs = Under(plan, out + "/slurm/bot");
  Timed local_run = RunTimed(local, local_specs);
  Timed slurm_run = RunTimed(slurm, slurm_specs);

  std::map<std::string, std::string> digest_by_profile;
  bool digests_agree = true, complete = true, all_ok = true, nodes_named = true;
  for (size_t i = 0; i < plan.size(); ++i) {
    all_ok &= local_run.outcomes[i].ok() && slurm_run.outcomes[i].ok();
    nodes_named &= !slurm_run.outcomes[i].node.empty();
    const std::string profile = plan[i].argv[3];
    for (const std::string& report : {local_specs[i].out_dir + "/report.json", slurm_specs[i].out_dir + "/report.json"}) {
      std::string digest = Digest(report);
      auto [it, first] = digest_by_profile.emplace(profile, digest);
      if (digest.empty() || (!first && it->second != digest)) {
        digests_agree = false;
        std::cout << fmt::format("      digest of {}: '{}', expected '{}'\n", report, digest, it->second);
      }
    }
    std::vector<std::string> local_files = FileNames(local_specs[i].out_dir);
    std::vector<std::string> slurm_files = FileNames(slurm_specs[i].out_dir);
    if (local_files != slurm_files || local_files.size() < 4) {
      complete = false;
      std::cout << fmt::format("      {}: local has {} files, slurm {}: {}\n", plan[i].id, local_files.size(),
                               slurm_files.size(), fmt::join(slurm_files, " "));
    }
  }
  checks.Expect(all_ok, fmt::format("bot: {} runs succeed locally and through Slurm", plan.size()));
  checks.Expect(digests_agree, fmt::format("bot: digests agree across rounds and executors (naive {}, pooled {})",
                                           digest_by_profile["naive"], digest_by_profile["pooled"]));
  checks.Expect(complete, "bot: every Slurm run folder holds the same files as the local one "
                          "(report.json, .hgrm files, stdout.txt, stderr.txt)");
  checks.Expect(nodes_named, fmt::format("bot: each Slurm run records its node ({})", slurm_run.outcomes[0].node));
  std::cout << fmt::format("time: bot plan of {} runs: local {:.1f} s, slurm {:.1f} s\n", plan.size(),
                           local_run.seconds, slurm_run.seconds);
}

void CheckFailures(Checks& checks, lab::Executor& local, lab::Executor& slurm, const std::string& out) {
  RunSpec fails;
  fails.id = "fails";
  fails.argv = {"/bin/sh", "-c", "echo about to fail >&2; exit 3"};
  fails.out_dir = "/fails";
  RunSpec hangs;
  hangs.id = "hangs";
  hangs.argv = {"/bin/sleep", "60"};
  hangs.out_dir = "/hangs";
  hangs.timeout_s = 2;
  std::vector<RunSpec> plan = {fails, hangs};
  std::vector<RunOutcome> local_outcomes = RunTimed(local, Under(plan, out + "/local/failures")).outcomes;
  std::vector<RunOutcome> slurm_outcomes = RunTimed(slurm, Under(plan, out + "/slurm/failures")).outcomes;
  for (size_t i = 0; i < plan.size(); ++i) {
    const RunOutcome& l = local_outcomes[i];
    const RunOutcome& s = slurm_outcomes[i];
    checks.Expect(s.exit_code == l.exit_code && s.timed_out == l.timed_out && !s.ok(),
                  fmt::format("{}: exit {} timed_out {} through Slurm, exit {} timed_out {} locally", plan[i].id,
                              s.exit_code, s.timed_out, l.exit_code, l.timed_out));
    checks.Expect(s.attempts == 2, fmt::format("{}: retried once (attempts {})", plan[i].id, s.attempts));
  }
  checks.Expect(slurm_outcomes[0].stderr_tail == "about to fail",
                fmt::format("fails: stderr tail reported ('{}')", slurm_outcomes[0].stderr_tail));
}

// Four runs of ~1 s, each appending its id to `log`.
std::vector<RunSpec> ResumePlan(const std::string& out, const std::string& log) {
  std::vector<RunSpec> plan;
  for (int i = 0; i < 4; ++i) {
    RunSpec spec;
    spec.id = fmt::format("resume-{}", i);
    spec.argv = {"/bin/sh", "-c", "sleep 1; echo \"$1\" >> \"$2\"", "_", spec.id, log};
    spec.out_dir = out + "/slurm/resume/" + spec.id;
    plan.push_back(spec);
  }
  return plan;
}

void CheckResume(Checks& checks, const lab::SlurmOptions& options, const std::string& out) {
  const std::string log = out + "/resume.log";
  // The first RunAll runs in a child process that is killed once its array is queued.
  std::vector<std::string> child = {"/proc/self/exe", "--resume-child", "--shared-dir", options.shared_dir, "--out", out};
  if (!options.partition.empty()) child.insert(child.end(), {"--partition", options.partition});
  if (!options.constraint.empty()) child.insert(child.end(), {"--constraint", options.constraint});
  lab::RunProcess(child, {{}, {}, {{3000, SIGKILL}}, 0});
  std::ifstream jobs(options.shared_dir + "/jobs.txt");
  std::string job_id;
  jobs >> job_id;
  size_t done_at_kill = FileNames(options.shared_dir + "/status").size();
  checks.Expect(!job_id.empty() && done_at_kill < 4,
                fmt::format("resume: the interrupted run left array '{}' behind with {} of 4 runs done", job_id,
                            done_at_kill));

  lab::SlurmOptions resumed = options;
  resumed.resume = true;
  lab::SlurmExecutor executor(resumed);
  std::vector<RunOutcome> outcomes = RunTimed(executor, ResumePlan(out, log)).outcomes;
  bool ok = std::all_of(outcomes.begin(), outcomes.end(), [](const RunOutcome& o) { return o.ok(); });
  std::ifstream in(log);
  std::map<std::string, int> runs;
  for (std::string id; in >> id;) ++runs[id];
  bool once = runs.size() == 4 && std::all_of(runs.begin(), runs.end(), [](const auto& r) { return r.second == 1; });
  checks.Expect(ok && once, fmt::format("resume: all 4 runs done, each exactly once ({} distinct runs logged)",
                                        runs.size()));
}

int ResumeChild(const lab::SlurmOptions& options, const std::string& out) {
  lab::SlurmExecutor executor(options);
  executor.RunAll(ResumePlan(out, out + "/resume.log"), {});
  return 0;
}

void MeasureOverhead(Checks& checks, lab::Executor& local, lab::Executor& slurm, const std::string& out,
                     int repetitions) {
  std::vector<RunSpec> plan;
  for (int i = 0; i < 8; ++i) {
    RunSpec spec;
    spec.id = fmt::format("true-{}", i);
    spec.argv = {"/bin/true"};
    spec.out_dir = "/" + spec.id;
    plan.push_back(spec);
  }
  for (int rep = 0; rep < repetitions; ++rep) {
    Timed l = RunTimed(local, Under(plan, fmt::format("{}/local/overhead-{}", out, rep)));
    Timed s = RunTimed(slurm, Under(plan, fmt::format("{}/slurm/overhead-{}", out, rep)));
    bool ok = std::all_of(s.outcomes.begin(), s.outcomes.end(), [](const RunOutcome& o) { return o.ok(); });
    checks.Expect(ok, fmt::format("overhead: 8 trivial runs succeed through Slurm (repetition {})", rep + 1));
    std::cout << fmt::format("time: 8 x /bin/true: local {:.2f} s, slurm {:.2f} s ({:.2f} s per task)\n", l.seconds,
                             s.seconds, (s.seconds - l.seconds) / 8);
  }
}

int SmokeMain(int argc, char** argv) {
  CLI::App app{"slurm_smoke: the same small plans locally and through Slurm; checks they agree"};
  lab::SlurmOptions options;
  std::string out;
  int repetitions = 1;
  app.add_option("--shared-dir", options.shared_dir, "folder every node sees (absolute)")->required();
  app.add_option("--out", out, "local output folder (absolute)")->required();
  app.add_option("--partition", options.partition, "Slurm partition (default: the cluster's default)");
  app.add_option("--constraint", options.constraint, "Slurm node features");
  app.add_option("--poll-interval", options.poll_interval_s, "seconds between squeue polls")->check(CLI::PositiveNumber);
  app.add_option("--overhead-repetitions", repetitions, "how often to time 8 trivial runs each way")
      ->check(CLI::Range(1, 20));
  bool resume_child = false;
  app.add_flag("--resume-child", resume_child, "internal: the RunAll that the resume check interrupts");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error);
  }
  options.status_grace_s = 5;
  if (resume_child) return ResumeChild(options, out);

  const std::string probe = ResolveBundledFile("bot/bot", argv[0]);
  if (!fs::exists(probe)) {
    std::cerr << "slurm_smoke: the bot is not in this binary's runfiles (" << probe << ")\n";
    return 2;
  }
  const fs::path bot = fs::absolute(probe);
  const std::string runfiles = bot.parent_path().parent_path().parent_path().string();

  Checks checks;
  try {
    lab::LocalExecutor local;
    lab::SlurmExecutor slurm_bot(options);
    CheckBotRuns(checks, local, slurm_bot, bot.string(), runfiles, out);
    lab::SlurmOptions sub = options;
    sub.shared_dir = options.shared_dir + "/failures";
    lab::SlurmExecutor slurm_failures(sub);
    CheckFailures(checks, local, slurm_failures, out);
    sub.shared_dir = options.shared_dir + "/resume";
    CheckResume(checks, sub, out);
    sub.shared_dir = options.shared_dir + "/overhead";
    lab::SlurmExecutor slurm_overhead(sub);
    MeasureOverhead(checks, local, slurm_overhead, out, repetitions);
  } catch (const lab::SlurmError& error) {
    checks.Expect(false, error.what());
  }
  std::cout << fmt::format("slurm_smoke: {} checks passed, {} failed\n", checks.passed(), checks.failed());
  return checks.failed() == 0 ? 0 : 1;
}

}  // namespace
}  // namespace hftbot

int main(int argc, char** argv) { return hftbot::SmokeMain(argc, argv); }
