#include "lab/invocation.h"

#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "base/atomic_file.h"
#include "lab/run_report.h"

namespace hftbot::lab {
namespace {

using nlohmann::json;

constexpr const char* kSessionOptions[] = {"--out", "--resume", "--executor", "--run-timeout"};
// Every executor's own options (lab/executor_choice.h) start so; each takes a value.
constexpr const char* kExecutorOptionPrefix = "--slurm-";

// 0: not a session option; 1: "--opt=value"; 2: "--opt value".
int SessionOptionWidth(const std::string& arg) {
  for (const char* option : kSessionOptions) {
    const std::string name = option;
    if (arg == name) return 2;
    if (arg.rfind(name + "=", 0) == 0) return 1;
  }
  if (arg.rfind(kExecutorOptionPrefix, 0) == 0) return arg.find('=') == std::string::npos ? 2 : 1;
  return 0;
}

std::string FileOf(const std::string& dir) { return dir + "/invocation.json"; }

}  // namespace

std::vector<std::string> MeasurementArguments(const std::vector<std::string>& args) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    const int width = SessionOptionWidth(args[i]);
    if (width == 0) kept.push_back(args[i]);
    if (width == 2) ++i;
  }
  return kept;
}

std::vector<std::string> SessionArguments(const std::vector<std::string>& args) {
  std::vector<std::string> kept;
  for (size_t i = 0; i < args.size(); ++i) {
    const int width = SessionOptionWidth(args[i]);
    const bool resume = args[i].rfind("--resume", 0) == 0;
    if (width >= 1 && !resume) kept.push_back(args[i]);
    if (width == 2 && i + 1 < args.size() && !resume) kept.push_back(args[i + 1]);
    if (width == 2) ++i;
  }
  return kept;
}

std::optional<Invocation> LoadInvocation(const std::string& dir, std::string* error) {
  json stored;
  *error = LoadJsonFile(FileOf(dir), &stored);
  if (!error->empty()) return std::nullopt;
  if (!stored.is_object() || !stored.value("tool", json()).is_string() || !stored.value("arguments", json()).is_array()) {
    *error = FileOf(dir) + ": not an invocation record (tool, arguments, working_dir)";
    return std::nullopt;
  }
  Invocation invocation;
  invocation.tool = stored["tool"];
  for (const json& arg : stored["arguments"]) {
    if (!arg.is_string()) {
      *error = FileOf(dir) + ": arguments: expected strings";
      return std::nullopt;
    }
    invocation.arguments.push_back(arg);
  }
  invocation.working_dir = stored.value("working_dir", "");
  return invocation;
}

std::string ClaimOutputDir(const std::string& dir, const Invocation& invocation, bool* resumed) {
  *resumed = false;
  if (std::filesystem::exists(FileOf(dir))) {
    std::string error;
    std::optional<Invocation> stored = LoadInvocation(dir, &error);
    if (!stored) return error;
    if (stored->tool != invocation.tool || stored->arguments != invocation.arguments ||
        stored->working_dir != invocation.working_dir) {
      return fmt::format(
          "{} holds the runs of another command ({} {}, from {}); give another --out, or --resume {} alone to "
          "finish that one",
          dir, stored->tool, fmt::join(stored->arguments, " "), stored->working_dir, dir);
    }
    *resumed = true;
    return "";
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return fmt::format("cannot create the output folder {}: {}", dir, error.message());
  json record = {{"tool", invocation.tool}, {"arguments", invocation.arguments}, {"working_dir", invocation.working_dir}};
  return WriteFileAtomically(FileOf(dir), record.dump(2) + "\n");
}

}  // namespace hftbot::lab
