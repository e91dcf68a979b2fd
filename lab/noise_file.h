// --noise: the A/A spread measured by an earlier `compare --aa` (its compare.json),
// used as each metric's threshold so that no difference inside what system against
// itself produced is called better. Only valid for the same tick file and bot options:
// another workload has another noise.
//
// Thread safety: any thread (reads a file).

#ifndef HFTBOT_LAB_NOISE_FILE_H_
#define HFTBOT_LAB_NOISE_FILE_H_

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

// Adds --noise FILE to `app`.
void AddNoiseOption(CLI::App& app, std::string* path);

// {profile: {metric: percent}} from `path` (a user path); nothing, with `error` saying
// why, when it is not an A/A compare.json or was measured with another tick file
// (`ticks`: absolute, or empty for the bundled sample) or other bot options.
std::optional<nlohmann::json> LoadNoiseFile(const std::string& path, const std::string& ticks,
                                            const std::vector<std::string>& bot_options, std::string* error);

// The spread of `metric` in `profile`, 0 when `noise` has none.
double NoiseOf(const nlohmann::json& noise, const std::string& profile, const std::string& metric);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_NOISE_FILE_H_
