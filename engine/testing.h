// Test support for the engine and strategies: a seeded synthetic event stream and
// order sinks. Test-only.
//
// Not thread-safe: use from one test thread.

#ifndef HFTBOT_ENGINE_TESTING_H_
#define HFTBOT_ENGINE_TESTING_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/order.h"
#include "engine/order_book.h"
#include "engine/strategy.h"
#include "feed/event.h"

namespace hftbot::engine::testing {

inline constexpr feed::Price kUnit = feed::kFixedPointScale;
inline constexpr feed::Price kCent = feed::kFixedPointScale / 100;

struct StreamOptions {
  uint64_t seed = 1;
  size_t events = 10'000;
  feed::SymbolId symbol = 0;
  feed::Price start_mid = 100 * kUnit;
  feed::Price tick = kCent;
  int64_t start_ts_ns = 1'700'000'000'000'000'000;
  int64_t max_gap_ns = 200'000;  // gaps are uniform in [1, max_gap_ns]
};

// A random walk of the mid with quotes (~55%), trades (~25%, some through the
// touch), level updates around the touch (~18%, some removing) and a few L3 and
// invalid events. Deterministic for a seed (uses only raw mt19937_64 outputs).
std::vector<feed::Event> MakeSyntheticStream(const StreamOptions& options);

// Order-level (L3) messages as LOBSTER records them: adds near the touch, partial
// and full cancels, executions of resting orders and a few cancels of orders that
// rested before the recording began (unknown ids). The mid walks; adds outnumber
// removals below `resting` orders and the other way round above, so the book holds
// about that many. Deterministic for a seed.
std::vector<feed::Event> MakeOrderLevelStream(const StreamOptions& options, size_t resting = 2'000);

// Keeps every order; reserve up front where a test counts allocations.
class RecordingSink : public OrderSink {
 public:
  void OnOrder(const Order& order) override { orders.push_back(order); }
  std::vector<Order> orders;
};

// Counts orders only; never allocates.
class CountingSink : public OrderSink {
 public:
  void OnOrder(const Order& order) override {
    ++count;
    last = order;
  }
  uint64_t count = 0;
  Order last;
};

// Names parameterized tests after the profile: "naive", "pooled".
inline std::string ProfileName(const ::testing::TestParamInfo<AllocationProfile>& param) {
  return std::string(AllocationProfileName(param.param));
}

// Typed tests over the compile-time profiles (TYPED_TEST_SUITE(Suite, Profiles,
// ProfileTypeName)); TypeParam::value is the profile.
template <AllocationProfile kProfile>
using ProfileConstant = std::integral_constant<AllocationProfile, kProfile>;
using Profiles = ::testing::Types<ProfileConstant<AllocationProfile::kNaive>,
                                  ProfileConstant<AllocationProfile::kPooled>>;
struct ProfileTypeName {
  template <class T>
  static std::string GetName(int) {
    return std::string(AllocationProfileName(T::value));
  }
};

// Joins the touch on both sides with one-unit limit orders, cancels quotes resting
// longer than 5 ms of data time and sends a market order every 97th event, so every
// exchange path runs. Allocates nothing per event.
class QuotingTestStrategy : public Strategy {
 public:
  std::string_view name() const override { return "quoting_test"; }
  void OnEvent(const feed::Event& event, const BookView& book, StrategyContext& ctx) override;
  uint64_t fills = 0;
  void OnFill(const ExecutionReport&, StrategyContext&) override { ++fills; }

 private:
  static constexpr uint64_t kMarketEvery = 97;  // events per market order
  uint64_t events_until_market_ = kMarketEvery;
};

// Runs a callback per event; for scripted tests.
class LambdaStrategy : public Strategy {
 public:
  using Callback = std::function<void(const feed::Event&, const BookView&, StrategyContext&)>;
  explicit LambdaStrategy(Callback on_event) : on_event_(std::move(on_event)) {}
  std::string_view name() const override { return "lambda"; }
  void OnEvent(const feed::Event& e, const BookView& b, StrategyContext& ctx) override {
    on_event_(e, b, ctx);
  }
  void OnFill(const ExecutionReport& r, StrategyContext&) override { fills.push_back(r); }
  void OnReject(const ExecutionReport& r, StrategyContext&) override { rejects.push_back(r); }
  std::vector<ExecutionReport> fills;
  std::vector<ExecutionReport> rejects;

 private:
  Callback on_event_;
};

// Event builders.
feed::Event Quote(int64_t ts, feed::Price bid, feed::Quantity bid_qty, feed::Price ask,
                  feed::Quantity ask_qty);
feed::Event Trade(int64_t ts, feed::Price price, feed::Quantity qty, feed::Side aggressor);
feed::Event Level(int64_t ts, feed::Side side, feed::Price price, feed::Quantity qty);

}  // namespace hftbot::engine::testing

#endif  // HFTBOT_ENGINE_TESTING_H_
