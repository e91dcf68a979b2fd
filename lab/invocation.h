// A lab tool's output folder remembers what was asked of it, in <out>/invocation.json:
// the tool, the arguments that define the measurement, and the directory they were
// given in (relative paths resolve against it). So the same command with the same
// --out, or --resume <out> alone, finishes an interrupted run instead of starting
// over, and a different command never mixes its runs into that folder.
//
// Session options (--out, --resume, --executor, --slurm-*, --run-timeout) change where and how
// the runs execute, not what they measure: they are not stored and may differ.
//
// Thread safety: any thread; the functions read and write files in the folder.

#ifndef HFTBOT_LAB_INVOCATION_H_
#define HFTBOT_LAB_INVOCATION_H_

#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

struct Invocation {
  std::string tool;                    // "compare"
  std::vector<std::string> arguments;  // MeasurementArguments of the command line
  std::string working_dir;             // where relative paths in `arguments` resolve
};

// `args` without the session options and their values (both "--out DIR" and "--out=DIR").
std::vector<std::string> MeasurementArguments(const std::vector<std::string>& args);

// `args` reduced to the session options (those MeasurementArguments drops), except --resume.
std::vector<std::string> SessionArguments(const std::vector<std::string>& args);

// The invocation stored in `dir`; nothing (and `error` says why) when there is none or
// it is unreadable.
std::optional<Invocation> LoadInvocation(const std::string& dir, std::string* error);

// Records `invocation` in `dir` (creating it), or, when `dir` already holds one, checks
// it is the same: then `*resumed` is set. Returns an error when `dir` holds another
// tool's or another command's runs, or cannot be written.
std::string ClaimOutputDir(const std::string& dir, const Invocation& invocation, bool* resumed);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_INVOCATION_H_
