// End-to-end: //lab:compare builds the bot for every allocator (one split
// transition) and compares them on a tiny tick file.

#include <filesystem>
#include <fstream>

#include "alloc/sanitizer.h"
#include "lab/subprocess.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/bot_runner.h"

namespace hftbot::tests {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in, nullptr, false);
}

TEST(CompareEndToEnd, FourAllocatorsIdenticalDigestsAndAllOutputs) {
  if (alloc::kSanitizerOwningMalloc != nullptr) {
    GTEST_SKIP() << alloc::kSanitizerOwningMalloc
                 << " serves malloc in every allocator variant of this build: nothing to compare";
  }
  std::string out = TempPath("compare");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/compare"), "--ticks", Runfile("data/golden.csv"), "--runs", "2", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  nlohmann::json result = ReadJson(out + "/compare.json");
  ASSERT_TRUE(result.is_object());
  EXPECT_TRUE(result["digests_agree"].get<bool>());
  const auto& naive = result["summary"]["naive"];
  EXPECT_EQ(naive.size(), 4u);
  for (const char* allocator : {"system", "jemalloc", "mimalloc", "tcmalloc"}) {
    EXPECT_TRUE(naive.contains(allocator)) << allocator;
  }
  // 4 allocators x 2 rounds, each run by the bot built for that allocator.
  ASSERT_EQ(result["runs"].size(), 8u);
  std::string digest = result["runs"][0]["report"]["digest"];
  for (const auto& entry : result["runs"]) {
    EXPECT_EQ(entry["report"]["digest"], digest);
    std::string variant = entry["variant"];
    EXPECT_EQ(entry["report"]["allocator"]["name"], variant);
    EXPECT_TRUE(entry["report"]["allocator"]["active"].get<bool>()) << variant;
  }
  EXPECT_EQ(result["recommendations"].size(), 2u);
  for (const char* file : {"compare.md", "latency-naive.png", "memory-naive.png"}) {
    EXPECT_GT(std::filesystem::file_size(out + "/" + file), 100u) << file;
  }
}

TEST(CompareEndToEnd, AaModeComparesSystemWithItself) {
  std::string out = TempPath("compare-aa");
  lab::ProcessResult run = lab::RunProcess(
      {Runfile("lab/compare"), "--aa", "--ticks", Runfile("data/golden.csv"), "--runs", "1", "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  nlohmann::json result = ReadJson(out + "/compare.json");
  EXPECT_TRUE(result["aa"].get<bool>());
  EXPECT_EQ(result["summary"]["naive"].size(), 2u);
  EXPECT_TRUE(result["summary"]["naive"].contains("system (A/A)"));
}

}  // namespace
}  // namespace hftbot::tests
