#include "lab/lab_document.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

TEST(LabDocumentTest, RunsLineSaysWhatWasReusedAndFailed) {
  EXPECT_EQ(RunsLine({0, 24, 0}), "runs: 24 ran");
  EXPECT_EQ(RunsLine({3, 21, 1}),
            "runs: 21 ran, 3 reused from an earlier invocation (--resume), 1 failed (listed under Failed runs, left "
            "out of every figure)");
}

TEST(LabDocumentTest, FailedRunsKeepTheBotsOwnWords) {
  EXPECT_EQ(FailedRunsSection({}), "");
  std::string section = FailedRunsSection({"naive-jemalloc-r2: exit 105:\nbot: --rate: bad\nsecond line",
                                           "naive-system-r1: timed out after 60 s (--run-timeout)"});
  EXPECT_EQ(section,
            "## Failed runs\n\n- naive-jemalloc-r2: exit 105:\n\n  ```\n  bot: --rate: bad\n  second line\n  ```\n"
            "- naive-system-r1: timed out after 60 s (--run-timeout)\n\n");
}

TEST(LabDocumentTest, TheRulesStateTheNumbersInForce) {
  VerdictRules rules;
  rules.min_effect_pct = 3;
  std::string text = VerdictRulesSection(rules);
  EXPECT_NE(text.find("3.0% (--min-effect)"), std::string::npos) << text;
  EXPECT_NE(text.find("too few runs to tell"), std::string::npos);
  EXPECT_NE(text.find("Holm"), std::string::npos);
  EXPECT_EQ(TableRow({"a", "b"}), "| a | b |\n");
  EXPECT_EQ(TableRule(2), "|---|---|\n");
}

}  // namespace
}  // namespace hftbot::lab
