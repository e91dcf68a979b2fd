#include "lab/tool_session.h"

#include <cstdlib>
#include <filesystem>

#include "gtest/gtest.h"
#include "lab/test_dir.h"

namespace hftbot::lab {
namespace {

// A tool with one option of its own, --runs, and a check on it.
struct FakeTool {
  SharedOptions shared;
  int runs = 6;
  SessionSetup Setup() {
    return {"faketool",
            [this] {
              auto app = std::make_unique<CLI::App>("fake");
              app->add_option("--runs", runs);
              AddSharedOptions(*app, shared);
              return app;
            },
            [this] { return runs > 100 ? std::string("--runs: at most 100") : std::string(); }};
  }
  std::optional<int> Start(std::vector<std::string> args, Session* session) {
    args.insert(args.begin(), "faketool");
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    return StartSession(Setup(), static_cast<int>(argv.size()), argv.data(), shared, session);
  }
};

TEST(ToolSessionTest, ParsesClaimsAndPassesUnknownOptionsToTheBot) {
  std::string out = FreshTestDir("session");
  FakeTool tool;
  Session session;
  EXPECT_FALSE(tool.Start({"--runs", "7", "--out", out, "--rate", "1000"}, &session).has_value());
  EXPECT_EQ(tool.runs, 7);
  EXPECT_EQ(session.out_dir, out);
  EXPECT_FALSE(session.resumed);
  ASSERT_NE(session.executor, nullptr);
  EXPECT_EQ(session.executor->name(), "local");
  EXPECT_EQ(tool.shared.bot_options, (std::vector<std::string>{"--rate", "1000"}));
  EXPECT_TRUE(std::filesystem::exists(out + "/invocation.json"));
}

TEST(ToolSessionTest, ResumeRestoresTheStoredOptions) {
  std::string out = FreshTestDir("resume");
  {
    FakeTool first;
    Session session;
    ASSERT_FALSE(first.Start({"--runs", "9", "--out", out, "--rate", "1000"}, &session).has_value());
  }
  FakeTool again;
  Session session;
  EXPECT_FALSE(again.Start({"--resume", out, "--run-timeout", "5"}, &session).has_value());
  EXPECT_TRUE(session.resumed);
  EXPECT_EQ(again.runs, 9);
  EXPECT_EQ(again.shared.timeout.fixed_s, 5);
  EXPECT_EQ(again.shared.bot_options, (std::vector<std::string>{"--rate", "1000"}));
  // The same command with the same --out resumes too; another command is refused.
  FakeTool same;
  Session same_session;
  EXPECT_FALSE(same.Start({"--runs", "9", "--out", out, "--rate", "1000"}, &same_session).has_value());
  EXPECT_TRUE(same_session.resumed);
  FakeTool other;
  Session other_session;
  EXPECT_EQ(other.Start({"--runs", "8", "--out", out}, &other_session), 2);
}

TEST(ToolSessionTest, BadOptionsStopWithStatusTwo) {
  FakeTool tool;
  Session session;
  const std::string bad = FreshTestDir("bad");
  EXPECT_EQ(tool.Start({"--runs", "101", "--out", bad}, &session), 2);
  EXPECT_FALSE(std::filesystem::exists(bad + "/invocation.json")) << "checked before the folder is claimed";
  FakeTool resume_with_options;
  EXPECT_EQ(resume_with_options.Start({"--resume", FreshTestDir("x"), "--runs", "3"}, &session), 2);
  FakeTool nothing_to_resume;
  EXPECT_EQ(nothing_to_resume.Start({"--resume", FreshTestDir("empty")}, &session), 2);
  FakeTool executor;
  EXPECT_EQ(executor.Start({"--executor", "slurmm"}, &session), 2);
  FakeTool stray_slurm_option;
  const std::string stray = FreshTestDir("stray");
  EXPECT_EQ(stray_slurm_option.Start({"--slurm-partition", "fast", "--out", stray}, &session), 2);
  EXPECT_FALSE(std::filesystem::exists(stray + "/invocation.json")) << "checked before the folder is claimed";
  EXPECT_EQ(ReservedBotOption({"--rate", "5", "--report-json=x"}, {"--report-json"}), "--report-json");
  EXPECT_EQ(ReservedBotOption({"--rate", "5"}, {"--report-json"}), "");
}

TEST(ToolSessionTest, SlurmOptionsResumeAndAMissingSlurmIsStatusTwo) {
  std::string out = FreshTestDir("slurm");
  {
    FakeTool first;
    Session session;
    ASSERT_FALSE(first.Start({"--runs", "9", "--out", out}, &session).has_value());
  }
  // The Slurm options are session options: --resume takes them. With no sbatch on
  // PATH the Slurm executor cannot be made, which stops the tool before any run.
  const std::string path = std::getenv("PATH");
  setenv("PATH", "/nonexistent", 1);
  FakeTool again;
  Session session;
  EXPECT_EQ(again.Start({"--resume", out, "--executor", "slurm", "--slurm-partition", "fast"}, &session), 2);
  setenv("PATH", path.c_str(), 1);
  EXPECT_EQ(again.runs, 9);
  EXPECT_EQ(again.shared.executor.name, "slurm");
  EXPECT_EQ(again.shared.executor.slurm.partition, "fast");
  EXPECT_EQ(session.executor, nullptr);
}

TEST(ToolSessionTest, AnExceptionEndsTheToolWithStatusOne) {
  EXPECT_EQ(RunTool("t", [] { return 0; }), 0);
  EXPECT_EQ(RunTool("t", []() -> int { throw std::runtime_error("sbatch: error: invalid partition"); }), 1);
}

}  // namespace
}  // namespace hftbot::lab
