#include "strategies/testing.h"

#include <gtest/gtest.h>

#include <random>
#include <utility>

#include "engine/strategy.h"
#include "engine/testing.h"
#include "strategies/registry.h"

namespace hftbot::strategies::testing {

namespace {

// Delegates to the real strategy and records the largest |position| it ever sees.
class PositionProbe final : public engine::Strategy {
 public:
  PositionProbe(std::unique_ptr<engine::Strategy> inner, feed::Quantity* max_abs)
      : inner_(std::move(inner)), max_abs_(max_abs) {}
  std::string_view name() const override { return inner_->name(); }
  void OnStart(const engine::StrategyStart& s) override { inner_->OnStart(s); }
  void OnEvent(const feed::Event& e, const engine::BookView& b,
               engine::StrategyContext& ctx) override {
    Watch(ctx);
    inner_->OnEvent(e, b, ctx);
  }
  void OnAck(const engine::ExecutionReport& r, engine::StrategyContext& ctx) override {
    inner_->OnAck(r, ctx);
  }
  void OnFill(const engine::ExecutionReport& r, engine::StrategyContext& ctx) override {
    Watch(ctx);
    inner_->OnFill(r, ctx);
  }
  void OnCancelled(const engine::ExecutionReport& r, engine::StrategyContext& ctx) override {
    inner_->OnCancelled(r, ctx);
  }
  void OnReject(const engine::ExecutionReport& r, engine::StrategyContext& ctx) override {
    inner_->OnReject(r, ctx);
  }

 private:
  void Watch(const engine::StrategyContext& ctx) {
    const feed::Quantity p = ctx.position() < 0 ? -ctx.position() : ctx.position();
    if (p > *max_abs_) *max_abs_ = p;
  }
  std::unique_ptr<engine::Strategy> inner_;
  feed::Quantity* max_abs_;
};

}  // namespace

StrategyRun RunStrategy(std::string_view name, const std::map<std::string, double>& params,
                        engine::AllocationProfile profile, const std::vector<feed::Event>& events) {
  StrategyRun run;
  engine::EngineConfig config;
  config.profile = profile;
  config.order_latency_ns = 100'000;
  config.risk.max_position = 0;
  config.risk.max_notional = 0;
  config.risk.max_orders_per_second = 10'000;
  engine::testing::RecordingSink sink;
  {
    engine::SymbolEngine engine(
        0, "TEST", config,
        std::make_unique<PositionProbe>(CreateStrategy(name, params), &run.max_abs_position), sink);
    for (const feed::Event& e : events) engine.OnEvent(e);
    engine.Finish();
    run.stats = engine.stats();
  }
  run.orders = std::move(sink.orders);
  return run;
}

std::vector<feed::Event> TrendingStream(uint64_t seed, size_t events) {
  engine::testing::StreamOptions options;
  options.seed = seed;
  options.events = events;
  std::vector<feed::Event> out = engine::testing::MakeSyntheticStream(options);
  // Overlay a slow sine-like drift (piecewise linear, in ticks) so EMAs cross and
  // z-scores swing; applied to every price field, which keeps quotes uncrossed.
  std::mt19937_64 rng(seed);
  int64_t drift = 0;
  int64_t slope = 1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (i % 400 == 0) slope = static_cast<int64_t>(rng() % 3) - 1;
    if (i % 20 == 0) drift += slope;
    const feed::Price shift = drift * engine::testing::kCent;
    if (out[i].price != 0) out[i].price += shift;
    if (out[i].ask_price != 0) out[i].ask_price += shift;
  }
  return out;
}

void ExpectSameResults(const StrategyRun& a, const StrategyRun& b) {
  ASSERT_EQ(a.orders.size(), b.orders.size());
  for (size_t i = 0; i < a.orders.size(); ++i) {
    EXPECT_EQ(a.orders[i].client_order_id, b.orders[i].client_order_id);
    EXPECT_EQ(a.orders[i].type, b.orders[i].type);
    EXPECT_EQ(a.orders[i].side, b.orders[i].side);
    EXPECT_EQ(a.orders[i].price, b.orders[i].price);
    EXPECT_EQ(a.orders[i].quantity, b.orders[i].quantity);
    EXPECT_EQ(a.orders[i].data_ts_ns, b.orders[i].data_ts_ns);
  }
  EXPECT_EQ(a.stats.digest, b.stats.digest);
  EXPECT_EQ(a.stats.fills, b.stats.fills);
  EXPECT_EQ(a.stats.position, b.stats.position);
  EXPECT_EQ(a.stats.realized_pnl, b.stats.realized_pnl);
  EXPECT_EQ(a.stats.unrealized_pnl, b.stats.unrealized_pnl);
  EXPECT_EQ(a.stats.rejects, b.stats.rejects);
}

}  // namespace hftbot::strategies::testing
