#include "lab/local_executor.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "lab/subprocess.h"

namespace hftbot::lab {

std::string TailLines(const std::string& text, int lines) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  size_t start = end;
  for (int n = 0; n < lines && start > 0;) {
    --start;
    if (text[start] == '\n' && ++n == lines) {
      ++start;
      break;
    }
  }
  return text.substr(start, end - start);
}

std::vector<RunOutcome> LocalExecutor::RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) {
  char host[256] = "localhost";
  gethostname(host, sizeof(host) - 1);
  std::vector<RunOutcome> outcomes;
  outcomes.reserve(specs.size());
  for (const RunSpec& spec : specs) {
    std::filesystem::create_directories(spec.out_dir);
    ProcessResult process = RunProcess(spec.argv, {spec.env, spec.unset, {}, spec.timeout_s});
    std::ofstream(spec.out_dir + "/stdout.txt") << process.stdout_text;
    std::ofstream(spec.out_dir + "/stderr.txt") << process.stderr_text;
    RunOutcome outcome;
    outcome.id = spec.id;
    outcome.exit_code = process.exit_code;
    outcome.timed_out = process.timed_out;
    outcome.attempts = 1;
    outcome.elapsed_s = process.elapsed_s;
    outcome.node = host;
    outcome.stderr_tail = TailLines(process.stderr_text, 20);
    if (on_done) on_done(spec, outcome);
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace hftbot::lab
