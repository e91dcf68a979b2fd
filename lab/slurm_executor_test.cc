#include "lab/slurm_executor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lab/local_executor.h"
#include "lab/subprocess.h"

namespace hftbot::lab {
namespace {

namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void Write(const std::string& path, const std::string& text, bool executable = false) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << text;
  if (executable) fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
}

int Lines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// sbatch stand-in: runs every task of the array right away, in index order, with the
// real task script, and prints a job id (100, 101, ...). Tasks listed as "<job> <task>"
// in $FAKE_SLURM_STATE/lose vanish as if Slurm had killed them at their time limit.
constexpr char kFakeSbatch[] = R"sh(#!/bin/bash
state=$FAKE_SLURM_STATE
if [[ -e $state/reject ]]; then
  echo "sbatch: error: invalid partition specified: nope" >&2
  exit 1
fi
echo "$*" >>"$state/sbatch.log"
job=$(cat "$state/next_job" 2>/dev/null || echo 100)
echo $((job + 1)) >"$state/next_job"
for a in "$@"; do
  case $a in
    --array=*) range=${a#--array=}; range=${range%%\%*} ;;
    --output=*) out=${a#--output=} ;;
  esac
done
plan=${!#}
script=${@:$#-1:1}
cp "$plan" "$state/plan.$job"
for ((i = ${range%-*}; i <= ${range#*-}; i++)); do
  log=${out//%A/$job}
  log=${log//%a/$i}
  if grep -qx "$job $i" "$state/lose" 2>/dev/null; then
    echo "slurmstepd: error: *** JOB $((job * 10 + i)) ON fakenode CANCELLED AT 2024-01-01T00:00:00 DUE TO TIME LIMIT ***" >"$log"
    continue
  fi
  SLURM_ARRAY_JOB_ID=$job SLURM_ARRAY_TASK_ID=$i bash "$script" "$plan" >"$log" 2>&1
done
echo "$job"
)sh";

// squeue stand-in: reports a queued task for the next $FAKE_SLURM_STATE/queued_polls
// calls, fails like an unreachable controller while $FAKE_SLURM_STATE/down exists.
constexpr char kFakeSqueue[] = R"sh(#!/bin/bash
state=$FAKE_SLURM_STATE
echo "$*" >>"$state/squeue.log"
if [[ -e $state/down ]]; then
  echo "squeue: error: Unable to contact slurm controller (connect failure)" >&2
  exit 1
fi
n=$(cat "$state/queued_polls" 2>/dev/null || echo 0)
if ((n > 0)); then
  echo $((n - 1)) >"$state/queued_polls"
  echo "555_3"
fi
)sh";

class SlurmExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    root_ = std::string(tmp ? tmp : "/tmp") + "/" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    state_ = root_ + "/fake-slurm";
    shared_ = root_ + "/shared";
    fs::create_directories(state_);
    Write(root_ + "/bin/sbatch", kFakeSbatch, true);
    Write(root_ + "/bin/squeue", kFakeSqueue, true);
    saved_path_ = std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin";
    setenv("PATH", (root_ + "/bin:" + saved_path_).c_str(), 1);
    setenv("FAKE_SLURM_STATE", state_.c_str(), 1);
  }
  void TearDown() override { setenv("PATH", saved_path_.c_str(), 1); }

  SlurmOptions Options() const {
    SlurmOptions options;
    options.shared_dir = shared_;
    options.partition = "hftbot";
    options.poll_interval_s = 0.01;
    options.status_grace_s = 0;
    return options;
  }

  RunSpec Shell(const std::string& id, const std::string& script, double timeout_s = 0) const {
    RunSpec spec;
    spec.id = id;
    spec.argv = {"/bin/sh", "-c", script};
    spec.out_dir = root_ + "/out/" + id;
    spec.timeout_s = timeout_s;
    return spec;
  }

  std::string root_, state_, shared_, saved_path_;
};

TEST(ShellQuoteTest, BashReadsBackEveryByte) {
  for (const std::string text : {"plain", "a b", "it's", "back\\slash", "$HOME `id` $(id) \"q\"",
                                 "line\nbreak\ttab\r", "", "\xc3\xbcnicode", "\x01\x7f~", "x'\\'y"}) {
    ProcessResult result =
        RunProcess({"/bin/bash", "-c", "eval \"set -- $1\"; printf %s \"$1\"", "_", ShellQuote(text)});
    EXPECT_EQ(result.exit_code, 0) << result.stderr_text;
    EXPECT_EQ(result.stdout_text, text) << "quoted as " << ShellQuote(text);
  }
}

TEST(ParseTaskStatusTest, ReadsWhatTheTaskScriptWrites) {
  std::optional<TaskStatus> status = ParseTaskStatus(
      "id=naive-jemalloc-r3\nattempt=2\nplan_hash=00ff\nnode=node7\nexit_code=143\nstart=100.25\nend=103,75\njob=1_2\n");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->id, "naive-jemalloc-r3");
  EXPECT_EQ(status->attempt, 2);
  EXPECT_EQ(status->plan_hash, "00ff");
  EXPECT_EQ(status->node, "node7");
  EXPECT_EQ(status->exit_code, 143);
  EXPECT_DOUBLE_EQ(status->elapsed_s, 3.5);
}

TEST(ParseTaskStatusTest, RejectsACutOrGarbledStatus) {
  EXPECT_FALSE(ParseTaskStatus("id=a\nattempt=1\nplan_hash=1\nnode=n\nexit_code=0\nstart=1\n"));
  EXPECT_FALSE(ParseTaskStatus("id=a\nattempt=1\nplan_hash=1\nnode=n\nexit_code=zero\nstart=1\nend=2\n"));
  EXPECT_FALSE(ParseTaskStatus("id=a\nattempt=1\nplan_hash=1\nnode=n\nexit_code=0\nstart=1\nend=\n"));
  EXPECT_FALSE(ParseTaskStatus(""));
}

TEST(SbatchArgumentsTest, OneExclusiveArrayOnTheChosenNodes) {
  SlurmOptions options;
  options.shared_dir = "/shared/exp";
  options.partition = "bench";
  options.constraint = "epyc";
  options.max_running = 4;
  options.sbatch_args = {"--account=lab"};
  std::vector<std::string> args = SbatchArguments(options, 8, 125, "/shared/exp/task.sh", "/shared/exp/plans/1.plan");
  auto has = [&](const std::string& a) { return std::find(args.begin(), args.end(), a) != args.end(); };
  EXPECT_TRUE(has("--array=0-7%4"));
  EXPECT_TRUE(has("--exclusive"));
  EXPECT_TRUE(has("--partition=bench"));
  EXPECT_TRUE(has("--constraint=epyc"));
  EXPECT_TRUE(has("--time=3")) << "125 s rounds up to 3 minutes";
  EXPECT_TRUE(has("--no-requeue"));
  EXPECT_TRUE(has("--output=/shared/exp/logs/%A_%a.out"));
  EXPECT_TRUE(has("--account=lab"));
  ASSERT_GE(args.size(), 2u);
  EXPECT_EQ(args[args.size() - 2], "/shared/exp/task.sh");
  EXPECT_EQ(args.back(), "/shared/exp/plans/1.plan");

  options = SlurmOptions{};
  options.shared_dir = "/s";
  args = SbatchArguments(options, 1, 0, "/s/task.sh", "/s/p");
  EXPECT_TRUE(has("--array=0-0"));
  for (const auto& a : args) {
    EXPECT_NE(a.rfind("--time", 0), 0u) << "no limit given: the partition's default applies";
    EXPECT_NE(a.rfind("--partition", 0), 0u);
  }
}

TEST(ExplainLostTaskTest, ReadsSlurmsCancelLine) {
  LostTask lost = ExplainLostTask(
      "some output\nslurmstepd: error: *** JOB 1234 ON node7 CANCELLED AT 2024-05-01T10:00:00 DUE TO TIME LIMIT ***\n");
  EXPECT_TRUE(lost.timed_out);
  EXPECT_EQ(lost.node, "node7");
  EXPECT_NE(lost.reason.find("DUE TO TIME LIMIT"), std::string::npos);
  lost = ExplainLostTask("slurmstepd: error: *** JOB 9 ON n2 CANCELLED AT 2024-05-01T10:00:00 DUE TO NODE FAILURE ***");
  EXPECT_FALSE(lost.timed_out);
  EXPECT_EQ(lost.node, "n2");
  EXPECT_FALSE(ExplainLostTask("").timed_out);
}

TEST_F(SlurmExecutorTest, StagingRewritesRunfilesInputsAndOutputs) {
  // A Bazel-like tree: the runfiles entry is a symlink into the output tree.
  Write(root_ + "/bazel-out/bot/bot", "#!/bin/sh\n", true);
  fs::create_directories(root_ + "/bin/tool.runfiles/hftbot/bot");
  fs::create_symlink(root_ + "/bazel-out/bot/bot", root_ + "/bin/tool.runfiles/hftbot/bot/bot");
  Write(root_ + "/data/ticks.bin", "ticks");
  Write(root_ + "/built/other", "#!/bin/sh\n", true);
  fs::create_directories(root_ + "/built/other.runfiles/hftbot");
  const std::string out_dir = root_ + "/out/run1";

  Staging staging(shared_);
  RunSpec spec;
  spec.id = "run1";
  spec.out_dir = out_dir;
  const std::string run_dir = staging.RunDir(spec);
  EXPECT_EQ(run_dir, shared_ + "/runs/run1");
  const std::string bot = staging.MapArgument(root_ + "/bin/tool.runfiles/hftbot/bot/bot", out_dir, run_dir);
  const std::string runfiles = staging.MapArgument("RUNFILES_DIR=" + root_ + "/bin/tool.runfiles", out_dir, run_dir);
  const std::string ticks = staging.MapArgument("--ticks=" + root_ + "/data/ticks.bin", out_dir, run_dir);
  EXPECT_EQ(runfiles.substr(0, 13), "RUNFILES_DIR=");
  EXPECT_EQ(bot, runfiles.substr(13) + "/hftbot/bot/bot") << "argv[0] and RUNFILES_DIR must name one staged tree";
  EXPECT_EQ(bot.rfind(shared_ + "/stage/", 0), 0u) << bot;
  EXPECT_EQ(ticks.rfind("--ticks=" + shared_ + "/stage/", 0), 0u) << ticks;
  EXPECT_EQ(fs::path(ticks).filename(), "ticks.bin");
  EXPECT_EQ(staging.MapArgument(out_dir + "/report.json", out_dir, run_dir), run_dir + "/report.json");
  EXPECT_EQ(staging.MapArgument("--hgrm-dir=" + out_dir, out_dir, run_dir), "--hgrm-dir=" + run_dir);
  EXPECT_EQ(staging.MapArgument(out_dir + "-other/x", out_dir, run_dir), out_dir + "-other/x")
      << "a sibling of out_dir is not inside it";
  for (const std::string& kept : std::vector<std::string>{"/bin/sh", "/usr/lib/x", "relative/path", "--speed",
                                                           "/nowhere/at/all", shared_ + "/already/there"}) {
    EXPECT_EQ(staging.MapArgument(kept, out_dir, run_dir), kept);
  }
  EXPECT_THROW(staging.MapArgument(root_, out_dir, run_dir), SlurmError) << "would copy the out_dir into itself";
  RunSpec on_shared;
  on_shared.id = "run2";
  on_shared.out_dir = shared_ + "/out/run2";
  EXPECT_EQ(staging.RunDir(on_shared), shared_ + "/runs/run2") << "runs keep their own copy even on the shared disk";
  EXPECT_EQ(staging.MapArgument("--report-json=" + on_shared.out_dir + "/report.json", on_shared.out_dir,
                                staging.RunDir(on_shared)),
            "--report-json=" + shared_ + "/runs/run2/report.json");
  const std::string other = staging.MapArgument(root_ + "/built/other", out_dir, run_dir);
  EXPECT_TRUE(staging.copies().count(root_ + "/built/other.runfiles")) << "a binary's sibling runfiles tree goes too";
  EXPECT_EQ(staging.copies().at(root_ + "/built/other.runfiles"), other + ".runfiles");

  staging.CopyAll();
  EXPECT_FALSE(fs::is_symlink(bot)) << "symlinks must be dereferenced: the nodes lack bazel-out";
  EXPECT_EQ(Slurp(bot), "#!/bin/sh\n");
  EXPECT_EQ(access(bot.c_str(), X_OK), 0) << "the staged binary must stay executable";
  EXPECT_EQ(Slurp(ticks.substr(8)), "ticks");

  // A rebuilt input is copied again; an unchanged one is left alone.
  Write(root_ + "/data/ticks.bin", "ticks, rebuilt");
  staging.CopyAll();
  EXPECT_EQ(Slurp(ticks.substr(8)), "ticks, rebuilt");
}

TEST_F(SlurmExecutorTest, RunsThePlanInOrderRetriesFailuresAndCopiesOutputsBack) {
  const std::string log = root_ + "/order.log";
  std::vector<RunSpec> specs;
  for (int i = 0; i < 3; ++i) {
    RunSpec spec = Shell("run" + std::to_string(i), "echo $RUN_ID >> " + log +
                                                        "; echo out-$RUN_ID; echo report-$RUN_ID > \"$1\"; echo warn >&2;"
                                                        " exit $((RUN_ID == 1))");
    // As compare names its report: an argument inside out_dir, which the run writes on the node.
    spec.argv.insert(spec.argv.end(), {"_", spec.out_dir + "/report.json"});
    spec.env = {"RUN_ID=" + std::to_string(i)};
    specs.push_back(spec);
  }
  SlurmExecutor executor(Options());
  int callbacks = 0;
  std::vector<RunOutcome> outcomes = executor.RunAll(specs, [&](const RunSpec&, const RunOutcome&) { ++callbacks; });
  ASSERT_EQ(outcomes.size(), 3u);
  EXPECT_EQ(callbacks, 3) << "one callback per run, after its last attempt";
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_EQ(outcomes[0].attempts, 1);
  EXPECT_EQ(outcomes[1].exit_code, 1);
  EXPECT_EQ(outcomes[1].attempts, 2) << "a failed run is retried once";
  EXPECT_TRUE(outcomes[2].ok());
  EXPECT_EQ(Slurp(log), "0\n1\n2\n1\n") << "plan order, then the retry";
  EXPECT_EQ(Slurp(root_ + "/out/run2/stdout.txt"), "out-2\n");
  EXPECT_EQ(Slurp(root_ + "/out/run2/stderr.txt"), "warn\n");
  EXPECT_EQ(Slurp(root_ + "/out/run2/report.json"), "report-2\n") << "the run's own outputs come back to out_dir";
  EXPECT_EQ(outcomes[2].stderr_tail, "warn");
  EXPECT_FALSE(outcomes[0].node.empty());
  std::string submissions = Slurp(state_ + "/sbatch.log");
  ASSERT_EQ(Lines(submissions), 2);
  EXPECT_NE(submissions.find("--array=0-2 --exclusive"), std::string::npos) << submissions;
  EXPECT_NE(submissions.find("--array=0-0 --exclusive"), std::string::npos) << "the retry is a second, small array";
  EXPECT_EQ(Lines(Slurp(state_ + "/plan.101")), 1);
  EXPECT_NE(Slurp(state_ + "/plan.101").find("$'run1'"), std::string::npos);
}

TEST_F(SlurmExecutorTest, SameOutcomesAndOutputsAsLocalExecutor) {
  std::vector<RunSpec> specs = {
      Shell("ok", "printf '%s|' \"$@\"; echo; echo $GREETING; test -z \"$GONE\""),
      Shell("fails", "echo partial; exit 7"),
      Shell("hangs", "sleep 30", 0.3),
  };
  specs[0].argv.insert(specs[0].argv.end(), {"_", "a b", "it's", "$HOME", "two\nlines", ""});
  specs[0].env = {"GREETING=hello there"};
  specs[0].unset = {"GONE"};
  setenv("GONE", "should not be seen", 1);
  std::vector<RunSpec> local_specs = specs;
  for (auto& spec : local_specs) spec.out_dir += "-local";

  SlurmOptions options = Options();
  options.retries = 0;
  std::vector<RunOutcome> slurm = SlurmExecutor(options).RunAll(specs, {});
  std::vector<RunOutcome> local = LocalExecutor().RunAll(local_specs, {});
  unsetenv("GONE");
  ASSERT_EQ(slurm.size(), local.size());
  for (size_t i = 0; i < specs.size(); ++i) {
    SCOPED_TRACE(specs[i].id);
    EXPECT_EQ(slurm[i].exit_code, local[i].exit_code);
    EXPECT_EQ(slurm[i].timed_out, local[i].timed_out);
    EXPECT_EQ(slurm[i].attempts, 1);
    EXPECT_EQ(Slurp(specs[i].out_dir + "/stdout.txt"), Slurp(local_specs[i].out_dir + "/stdout.txt"));
    EXPECT_EQ(Slurp(specs[i].out_dir + "/stderr.txt"), Slurp(local_specs[i].out_dir + "/stderr.txt"));
  }
  EXPECT_EQ(Slurp(specs[0].out_dir + "/stdout.txt"), "a b|it's|$HOME|two\nlines||\nhello there\n");
  EXPECT_TRUE(slurm[2].timed_out);
  EXPECT_LT(slurm[2].elapsed_s, 10) << "the run's own timeout must stop it, not Slurm's";
}

TEST_F(SlurmExecutorTest, RunfilesTreeIsStagedAndFoundThroughRunfilesDir) {
  Write(root_ + "/bazel-out/tool", "#!/bin/sh\ncat \"$RUNFILES_DIR/hftbot/data/sample.txt\" > \"$1\"\necho \"$0\"\n", true);
  Write(root_ + "/bazel-out/sample.txt", "bundled sample\n");
  fs::create_directories(root_ + "/app.runfiles/hftbot/data");
  fs::create_symlink(root_ + "/bazel-out/tool", root_ + "/app.runfiles/hftbot/tool");
  fs::create_symlink(root_ + "/bazel-out/sample.txt", root_ + "/app.runfiles/hftbot/data/sample.txt");
  RunSpec spec;
  spec.id = "bot";
  spec.argv = {root_ + "/app.runfiles/hftbot/tool", root_ + "/out/bot/report.json"};
  spec.env = {"RUNFILES_DIR=" + root_ + "/app.runfiles"};
  spec.out_dir = root_ + "/out/bot";
  std::vector<RunOutcome> outcomes = SlurmExecutor(Options()).RunAll({spec}, {});
  ASSERT_TRUE(outcomes[0].ok()) << outcomes[0].stderr_tail;
  EXPECT_EQ(Slurp(root_ + "/out/bot/report.json"), "bundled sample\n");
  std::string ran = Slurp(root_ + "/out/bot/stdout.txt");
  EXPECT_EQ(ran.rfind(shared_ + "/stage/", 0), 0u) << "the node must run the staged copy, ran " << ran;
}

TEST_F(SlurmExecutorTest, AnEarlierRunsFilesDoNotReachTheNextOutDir) {
  RunSpec first = Shell("same-id", "touch \"$1\"");
  first.argv.insert(first.argv.end(), {"_", first.out_dir + "/old.txt"});
  SlurmExecutor(Options()).RunAll({first}, {});
  RunSpec second = Shell("same-id", "touch \"$1\"");
  second.out_dir = root_ + "/out/again";
  second.argv.insert(second.argv.end(), {"_", second.out_dir + "/new.txt"});
  SlurmExecutor(Options()).RunAll({second}, {});
  EXPECT_TRUE(fs::exists(first.out_dir + "/old.txt"));
  EXPECT_TRUE(fs::exists(second.out_dir + "/new.txt"));
  EXPECT_FALSE(fs::exists(second.out_dir + "/old.txt"));
}

TEST_F(SlurmExecutorTest, SlurmTimeLimitLeavesRoomForTheRunsOwnTimeout) {
  SlurmExecutor(Options()).RunAll({Shell("a", "true", 30), Shell("b", "true", 100)}, {});
  SlurmExecutor(Options()).RunAll({Shell("c", "true", 30), Shell("d", "true")}, {});
  SlurmOptions options = Options();
  options.time_limit_s = 600;
  SlurmExecutor(options).RunAll({Shell("e", "true", 30)}, {});
  std::stringstream submissions(Slurp(state_ + "/sbatch.log"));
  std::string line;
  std::getline(submissions, line);
  EXPECT_NE(line.find("--time=3 "), std::string::npos) << "100 s + 65 s: " << line;
  std::getline(submissions, line);
  EXPECT_EQ(line.find("--time"), std::string::npos) << "a run without timeout must not get the others' limit: "
                                                    << line;
  std::getline(submissions, line);
  EXPECT_NE(line.find("--time=10 "), std::string::npos) << line;
}

TEST_F(SlurmExecutorTest, RetrySucceedsOnTheSecondAttempt) {
  const std::string counter = root_ + "/tries";
  RunSpec spec = Shell("flaky", "echo x >> " + counter + "; test $(wc -l < " + counter + ") -ge 2");
  std::vector<RunOutcome> outcomes = SlurmExecutor(Options()).RunAll({spec}, {});
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_EQ(outcomes[0].attempts, 2);
}

TEST_F(SlurmExecutorTest, TaskKilledBySlurmIsRetriedThenReportedAsLost) {
  Write(state_ + "/lose", "100 1\n");
  std::vector<RunSpec> specs = {Shell("a", "true"), Shell("b", "true")};
  std::vector<RunOutcome> outcomes = SlurmExecutor(Options()).RunAll(specs, {});
  EXPECT_TRUE(outcomes[1].ok()) << "the lost task ran again in the retry array";
  EXPECT_EQ(outcomes[1].attempts, 2);

  Write(state_ + "/lose", "102 1\n103 0\n");
  outcomes = SlurmExecutor(Options()).RunAll(specs, {});
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_FALSE(outcomes[1].ok());
  EXPECT_EQ(outcomes[1].exit_code, -1);
  EXPECT_TRUE(outcomes[1].timed_out) << "Slurm's log said TIME LIMIT";
  EXPECT_EQ(outcomes[1].node, "fakenode");
  EXPECT_EQ(outcomes[1].attempts, 2);
  EXPECT_NE(outcomes[1].stderr_tail.find("DUE TO TIME LIMIT"), std::string::npos) << outcomes[1].stderr_tail;
  EXPECT_TRUE(fs::exists(root_ + "/out/b/stderr.txt")) << "every run folder gets its stderr.txt";
}

TEST_F(SlurmExecutorTest, ResumeSubmitsOnlyWhatIsNotDone) {
  const std::string log = root_ + "/runs.log";
  std::vector<RunSpec> specs;
  for (const char* id : {"r0", "r1", "r2"}) specs.push_back(Shell(id, std::string("echo ") + id + " >> " + log));
  SlurmOptions options = Options();
  SlurmExecutor(options).RunAll(specs, {});
  ASSERT_EQ(Lines(Slurp(log)), 3);

  options.resume = true;
  std::vector<RunOutcome> outcomes = SlurmExecutor(options).RunAll(specs, {});
  EXPECT_EQ(Lines(Slurp(log)), 3) << "completed runs are not run again";
  EXPECT_EQ(Lines(Slurp(state_ + "/sbatch.log")), 1) << "nothing left to submit";
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.ok());

  specs[1].argv[2] += " # changed";
  SlurmExecutor(options).RunAll(specs, {});
  EXPECT_EQ(Slurp(log), "r0\nr1\nr2\nr1\n") << "a status for another command is stale";
  EXPECT_EQ(Lines(Slurp(state_ + "/plan.101")), 1);

  options.resume = false;
  SlurmExecutor(options).RunAll(specs, {});
  EXPECT_EQ(Lines(Slurp(log)), 7) << "without resume everything runs";
}

TEST_F(SlurmExecutorTest, AnArrayStillQueuedIsWaitedForOnlyWhenResuming) {
  fs::create_directories(shared_);
  Write(shared_ + "/jobs.txt", "555 " + shared_ + "/plans/1.plan\n");
  Write(state_ + "/queued_polls", "3");
  std::vector<RunSpec> specs = {Shell("a", "true")};
  SlurmOptions options = Options();
  EXPECT_THROW(SlurmExecutor(options).RunAll(specs, {}), SlurmError);
  EXPECT_FALSE(fs::exists(state_ + "/sbatch.log")) << "nothing may be submitted next to a live array";

  options.resume = true;
  std::vector<RunOutcome> outcomes = SlurmExecutor(options).RunAll(specs, {});
  EXPECT_TRUE(outcomes[0].ok());
  EXPECT_EQ(Slurp(state_ + "/queued_polls"), "0\n") << "it polled until the old array left the queue";
  EXPECT_FALSE(fs::exists(shared_ + "/jobs.txt")) << "a finished RunAll leaves no array to wait for";
}

TEST_F(SlurmExecutorTest, MachineryFailuresAreErrorsNotOutcomes) {
  std::vector<RunSpec> specs = {Shell("a", "true")};
  Write(state_ + "/reject", "");
  try {
    SlurmExecutor(Options()).RunAll(specs, {});
    ADD_FAILURE() << "sbatch rejected the job";
  } catch (const SlurmError& error) {
    EXPECT_NE(std::string(error.what()).find("invalid partition"), std::string::npos) << error.what();
  }
  fs::remove(state_ + "/reject");

  Write(state_ + "/lose", "100 0\n");
  Write(state_ + "/down", "");
  SlurmOptions options = Options();
  options.controller_patience_s = 0.05;
  EXPECT_THROW(SlurmExecutor(options).RunAll(specs, {}), SlurmError);

  options.shared_dir = "relative/dir";
  EXPECT_THROW(SlurmExecutor{options}, SlurmError);
  options = Options();
  specs.push_back(specs[0]);
  EXPECT_THROW(SlurmExecutor(options).RunAll(specs, {}), SlurmError) << "duplicate ids";
}

TEST_F(SlurmExecutorTest, LargePlansAreSplitIntoArraysInPlanOrder) {
  const std::string log = root_ + "/order.log";
  std::vector<RunSpec> specs;
  for (int i = 0; i < 5; ++i) specs.push_back(Shell("r" + std::to_string(i), "echo " + std::to_string(i) + " >> " + log));
  SlurmOptions options = Options();
  options.max_array_size = 2;
  std::vector<RunOutcome> outcomes = SlurmExecutor(options).RunAll(specs, {});
  for (const auto& outcome : outcomes) EXPECT_TRUE(outcome.ok());
  EXPECT_EQ(Slurp(log), "0\n1\n2\n3\n4\n");
  EXPECT_EQ(Lines(Slurp(state_ + "/sbatch.log")), 3);
}

}  // namespace
}  // namespace hftbot::lab
