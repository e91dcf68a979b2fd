#include "pipeline/bbo_trace.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "engine/order_book.h"
#include "feed/event_flags.h"
#include "feed/input_error.h"
#include "feed/tick_file.h"

namespace hftbot::pipeline {
namespace {

using feed::Event;
using feed::EventKind;
using feed::Side;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Event Level(int64_t ts, Side side, int64_t price, int64_t qty, uint64_t id) {
  Event e;
  e.ts_ns = ts;
  e.kind = EventKind::kLevelUpdate;
  e.side = side;
  e.price = price;
  e.quantity = qty;
  e.id = id;
  return e;
}

TEST(BboTraceTest, RowsAreExactAndMergedInTimeOrder) {
  const std::string path = ::testing::TempDir() + "/bbo.csv";
  BboTrace trace(path, {"BTCUSDT", "ETHUSDT"});
  auto book0 = engine::MakeOrderBook({});
  auto book1 = engine::MakeOrderBook({});
  // Two engine threads, one symbol each.
  std::thread t0([&] {
    Event bid = Level(10, Side::kBid, 6'183'763'000'000, 378'826'000, 50093239218);
    bid.exchange_ts_ns = 1'723'161'255'208'000'000;
    (void)book0->Apply(bid);
    trace.writer(0).Record(bid, *book0);
    Event ask = Level(30, Side::kAsk, 6'183'764'000'000, 154'698'000, 50093239219);
    (void)book0->Apply(ask);
    trace.writer(0).Record(ask, *book0);
  });
  std::thread t1([&] {
    Event quote;
    quote.ts_ns = 20;
    quote.kind = EventKind::kQuote;
    quote.price = 250'000'000'000;
    quote.quantity = 100'000'000;
    quote.ask_price = 250'010'000'000;
    quote.ask_quantity = 50'000'000;
    (void)book1->Apply(quote);
    trace.writer(1).Record(quote, *book1);
  });
  t0.join();
  t1.join();
  EXPECT_EQ(trace.Finish(), 3u);
  EXPECT_EQ(Slurp(path),
            "ts_ns,exchange_ts_ns,update_id,event,symbol,bid_px,bid_qty,ask_px,ask_qty\n"
            "10,1723161255208000000,50093239218,depth,BTCUSDT,61837.63,3.78826,,\n"
            "20,,,quote,ETHUSDT,2500,1,2500.1,0.5\n"
            "30,,50093239219,depth,BTCUSDT,61837.63,3.78826,61837.64,1.54698\n");
  std::ifstream part(path + ".part0");
  EXPECT_FALSE(part.good());  // parts removed
}

TEST(BboTraceTest, EventNames) {
  Event e;
  e.kind = EventKind::kSnapshotLevel;
  EXPECT_EQ(BboEventName(e), "snapshot");
  e.kind = EventKind::kLevelUpdate;
  e.flags = feed::kFlagResync;
  EXPECT_EQ(BboEventName(e), "resync");
  e.kind = EventKind::kOrderAdd;
  EXPECT_EQ(BboEventName(e), "add");
  e.kind = EventKind::kOrderCancel;
  EXPECT_EQ(BboEventName(e), "cancel");
  e.kind = EventKind::kOrderExecute;
  EXPECT_EQ(BboEventName(e), "execute");
}

TEST(BboTraceTest, UnwritableOutputIsAnInputError) {
  EXPECT_THROW(BboTrace("/nonexistent-dir/bbo.csv", {"A"}), feed::InputError);
}

}  // namespace
}  // namespace hftbot::pipeline

namespace hftbot::pipeline {
namespace {

// The trace of the real BTCUSDT capture: one row per event, exact decimals, the
// informational bookTicker rows showing the depth-built book.
TEST(BboTraceTest, RealBinanceCapture) {
  const feed::LoadedTicks ticks = feed::LoadTickFile("tests/data/real/btcusdt_20240808.gz", {});
  const std::string path = ::testing::TempDir() + "/btc-bbo.csv";
  BboTrace trace(path, {ticks.symbols[0].name});
  auto book = engine::MakeOrderBook({});
  for (const feed::Event& e : ticks.symbols[0].events) {
    (void)book->Apply(e);
    trace.writer(0).Record(e, *book);
  }
  EXPECT_EQ(trace.Finish(), ticks.loaded());
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), ticks.loaded() + 1);
  EXPECT_EQ(lines[1],
            "1723161254087891268,,50093239212,quote,BTCUSDT,61837.63,3.78826,61837.64,1.54698");
  EXPECT_EQ(lines[2],
            "1723161254087896568,1723161255342000000,3735683259,trade,BTCUSDT,61837.63,3.78826,"
            "61837.64,1.54698");
  EXPECT_EQ(lines[5].substr(0, 53), "1723161254206652067,,50093239218,snapshot,BTCUSDT,618");
}

}  // namespace
}  // namespace hftbot::pipeline
