// Which bot binaries a lab tool runs: the ones built with it (in its runfiles: the
// builds of //lab:bot_variants, one per allocator, or //bot for tune), or those in a
// folder the user names with --bots (<dir>/<build>/bot) or --bot. A variant
// (lab/variant.h) runs its build's binary with its own options. Every run gets
// RUNFILES_DIR of the tool, where the bot finds its bundled config and sample.
//
// Thread safety: any thread (reads the file system and the environment).

#ifndef HFTBOT_LAB_BOT_BINARIES_H_
#define HFTBOT_LAB_BOT_BINARIES_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hftbot::lab {

struct BotBinaries {
  std::string runfiles_dir;                  // for the runs' RUNFILES_DIR
  std::map<std::string, std::string> bots;   // variant (or "bot") -> absolute path of its build
};

// The binary of each variant's build: <bots_dir>/<build>/bot when `bots_dir` is given,
// else the builds in the runfiles of `argv0`. Nothing (and `error` says which is
// missing) when one is not there.
// REQUIRES: every name is one of VariantNames().
std::optional<BotBinaries> FindBotVariants(const std::vector<std::string>& variants, const std::string& bots_dir,
                                           const std::string& argv0, std::string* error);

// The start of every command line of `variant`: its binary, then its own options.
// REQUIRES: `binaries` came from FindBotVariants with `variant`.
std::vector<std::string> VariantCommand(const BotBinaries& binaries, const std::string& variant);

// The single bot of tune: `bot` when given, else //bot in the runfiles of `argv0`,
// stored under "bot".
std::optional<BotBinaries> FindBot(const std::string& bot, const std::string& argv0, std::string* error);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_BOT_BINARIES_H_
