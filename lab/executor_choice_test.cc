#include "lab/executor_choice.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

int Parse(std::vector<std::string> args, std::string* name) {
  CLI::App app;
  AddExecutorOption(app, name);
  std::reverse(args.begin(), args.end());
  try {
    app.parse(args);
  } catch (const CLI::ParseError& error) {
    return error.get_exit_code();
  }
  return 0;
}

TEST(ExecutorChoiceTest, EveryNamedExecutorCanBeMade) {
  for (const std::string& name : ExecutorNames()) {
    std::unique_ptr<Executor> executor = MakeExecutor(name);
    ASSERT_NE(executor, nullptr) << name;
    EXPECT_EQ(executor->name(), name);
  }
  EXPECT_EQ(MakeExecutor("ssh"), nullptr);
}

TEST(ExecutorChoiceTest, DefaultsToLocalAndRejectsUnknownNames) {
  std::string name;
  EXPECT_EQ(Parse({}, &name), 0);
  EXPECT_EQ(name, "local");
  EXPECT_EQ(Parse({"--executor", "local"}, &name), 0);
  EXPECT_NE(Parse({"--executor", "slurmm"}, &name), 0);
}

}  // namespace
}  // namespace hftbot::lab
