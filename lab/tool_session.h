// What every lab tool (compare, tune, sweep) does before it plans a run: parse its
// command line (the options all tools share, its own, and any other option, which goes
// to every bot run), handle --resume, check its own options, pick and claim the output
// folder (lab/invocation.h), and make the executor (lab/executor_choice.h).
//
// Thread safety: start-up code on the main thread (it may set BUILD_WORKING_DIRECTORY
// to the resumed command's directory).

#ifndef HFTBOT_LAB_TOOL_SESSION_H_
#define HFTBOT_LAB_TOOL_SESSION_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lab/executor.h"
#include "lab/executor_choice.h"
#include "lab/run_timeout.h"
#include "lab/verdict.h"

namespace hftbot::lab {

struct SharedOptions {
  std::string ticks;  // after StartSession: absolute, or empty for the bundled sample
  std::string out_dir;
  std::string resume_dir;
  ExecutorChoice executor;
  RunTimeout timeout;
  VerdictRules rules;
  std::vector<std::string> bot_options;  // every option the tool does not know
};

// Adds --ticks, --out, --resume, --executor (and --slurm-*), --run-timeout, --min-effect
// and --alpha, and lets unknown options through to `bot_options`.
void AddSharedOptions(CLI::App& app, SharedOptions& options);

struct Session {
  std::string out_dir;  // absolute, claimed
  bool resumed = false;
  std::unique_ptr<Executor> executor;
};

struct SessionSetup {
  std::string tool;  // "compare"
  // Builds a fresh App bound to the tool's option variables; must call AddSharedOptions.
  std::function<std::unique_ptr<CLI::App>()> make_app;
  // Checks the tool's own options after parsing: an empty string, or what is wrong.
  std::function<std::string()> validate;
};

// Parses `argc/argv`. Returns an exit status to stop with (0 after --help, 2 for bad
// options or an executor that cannot be made, with the message printed), or nothing
// when `session` is ready.
std::optional<int> StartSession(const SessionSetup& setup, int argc, char** argv, SharedOptions& shared,
                                Session* session);

// --allocators a,b,... : the variants to run (lab/variant.h), the baseline first;
// `defaults` when not given.
void AddAllocatorsOption(CLI::App& app, std::vector<std::string>* allocators, const std::vector<std::string>& defaults);

// --profile naive|pooled|both (default naive), and the profiles a choice means.
void AddProfileOption(CLI::App& app, std::string* choice);
std::vector<std::string> ProfilesOf(const std::string& choice);

struct SessionResult {
  std::vector<std::pair<std::string, std::string>> files;  // (name, content) for the output folder
  std::string markdown;                                      // printed on stdout
  std::vector<std::string> images;                           // written already, listed
  bool digests_agree = true;
  size_t failed_runs = 0;
};

// The end of every tool: writes `result.files` atomically, prints the Markdown and what
// was written, and returns the exit status: 1 when a file could not be written, the
// digests differ or runs failed (saying how to retry only those), else 0.
int FinishSession(const std::string& tool, const Session& session, const SessionResult& result);

// Runs a tool's body; an exception (an executor's machinery failing, e.g. the batch
// scheduler refusing a job, or a file system error) ends it with "<tool>: error: ..." and
// status 1 instead of an abort. The runs completed so far stay in the output folder.
int RunTool(const std::string& tool, const std::function<int()>& body);

// Bot options a tool sets itself and the user must not pass through (e.g. --report-json):
// the first one found in `bot_options`, or an empty string.
std::string ReservedBotOption(const std::vector<std::string>& bot_options, const std::vector<std::string>& reserved);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_TOOL_SESSION_H_
