#include "strategies/registry.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace hftbot::strategies {
namespace {

std::string ErrorOf(std::string_view name, const std::map<std::string, double>& params) {
  try {
    (void)CreateStrategy(name, params);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(RegistryTest, ListsEveryStrategyWithItsParameters) {
  EXPECT_EQ(StrategyNames(),
            (std::vector<std::string>{"ema_momentum", "market_maker", "zscore_reversion"}));
  for (const StrategyInfo& info : Strategies()) {
    EXPECT_FALSE(info.params.empty());
    for (const ParamSpec& p : info.params) {
      EXPECT_LE(p.min_value, p.default_value) << info.name << "." << p.name;
      EXPECT_LE(p.default_value, p.max_value) << info.name << "." << p.name;
      EXPECT_FALSE(p.description.empty());
    }
    auto s = CreateStrategy(info.name, {});  // defaults are valid
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(s->name(), info.name);
  }
  EXPECT_EQ(StrategyParams("market_maker")[0].name, "order_size");
}

TEST(RegistryTest, ErrorsNameTheProblem) {
  const std::string unknown = ErrorOf("grid_bot", {});
  EXPECT_NE(unknown.find("unknown strategy 'grid_bot'"), std::string::npos);
  EXPECT_NE(unknown.find("market_maker"), std::string::npos);
  const std::string bad_key = ErrorOf("market_maker", {{"halfspread", 2}});
  EXPECT_NE(bad_key.find("unknown parameter 'halfspread'"), std::string::npos);
  EXPECT_NE(bad_key.find("half_spread_bps"), std::string::npos);
  const std::string range = ErrorOf("zscore_reversion", {{"entry_z", -1}});
  EXPECT_NE(range.find("'entry_z'"), std::string::npos);
  EXPECT_NE(range.find("out of range"), std::string::npos);
  EXPECT_THROW(StrategyParams("nope"), std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::strategies
