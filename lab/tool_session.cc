#include "lab/tool_session.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "base/paths.h"
#include "base/version.h"
#include "lab/executor_choice.h"
#include "lab/invocation.h"
#include "lab/output_dir.h"
#include "lab/slurm_executor.h"
#include "lab/variant.h"

namespace hftbot::lab {
namespace {

int Fail(const std::string& tool, const std::string& message) {
  std::cerr << tool << ": error: " << message << "\n";
  return 2;
}

// Parses `args` (in order) with a fresh App; an exit status when parsing ends the run.
std::optional<int> Parse(const SessionSetup& setup, std::vector<std::string> args, SharedOptions& shared) {
  std::unique_ptr<CLI::App> app = setup.make_app();
  app->set_version_flag("--version", setup.tool + " (hftbot) " + kHftbotVersion);
  std::reverse(args.begin(), args.end());  // CLI11 takes a vector last argument first
  try {
    app->parse(args);
  } catch (const CLI::CallForHelp& help) {
    return app->exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app->exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app->exit(version);
  } catch (const CLI::ParseError& error) {
    // Status 2 like every bad option of the project, not CLI11's own codes.
    return Fail(setup.tool, std::string(error.what()) + " (see --help)");
  }
  shared.bot_options = app->remaining();
  const std::string problem = ExecutorOptionsProblem(*app, shared.executor);
  if (!problem.empty()) return Fail(setup.tool, problem);
  return std::nullopt;
}

std::string WorkingDir() {
  const char* dir = std::getenv("BUILD_WORKING_DIRECTORY");
  return dir != nullptr && *dir != '\0' ? dir : std::filesystem::current_path().string();
}

}  // namespace

void AddSharedOptions(CLI::App& app, SharedOptions& options) {
  app.add_option("--ticks", options.ticks, "tick file (default: the bundled sample)");
  app.add_option("--out", options.out_dir,
                 "output folder (default: hftbot-out/<tool>-<time> where you ran the command); running the same "
                 "command with the same --out again finishes an interrupted run");
  app.add_option("--resume", options.resume_dir,
                 "finish the interrupted run in this output folder with its stored options (runs whose report is "
                 "complete are reused)");
  AddExecutorOptions(app, &options.executor);
  app.add_option("--run-timeout", options.timeout.fixed_s,
                 "seconds before one bot run is killed and marked timed out (default 0: an hour for the warm-up "
                 "round, then 10x the slowest warm-up run, at least 60 s)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--min-effect", options.rules.min_effect_pct,
                 "smallest change of a median, in percent, ever called better or worse (default 5)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--alpha", options.rules.alpha, "family-wise significance level (default 0.05)")
      ->check(CLI::Range(1e-6, 0.5));
  app.allow_extras();
}

std::optional<int> StartSession(const SessionSetup& setup, int argc, char** argv, SharedOptions& shared,
                                Session* session) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (std::optional<int> status = Parse(setup, args, shared)) return status;
  if (!shared.resume_dir.empty()) {
    if (!MeasurementArguments(args).empty() || !shared.out_dir.empty()) {
      return Fail(setup.tool, "--resume DIR continues the command stored in DIR: give it alone, or with --executor, "
                              "--slurm-* or --run-timeout");
    }
    const std::string dir = std::filesystem::absolute(ResolveUserPath(shared.resume_dir)).string();
    std::string error;
    std::optional<Invocation> stored = LoadInvocation(dir, &error);
    if (!stored) return Fail(setup.tool, "cannot resume: " + error);
    if (stored->tool != setup.tool) {
      return Fail(setup.tool, fmt::format("cannot resume: {} holds a {} run, not a {} run", dir, stored->tool, setup.tool));
    }
    setenv("BUILD_WORKING_DIRECTORY", stored->working_dir.c_str(), 1);
    args = stored->arguments;
    for (const std::string& arg : SessionArguments(std::vector<std::string>(argv + 1, argv + argc))) args.push_back(arg);
    args.insert(args.end(), {"--out", dir});
    if (std::optional<int> status = Parse(setup, args, shared)) return status;
  }
  if (!shared.ticks.empty()) shared.ticks = std::filesystem::absolute(ResolveUserPath(shared.ticks)).string();
  if (setup.validate) {
    const std::string problem = setup.validate();
    if (!problem.empty()) return Fail(setup.tool, problem);
  }
  session->out_dir = std::filesystem::absolute(shared.out_dir.empty() ? DefaultOutputDir(setup.tool)
                                                                      : ResolveUserPath(shared.out_dir))
                         .string();
  const std::string problem =
      ClaimOutputDir(session->out_dir, Invocation{setup.tool, MeasurementArguments(args), WorkingDir()}, &session->resumed);
  if (!problem.empty()) return Fail(setup.tool, problem);
  try {
    session->executor = MakeExecutor(shared.executor, session->out_dir, session->resumed);
  } catch (const SlurmError& error) {
    return Fail(setup.tool, error.what());
  }
  if (session->resumed) std::cerr << setup.tool << ": resuming in " << session->out_dir << "\n";
  return std::nullopt;
}

void AddAllocatorsOption(CLI::App& app, std::vector<std::string>* allocators, const std::vector<std::string>& defaults) {
  *allocators = defaults;
  app.add_option("--allocators", *allocators,
                 fmt::format("variants, comma separated, the baseline first (default {}): the allocators, hybrid "
                             "(jemalloc malloc, the engine's components on mimalloc heaps) and adaptive (glibc "
                             "malloc, the engine's components on the adaptive resource)",
                             fmt::join(defaults, ", ")))
      ->delimiter(',')
      ->check(CLI::IsMember(VariantNames()));
}

void AddProfileOption(CLI::App& app, std::string* choice) {
  *choice = "naive";
  app.add_option("--profile", *choice, "allocation profile: naive, pooled or both (default naive)")
      ->check(CLI::IsMember({"naive", "pooled", "both"}));
}

std::vector<std::string> ProfilesOf(const std::string& choice) {
  return choice == "both" ? std::vector<std::string>{"naive", "pooled"} : std::vector<std::string>{choice};
}

int FinishSession(const std::string& tool, const Session& session, const SessionResult& result) {
  const std::string problem = WriteOutputFiles(session.out_dir, result.files);
  std::cout << result.markdown;
  if (!problem.empty()) {
    std::cerr << tool << ": error: " << problem << "\n";
    return 1;
  }
  std::vector<std::string> written;
  for (const auto& [name, content] : result.files) written.push_back(name);
  written.insert(written.end(), result.images.begin(), result.images.end());
  std::cout << fmt::format("\nwritten into {}: {}\n", session.out_dir, fmt::join(written, ", "));
  if (!result.digests_agree) {
    std::cerr << tool << ": INVALID — runs produced different digests: the allocator changed results, not just speed\n";
    return 1;
  }
  if (result.failed_runs > 0) {
    std::cerr << fmt::format("{}: {} run(s) failed (see Failed runs); the completed ones are analysed. Run the same "
                             "command again (or --resume {}) to retry only those.\n",
                             tool, result.failed_runs, session.out_dir);
    return 1;
  }
  return 0;
}

int RunTool(const std::string& tool, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& error) {
    std::cerr << tool << ": error: " << error.what() << "\n";
    return 1;
  }
}

std::string ReservedBotOption(const std::vector<std::string>& bot_options, const std::vector<std::string>& reserved) {
  for (const std::string& option : bot_options) {
    for (const std::string& name : reserved) {
      if (option == name || option.rfind(name + "=", 0) == 0) return name;
    }
  }
  return "";
}

}  // namespace hftbot::lab
