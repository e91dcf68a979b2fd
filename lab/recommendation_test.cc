#include "lab/recommendation.h"

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

const std::vector<double> kBase = {100, 101, 102, 103, 104, 105};

std::vector<Contender> Judged(const std::vector<std::pair<std::string, std::vector<double>>>& runs) {
  std::vector<Comparison> tests;
  for (const auto& [label, values] : runs) tests.push_back({values, kBase, Direction::kLowerIsBetter, 0});
  std::vector<Verdict> verdicts = JudgeFamily(tests, VerdictRules{});
  std::vector<Contender> contenders;
  for (size_t i = 0; i < runs.size(); ++i) contenders.push_back({runs[i].first, runs[i].second, verdicts[i]});
  return contenders;
}

TEST(RecommendTest, UsesTheOneThatIsBetter) {
  Recommendation r = Recommend("latency", "system",
                               Judged({{"jemalloc", {80, 81, 82, 83, 84, 85}}, {"mimalloc", {99, 101, 103, 104, 106, 100}}}),
                               Direction::kLowerIsBetter, VerdictRules{}, 6);
  EXPECT_EQ(r.kind, RecommendationKind::kUse);
  EXPECT_EQ(r.picks, std::vector<std::string>{"jemalloc"});
  EXPECT_EQ(r.text.rfind("latency: use jemalloc — against system: jemalloc -19.", 0), 0u) << r.text;
}

TEST(RecommendTest, EqualsAreNamedTogetherInArmOrderWhicheverIsAheadThisTime) {
  // jemalloc and mimalloc both beat system and overlap each other: the line must not
  // depend on which of the two happened to have the lower median.
  for (double shift : {-0.5, 0.5}) {
    Recommendation r =
        Recommend("latency", "system",
                  Judged({{"jemalloc", {80, 81, 82, 83, 84, 85}},
                          {"mimalloc", {80 + shift, 81 + shift, 82.5 + shift, 83 + shift, 84 + shift, 85 + shift}},
                          {"tcmalloc", {100, 102, 104, 101, 103, 105}}}),
                  Direction::kLowerIsBetter, VerdictRules{}, 6);
    EXPECT_EQ(r.kind, RecommendationKind::kUse);
    EXPECT_EQ(r.picks, (std::vector<std::string>{"jemalloc", "mimalloc"}));
    EXPECT_NE(r.text.find("use jemalloc or mimalloc"), std::string::npos) << r.text;
    EXPECT_NE(r.text.find("either will do"), std::string::npos);
  }
}

TEST(RecommendTest, ABetterOneBeyondNoiseIsNotDiluted) {
  Recommendation r = Recommend("latency", "system",
                               Judged({{"jemalloc", {50, 51, 52, 53, 54, 55}}, {"mimalloc", {80, 81, 82, 83, 84, 85}}}),
                               Direction::kLowerIsBetter, VerdictRules{}, 6);
  EXPECT_EQ(r.picks, std::vector<std::string>{"jemalloc"});
  EXPECT_EQ(r.best, "jemalloc");
}

TEST(RecommendTest, TooFewRunsIsSaidNeverKeepTheBaseline) {
  std::vector<Comparison> tests = {{{1, 2}, {10, 11}, Direction::kLowerIsBetter, 0},
                             {{1, 2}, {10, 11}, Direction::kLowerIsBetter, 0}};
  std::vector<Verdict> verdicts = JudgeFamily(tests, VerdictRules{});
  Recommendation r = Recommend("latency", "system", {{"jemalloc", {1, 2}, verdicts[0]}, {"mimalloc", {1, 2}, verdicts[1]}},
                               Direction::kLowerIsBetter, VerdictRules{}, 5);
  EXPECT_EQ(r.kind, RecommendationKind::kTooFewRuns);
  EXPECT_NE(r.text.find("too few runs to tell"), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("at least 5 runs each"), std::string::npos) << r.text;
  EXPECT_EQ(r.text.find("nothing beats"), std::string::npos) << r.text;
  EXPECT_TRUE(r.picks.empty());
}

TEST(RecommendTest, NothingBetterKeepsTheBaseline) {
  Recommendation r = Recommend("memory", "system", Judged({{"jemalloc", {120, 121, 122, 123, 124, 125}}}),
                               Direction::kLowerIsBetter, VerdictRules{}, 6);
  EXPECT_EQ(r.kind, RecommendationKind::kKeepBaseline);
  EXPECT_NE(r.text.find("nothing beats system beyond noise"), std::string::npos) << r.text;
}

TEST(RecommendTest, NoContenderIsNothingToCompareNotAVerdict) {
  Recommendation r = Recommend("capacity at SLO", "system", {}, Direction::kHigherIsBetter, VerdictRules{}, 5);
  EXPECT_EQ(r.kind, RecommendationKind::kNothingToCompare);
  EXPECT_EQ(r.text.find("nothing beats"), std::string::npos) << r.text;
}

}  // namespace
}  // namespace hftbot::lab
