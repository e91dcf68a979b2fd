#include "lab/bot_binaries.h"

#include <filesystem>

#include "base/paths.h"
#include "lab/variant.h"

namespace hftbot::lab {
namespace {

namespace fs = std::filesystem;

// The runfiles root holding `relative` (a workspace path), or the tool's own folder
// when it is not in runfiles (a binary run outside Bazel).
std::string RunfilesRoot(const std::string& relative, const std::string& argv0) {
  const fs::path found = fs::absolute(ResolveBundledFile(relative, argv0));
  const std::string text = found.string();
  const std::string suffix = "/hftbot/" + relative;
  if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return text.substr(0, text.size() - suffix.size());
  }
  return fs::absolute(argv0).parent_path().string();
}

bool Executable(const std::string& path) {
  std::error_code error;
  return fs::is_regular_file(path, error) &&
         (fs::status(path, error).permissions() & fs::perms::owner_exec) != fs::perms::none;
}

}  // namespace

std::optional<BotBinaries> FindBotVariants(const std::vector<std::string>& variants, const std::string& bots_dir,
                                           const std::string& argv0, std::string* error) {
  BotBinaries binaries;
  binaries.runfiles_dir = RunfilesRoot("config/default.toml", argv0);
  for (const std::string& variant : variants) {
    const std::string& build = VariantNamed(variant).build;
    const std::string path =
        bots_dir.empty() ? RunfilesRoot("lab/bot_variants/" + build + "/bot", argv0) + "/hftbot/lab/bot_variants/" +
                               build + "/bot"
                         : fs::absolute(ResolveUserPath(bots_dir)).string() + "/" + build + "/bot";
    if (!Executable(path)) {
      *error = "no bot for " + variant + (build == variant ? "" : " (the " + build + " build)") + " at " + path;
      return std::nullopt;
    }
    binaries.bots[variant] = path;
  }
  return binaries;
}

std::vector<std::string> VariantCommand(const BotBinaries& binaries, const std::string& variant) {
  std::vector<std::string> command = {binaries.bots.at(variant)};
  const std::vector<std::string>& own = VariantNamed(variant).bot_args;
  command.insert(command.end(), own.begin(), own.end());
  return command;
}

std::optional<BotBinaries> FindBot(const std::string& bot, const std::string& argv0, std::string* error) {
  BotBinaries binaries;
  binaries.runfiles_dir = RunfilesRoot("config/default.toml", argv0);
  const std::string path = bot.empty() ? RunfilesRoot("bot/bot", argv0) + "/hftbot/bot/bot"
                                       : fs::absolute(ResolveUserPath(bot)).string();
  if (!Executable(path)) {
    *error = "no bot at " + path;
    return std::nullopt;
  }
  binaries.bots["bot"] = path;
  return binaries;
}

}  // namespace hftbot::lab
