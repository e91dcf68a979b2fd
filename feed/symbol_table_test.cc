#include "feed/symbol_table.h"

#include <gtest/gtest.h>

#include <string>

namespace hftbot::feed {
namespace {

TEST(SymbolTableTest, AssignsDenseIdsInFirstSeenOrder) {
  SymbolTable table;
  EXPECT_TRUE(table.empty());
  EXPECT_EQ(table.Intern("MSFT"), 0u);
  EXPECT_EQ(table.Intern("AAPL"), 1u);
  EXPECT_EQ(table.Intern("MSFT"), 0u);
  EXPECT_EQ(table.Intern("BTC-USD"), 2u);
  EXPECT_EQ(table.size(), 3u);
  EXPECT_EQ(table.Name(1), "AAPL");
  EXPECT_EQ(table.names(), (std::vector<std::string>{"MSFT", "AAPL", "BTC-USD"}));
}

TEST(SymbolTableTest, FindDoesNotIntern) {
  SymbolTable table;
  table.Intern("A");
  EXPECT_EQ(table.Find("A"), SymbolId{0});
  EXPECT_EQ(table.Find("B"), std::nullopt);
  EXPECT_EQ(table.size(), 1u);
}

TEST(SymbolTableTest, NamesSurviveGrowth) {
  // The map keys are copies, so growing names_ must not invalidate lookups.
  SymbolTable table;
  for (int i = 0; i < 1000; ++i) table.Intern("S" + std::to_string(i));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(table.Find("S" + std::to_string(i)), static_cast<SymbolId>(i));
  }
}

}  // namespace
}  // namespace hftbot::feed
