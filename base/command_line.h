// Command-line parsing with the project's exit statuses (README, "Exit status"): every
// binary answers --help and --version with status 0 and a bad option with status 2
// and one line "<program>: error: <what> (see --help)", never CLI11's own codes
// (105, 109, ...), so scripts see one status for every bad input.
//
// Thread safety: start-up code.

#ifndef HFTBOT_BASE_COMMAND_LINE_H_
#define HFTBOT_BASE_COMMAND_LINE_H_

#include <CLI/CLI.hpp>
#include <cstdio>
#include <optional>

namespace hftbot {

inline constexpr int kExitBadInput = 2;

// Parses argv into app. nullopt: go on; otherwise the program should return that status.
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv, const char* program) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    std::fprintf(stderr, "%s: error: %s (see --help)\n", program, error.what());
    return kExitBadInput;
  }
  return std::nullopt;
}

}  // namespace hftbot

#endif  // HFTBOT_BASE_COMMAND_LINE_H_
