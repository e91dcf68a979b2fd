#include "feed/tick_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/test_files.h"
#include "feed/tick_format.h"
#include "feed/tick_generator.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {
namespace {

using testing::SameEvent;
using testing::TempPath;

std::vector<Event> Generated(uint64_t events, uint64_t seed) {
  GeneratorOptions gen;
  gen.events = events;
  gen.seed = seed;
  TickGenerator generator(gen);
  std::vector<Event> out;
  Event event;
  while (generator.Next(event)) out.push_back(event);
  return out;
}

std::string Write(const std::string& name, const std::vector<Event>& events,
                  const WriteOptions& options) {
  const std::string path = TempPath(name);
  TickWriter writer(path, GeneratorOptions{}.symbols, options);
  for (const Event& event : events) writer.Write(event);
  writer.Close();
  return path;
}

// Merges the per-symbol streams back into file order using file_positions.
std::vector<Event> FileOrder(const LoadedTicks& ticks) {
  // Pointers, not Events: sorting 64-byte-aligned values passes them by value inside
  // <algorithm>, which makes gcc note an ABI change.
  std::vector<std::pair<uint64_t, const Event*>> all;
  for (const SymbolStream& stream : ticks.symbols) {
    EXPECT_EQ(stream.events.size(), stream.file_positions.size());
    for (size_t i = 0; i < stream.events.size(); ++i) {
      all.emplace_back(stream.file_positions[i], &stream.events[i]);
    }
  }
  std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Event> out;
  for (const auto& [position, event] : all) out.push_back(*event);
  return out;
}

struct Case {
  const char* name;
  TickFormat format;
  bool gzip;
};

TEST(TickFileTest, RoundTripsEveryFormatWithAndWithoutGzip) {
  const std::vector<Event> events = Generated(30'000, 3);
  for (const Case& c :
       {Case{"rt.csv", TickFormat::kCsv, false}, Case{"rt.csv.gz", TickFormat::kCsv, true},
        Case{"rt.bin", TickFormat::kBinary, false}, Case{"rt.bin.gz", TickFormat::kBinary, true}}) {
    SCOPED_TRACE(c.name);
    const std::string path = Write(c.name, events, {c.format, c.gzip, 6});
    const LoadedTicks ticks = LoadTickFile(path, {});
    EXPECT_EQ(ticks.path, path);
    EXPECT_EQ(ticks.format, c.format);
    EXPECT_EQ(ticks.compressed, c.gzip);
    EXPECT_EQ(ticks.read, events.size());
    EXPECT_EQ(ticks.loaded(), events.size());
    EXPECT_TRUE(ticks.rejected.empty());
    ASSERT_EQ(ticks.symbols.size(), 4u);
    for (size_t s = 0; s < ticks.symbols.size(); ++s) {
      EXPECT_EQ(ticks.symbols[s].name, GeneratorOptions{}.symbols[s]);
      for (const Event& e : ticks.symbols[s].events) EXPECT_EQ(e.symbol, s);
    }
    const std::vector<Event> back = FileOrder(ticks);
    ASSERT_EQ(back.size(), events.size());
    for (size_t i = 0; i < events.size(); ++i) {
      ASSERT_TRUE(SameEvent(back[i], events[i])) << "event " << i;
    }
  }
}

TEST(TickFileTest, StreamsGrowToTheProjectedSizeNotByDoubling) {
  // About 20k events per symbol: doubling would leave each stream at 32768 slots.
  const std::vector<Event> events = Generated(80'000, 5);
  for (const Case& c : {Case{"grow.csv", TickFormat::kCsv, false}, Case{"grow.csv.gz", TickFormat::kCsv, true},
                        Case{"grow.bin.gz", TickFormat::kBinary, true}}) {
    SCOPED_TRACE(c.name);
    const LoadedTicks ticks = LoadTickFile(Write(c.name, events, {c.format, c.gzip, 6}), {});
    ASSERT_EQ(ticks.loaded(), events.size());
    for (const SymbolStream& stream : ticks.symbols) {
      ASSERT_GT(stream.events.size(), 16'384u);
      EXPECT_LE(stream.events.capacity(), stream.events.size() * 13 / 10) << stream.name;
      EXPECT_EQ(stream.file_positions.capacity(), stream.events.capacity()) << stream.name;
    }
  }
}

TEST(TickFileTest, GrownStreamCapacity) {
  // Input size unknown, or too little read to project: doubling.
  EXPECT_EQ(GrownStreamCapacity(1000, 5000, 0), 2000u);
  EXPECT_EQ(GrownStreamCapacity(1000, 0, 1'000'000), 2000u);
  EXPECT_EQ(GrownStreamCapacity(1000, 15'000, 1'000'000), 2000u);       // under 1/64 read
  EXPECT_EQ(GrownStreamCapacity(1000, (1 << 20) - 1, 1'000'000'000), 2000u);  // under 1 MiB read
  EXPECT_EQ(GrownStreamCapacity(1000, 1'000'000, 1'000'000), 2000u);   // all read: no projection
  EXPECT_EQ(GrownStreamCapacity(0, 0, 0), 16u);
  // A quarter read: four times the size, 10% and 256 over.
  EXPECT_EQ(GrownStreamCapacity(1000, 250'000, 1'000'000), 4656u);
  EXPECT_EQ(GrownStreamCapacity(1000, 2 << 20, 16u << 20), 9056u);
  // Near the end of the input the projection (110,366) is under a quarter's growth.
  EXPECT_EQ(GrownStreamCapacity(100'000, 999'000, 1'000'000), 125'016u);
}

TEST(TickFileTest, SkipModeConservesEveryRecord) {
  // Every 7th event is damaged in a different way; the loader must account for all.
  std::vector<Event> events = Generated(7'000, 5);
  uint64_t damaged = 0;
  for (size_t i = 50; i < events.size(); i += 7) {
    Event& e = events[i];
    switch (damaged++ % 3) {
      case 0:
        e.price = 0;  // non_positive_price
        break;
      case 1:
        e.ts_ns = 0;  // time_backwards
        break;
      default:
        e.kind = EventKind::kQuote;  // crossed_quote
        e.side = Side::kNone;
        e.ask_price = 1;
        e.price = 2;
        break;
    }
  }
  const std::string path = Write("damaged.bin", events, {TickFormat::kBinary, false, 9, 1});
  EXPECT_THROW(LoadTickFile(path, {}), InputError);
  const LoadedTicks ticks = LoadTickFile(path, {TickFormat::kAuto, OnBadTick::kSkip, {}, true});
  EXPECT_EQ(ticks.read, events.size());
  EXPECT_EQ(ticks.rejected_total(), damaged);
  EXPECT_EQ(ticks.loaded() + ticks.rejected_total(), ticks.read);
  EXPECT_EQ(ticks.rejected.at("non_positive_price"), (damaged + 2) / 3);
  EXPECT_EQ(ticks.rejected.at("time_backwards"), (damaged + 1) / 3);
  EXPECT_EQ(ticks.rejected.at("crossed_quote"), damaged / 3);
  // Loaded events keep their original file positions.
  std::vector<uint64_t> positions;
  for (const SymbolStream& s : ticks.symbols) {
    positions.insert(positions.end(), s.file_positions.begin(), s.file_positions.end());
  }
  std::sort(positions.begin(), positions.end());
  for (const uint64_t p : positions) EXPECT_FALSE(p >= 50 && (p - 50) % 7 == 0) << p;
}

TEST(TickFileTest, PerSymbolStreamsAreTimeOrdered) {
  const LoadedTicks ticks =
      LoadTickFile(Write("order.bin", Generated(10'000, 9), {TickFormat::kBinary, false, 9, 1}), {});
  for (const SymbolStream& s : ticks.symbols) {
    EXPECT_TRUE(std::is_sorted(s.events.begin(), s.events.end(),
                               [](const Event& a, const Event& b) { return a.ts_ns < b.ts_ns; }));
    EXPECT_TRUE(std::is_sorted(s.file_positions.begin(), s.file_positions.end()));
  }
}

TEST(TickFileTest, BinaryDeclaresSymbolsEvenWithoutEvents) {
  const std::string path = TempPath("declared.bin");
  TickWriter writer(path, {"A", "B", "UNUSED"}, {TickFormat::kBinary, false, 9, 1});
  writer.Write(testing::Quote(1, 1, 100, 1, 101, 1));
  writer.Close();
  const LoadedTicks ticks = LoadTickFile(path, {});
  ASSERT_EQ(ticks.symbols.size(), 3u);
  EXPECT_EQ(ticks.symbols[2].name, "UNUSED");
  EXPECT_TRUE(ticks.symbols[0].events.empty());
  EXPECT_EQ(ticks.symbols[1].events.size(), 1u);
}

TEST(TickFileTest, MissingFileNamesThePath) {
  try {
    LoadTickFile(TempPath("missing.csv"), {});
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.where(), TempPath("missing.csv"));
  }
}

// The checked-in golden file (data/golden.csv): exact counts, so any change to the
// reader or to the file shows up here first.
TEST(TickFileTest, GoldenFileLoadsExactly) {
  const LoadedTicks ticks = LoadTickFile("data/golden.csv", {});
  EXPECT_EQ(ticks.format, TickFormat::kCsv);
  EXPECT_EQ(ticks.read, 2000u);
  EXPECT_TRUE(ticks.rejected.empty());
  ASSERT_EQ(ticks.symbols.size(), 3u);
  EXPECT_EQ(ticks.symbols[0].name, "ALPHA");
  EXPECT_EQ(ticks.symbols[1].name, "BETA");
  EXPECT_EQ(ticks.symbols[2].name, "GAMMA");
  uint64_t kinds[kEventKindCount] = {};
  uint64_t checksum = 14695981039346656037ull;  // FNV-1a over the fields
  for (const Event& e : FileOrder(ticks)) {
    ++kinds[static_cast<int>(e.kind)];
    for (const int64_t v :
         {e.ts_ns, e.price, e.quantity, e.ask_price, e.ask_quantity, static_cast<int64_t>(e.symbol),
          static_cast<int64_t>(e.kind), static_cast<int64_t>(e.side)}) {
      checksum = (checksum ^ static_cast<uint64_t>(v)) * 1099511628211ull;
    }
  }
  EXPECT_EQ(kinds[static_cast<int>(EventKind::kQuote)], 1253u);
  EXPECT_EQ(kinds[static_cast<int>(EventKind::kTrade)], 181u);
  EXPECT_EQ(kinds[static_cast<int>(EventKind::kLevelUpdate)], 566u);
  EXPECT_EQ(checksum, 6868781823764283039u);
}

// The bundled sample the bot replays by default (data/sample.bin.gz).
TEST(TickFileTest, BundledSampleLoadsCleanly) {
  const LoadedTicks ticks = LoadTickFile("data/sample.bin.gz", {});
  EXPECT_EQ(ticks.format, TickFormat::kBinary);
  EXPECT_TRUE(ticks.compressed);
  EXPECT_EQ(ticks.read, 250'000u);
  EXPECT_EQ(ticks.loaded(), 250'000u);
  ASSERT_EQ(ticks.symbols.size(), 4u);
  EXPECT_EQ(ticks.symbols[0].name, "AAPL");
  EXPECT_EQ(ticks.symbols[3].name, "ETH-USD");
  for (const SymbolStream& s : ticks.symbols) EXPECT_GT(s.events.size(), 50'000u) << s.name;
}

}  // namespace
}  // namespace hftbot::feed
