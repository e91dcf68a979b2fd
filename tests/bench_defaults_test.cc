// The pipeline benches (//bench:pipeline_ratio, //bench:pipeline_perf_guard) must do the
// bot's work to compare with it, but bench may not link //bot, so bench/pipeline_passes
// writes the default engine settings and strategy out by hand. This holds them to
// config/default.toml as the bot loads it: a change to one without the other fails here.

#include <gtest/gtest.h>

#include "bench/pipeline_passes.h"
#include "bot/config.h"
#include "engine/allocation_profile.h"
#include "pipeline/options.h"

namespace hftbot {
namespace {

TEST(BenchDefaultsTest, EngineSettingsAreTheBotsDefaults) {
  const bot::Config config = bot::LoadConfig("config/default.toml");
  const engine::EngineConfig bot_engine = bot::ToPipelineOptions(config).engine;
  const engine::EngineConfig bench_engine = bench::DefaultEngineConfig(engine::AllocationProfile::kPooled);
  EXPECT_EQ(bench_engine.order_latency_ns, bot_engine.order_latency_ns);
  EXPECT_EQ(bench_engine.risk.max_position, bot_engine.risk.max_position);
  EXPECT_EQ(bench_engine.risk.max_orders_per_second, bot_engine.risk.max_orders_per_second);
  EXPECT_EQ(bench_engine.risk.max_notional, bot_engine.risk.max_notional);
  EXPECT_EQ(bench_engine.max_open_orders, bot_engine.max_open_orders);
  EXPECT_EQ(bench_engine.max_book_levels, bot_engine.max_book_levels);
  EXPECT_EQ(bench_engine.maker_fee_ppm, bot_engine.maker_fee_ppm);
  EXPECT_EQ(bench_engine.taker_fee_ppm, bot_engine.taker_fee_ppm);
}

TEST(BenchDefaultsTest, StrategyIsTheBotsDefault) {
  const bot::Config config = bot::LoadConfig("config/default.toml");
  EXPECT_EQ(config.strategy.name, bench::kDefaultStrategy);
  EXPECT_EQ(config.strategy.params, bench::DefaultStrategyParams());
}

}  // namespace
}  // namespace hftbot
