#include "lab/noise_file.h"

#include <fmt/format.h>

#include "base/paths.h"
#include "lab/run_report.h"

namespace hftbot::lab {

using nlohmann::json;

void AddNoiseOption(CLI::App& app, std::string* path) {
  app.add_option("--noise", *path, "compare.json of an earlier `compare --aa` with the same tick file and bot options: "
                                   "no difference inside its A/A spread is called better");
}

std::optional<json> LoadNoiseFile(const std::string& path, const std::string& ticks,
                                  const std::vector<std::string>& bot_options, std::string* error) {
  const std::string resolved = ResolveUserPath(path);
  json file;
  *error = LoadJsonFile(resolved, &file);
  if (!error->empty()) return std::nullopt;
  if (!file.is_object() || !file.value("aa", false) || !file.value("aa_spread_pct", json()).is_object()) {
    *error = "--noise " + resolved + ": not the compare.json of a `compare --aa` run";
    return std::nullopt;
  }
  const std::string expected_ticks = ticks.empty() ? "bundled sample" : ticks;
  if (file.value("ticks", "") != expected_ticks || file.value("bot_options", json::array()) != json(bot_options)) {
    *error = fmt::format("--noise {}: measured on {} with bot options `{}`, not on {} with `{}`: its noise does not apply",
                         resolved, file.value("ticks", "?"), fmt::join(file.value("bot_options", std::vector<std::string>{}), " "),
                         expected_ticks, fmt::join(bot_options, " "));
    return std::nullopt;
  }
  return file["aa_spread_pct"];
}

double NoiseOf(const json& noise, const std::string& profile, const std::string& metric) {
  if (!noise.is_object()) return 0;
  const json& spread = noise.value(profile, json::object()).value(metric, json());
  return spread.is_number() ? spread.get<double>() : 0;
}

}  // namespace hftbot::lab
