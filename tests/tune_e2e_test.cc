// End-to-end: //lab:tune ranks a grid for the allocator this suite is built with,
// and reports an entry whose setting the allocator did not take as invalid.

#include <fstream>
#include <map>

#include "lab/subprocess.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/bot_runner.h"

namespace hftbot::tests {
namespace {

struct GridCase {
  std::string valid_env;    // TOML inline table body
  std::string invalid_env;  // a typo the allocator ignores
};

const std::map<std::string, GridCase> kCases = {
    {"system", {"GLIBC_TUNABLES = \"glibc.malloc.arena_max=2\"", "GLIBC_TUNABLES = \"glibc.malloc.arena_mux=2\""}},
    {"jemalloc", {"MALLOC_CONF = \"narenas:2\"", "MALLOC_CONF = \"narenaz:2\""}},
    {"mimalloc", {"MIMALLOC_EAGER_COMMIT_DELAY = \"2\"", "MIMALLOC_EAGER_COMIT = \"1\""}},
    {"tcmalloc", {"TCMALLOC_RELEASE_RATE = \"2\"", "TCMALLOC_RELEASE_RAT = \"2\""}},
};

TEST(TuneEndToEnd, RanksValidEntriesAndReportsTyposInvalid) {
  BotRun info = RunBot({"--alloc-info"});
  std::string first_line = info.stdout_text.substr(0, info.stdout_text.find('\n'));
  std::string allocator = first_line.substr(11, first_line.find(' ', 11) - 11);
  ASSERT_TRUE(kCases.count(allocator)) << first_line;
  const GridCase& c = kCases.at(allocator);
  std::string grid = TempPath("grid.toml");
  std::ofstream(grid) << "allocator = \"" << allocator << "\"\n"
                      << "[[entry]]\nname = \"default\"\n"
                      << "[[entry]]\nname = \"valid\"\nenv = { " << c.valid_env << " }\n"
                      << "[[entry]]\nname = \"typo\"\nenv = { " << c.invalid_env << " }\n";
  std::string out = TempPath("tune");
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--ticks",
                                            Runfile("data/golden.csv"), "--runs", "1", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::ifstream in(out + "/tune.json");
  nlohmann::json result = nlohmann::json::parse(in);
  ASSERT_EQ(result["ranked"].size(), 2u) << result.dump(2);
  ASSERT_EQ(result["invalid"].size(), 1u);
  EXPECT_EQ(result["invalid"][0]["entry"], "typo");
  EXPECT_TRUE(result["digests_agree"].get<bool>());
  EXPECT_NE(result["winner"].get<std::string>().find("winner:"), std::string::npos);
}

TEST(TuneEndToEnd, GridForAnotherAllocatorIsRefused) {
  BotRun info = RunBot({"--alloc-info"});
  std::string other = info.stdout_text.rfind("allocator: system", 0) == 0 ? "jemalloc" : "system";
  std::string grid = TempPath("other.toml");
  std::ofstream(grid) << "allocator = \"" << other << "\"\n[[entry]]\nname = \"default\"\n";
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--ticks",
                                            Runfile("data/golden.csv"), "--runs", "1", "--out", TempPath("t")});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("the grid is for " + other), std::string::npos) << run.stderr_text;
}

TEST(TuneEndToEnd, UnknownGridKeyIsAnError) {
  std::string grid = TempPath("bad.toml");
  std::ofstream(grid) << "allocator = \"system\"\n[[entry]]\nname = \"x\"\nenvv = {}\n";
  lab::ProcessResult run = lab::RunProcess({Runfile("lab/tune"), "--grid", grid, "--runs", "1"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.stderr_text.find("entry[0].envv: unknown key"), std::string::npos) << run.stderr_text;
}

}  // namespace
}  // namespace hftbot::tests
