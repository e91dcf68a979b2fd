#include "feed/tick_generator.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "feed/event.h"
#include "feed/test_files.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

std::vector<Event> Generate(GeneratorOptions options) {
  TickGenerator generator(std::move(options));
  std::vector<Event> out;
  Event event;
  while (generator.Next(event)) out.push_back(event);
  return out;
}

GeneratorOptions Busy(uint64_t seed) {
  GeneratorOptions o;
  o.symbols = {"A", "B", "C", "D", "E"};
  o.events = 100'000;
  o.seed = seed;
  o.burst_probability = 0.01;        // plenty of bursts
  o.volatility = 0.01;               // a fast walk, to reach the price floor
  o.start_price = kFixedPointScale;  // 1.00, 100 ticks
  o.trade_ratio = 0.3;
  o.level_ratio = 0.3;
  return o;
}

TEST(TickGeneratorTest, SameSeedSameStreamOtherSeedOtherStream) {
  const std::vector<Event> a = Generate(Busy(1));
  const std::vector<Event> b = Generate(Busy(1));
  const std::vector<Event> c = Generate(Busy(2));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(testing::SameEvent(a[i], b[i])) << i;
  size_t same = 0;
  for (size_t i = 0; i < a.size(); ++i) same += testing::SameEvent(a[i], c[i]);
  EXPECT_LT(same, a.size() / 100);
}

// A fingerprint of a default stream: changing the generator changes the bundled
// sample, so it must be a deliberate act (update data/ and this value together).
TEST(TickGeneratorTest, DefaultStreamFingerprint) {
  GeneratorOptions o;
  o.events = 10'000;
  o.seed = 42;
  uint64_t hash = 14695981039346656037ull;
  for (const Event& e : Generate(o)) {
    for (const int64_t v :
         {e.ts_ns, e.price, e.quantity, e.ask_price, e.ask_quantity, static_cast<int64_t>(e.symbol),
          static_cast<int64_t>(e.kind), static_cast<int64_t>(e.side)}) {
      hash = (hash ^ static_cast<uint64_t>(v)) * 1099511628211ull;
    }
  }
  EXPECT_EQ(hash, 14763258435171620176u);
}

TEST(TickGeneratorTest, StreamIsValidAndRealistic) {
  const GeneratorOptions options = Busy(7);
  const std::vector<Event> events = Generate(options);
  ASSERT_EQ(events.size(), options.events);

  // The loader accepts all of it.
  const std::string path = testing::TempPath("generated.bin");
  {
    TickWriter writer(path, options.symbols, {TickFormat::kBinary, false, 1, 1});
    for (const Event& e : events) writer.Write(e);
    writer.Close();
  }
  const LoadedTicks ticks = LoadTickFile(path, {});
  EXPECT_EQ(ticks.loaded(), events.size());

  // Opening quotes in symbol order; then trades at the touch, levels behind it.
  for (SymbolId s = 0; s < options.symbols.size(); ++s) {
    EXPECT_EQ(events[s].symbol, s);
    EXPECT_EQ(events[s].kind, EventKind::kQuote);
  }
  std::vector<Event> touch(options.symbols.size());
  uint64_t kinds[kEventKindCount] = {};
  for (size_t i = 0; i < events.size(); ++i) {
    const Event& e = events[i];
    if (i > 0) {
      ASSERT_GE(e.ts_ns, events[i - 1].ts_ns);
    }
    ASSERT_EQ(e.price % options.tick_size, 0);
    ASSERT_EQ(e.quantity % options.size_increment, 0);
    ++kinds[static_cast<int>(e.kind)];
    const Event& t = touch[e.symbol];
    switch (e.kind) {
      case EventKind::kQuote:
        ASSERT_LT(e.price, e.ask_price);
        ASSERT_GT(e.price, 0);
        touch[e.symbol] = e;
        break;
      case EventKind::kTrade:
        ASSERT_EQ(e.price, e.side == Side::kBid ? t.ask_price : t.price) << i;
        ASSERT_LE(e.quantity, e.side == Side::kBid ? t.ask_quantity : t.quantity) << i;
        break;
      case EventKind::kLevelUpdate:
        if (e.side == Side::kBid) {
          ASSERT_LT(e.price, t.price) << i;
          ASSERT_GE(e.price, t.price - options.level_depth * options.tick_size) << i;
        } else {
          ASSERT_GT(e.price, t.ask_price) << i;
          ASSERT_LE(e.price, t.ask_price + options.level_depth * options.tick_size) << i;
        }
        ASSERT_GT(e.price, 0);
        break;
      default:
        FAIL() << "unexpected kind";
    }
  }
  // Ratios hold loosely: a touch emptied by trades is re-quoted before anything else
  // happens on that symbol, which takes arrivals from trades and levels alike.
  EXPECT_GT(kinds[1], 15'000u);
  EXPECT_LT(kinds[1], 30'000u);
  EXPECT_GT(kinds[2], 22'000u);
  EXPECT_LT(kinds[2], 30'000u);
}

TEST(TickGeneratorTest, DurationBoundsDataTime) {
  GeneratorOptions o;
  o.events = 0;
  o.duration_s = 2;
  o.rate = 5'000;
  const std::vector<Event> events = Generate(o);
  ASSERT_FALSE(events.empty());
  EXPECT_LT(events.back().ts_ns - o.start_ts_ns, 2'000'000'000);
  // Poisson with bursts: at least the base rate's worth of arrivals.
  EXPECT_GT(events.size(), 9'000u);
}

TEST(TickGeneratorTest, RejectsInconsistentOptions) {
  GeneratorOptions o;
  o.symbols.clear();
  EXPECT_THROW(TickGenerator{o}, std::invalid_argument);
  o = GeneratorOptions{};
  o.trade_ratio = 0.7;
  o.level_ratio = 0.4;
  EXPECT_THROW(TickGenerator{o}, std::invalid_argument);
  o = GeneratorOptions{};
  o.events = 0;
  EXPECT_THROW(TickGenerator{o}, std::invalid_argument);
  o = GeneratorOptions{};
  o.spread_ticks = 0.5;
  EXPECT_THROW(TickGenerator{o}, std::invalid_argument);
}

}  // namespace
}  // namespace hftbot::feed
