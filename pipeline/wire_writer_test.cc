#include "pipeline/wire_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/order.h"
#include "engine/wire_format.h"
#include "feed/input_error.h"

namespace hftbot::pipeline {
namespace {

using Profile = engine::AllocationProfile;

engine::Order Buy(feed::SymbolId symbol) {
  engine::Order order;
  order.client_order_id = 7;
  order.symbol = symbol;
  order.side = feed::Side::kBid;
  order.price = 100'000'000;
  order.quantity = 100'000'000;
  return order;
}

std::string LogPath(const std::string& name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name;
}

// A symbol name longer than a whole wire message.
const std::vector<std::string> kNames = {"AAPL", std::string(engine::kMaxWireMessageSize + 10, 'X')};

size_t LinesIn(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return static_cast<size_t>(std::count(all.begin(), all.end(), '\n'));
}

// The pooled writer encodes into one fixed buffer: an order that does not fit is an
// encode failure, reported by Finish, neither counted on the wire nor logged.
TEST(WireWriterTest, AnOrderTooBigForThePooledBufferIsAnEncodeFailure) {
  const std::string log = LogPath("orders-pooled.fix");
  WireWriter<Profile::kPooled> wire(kNames, log);
  EXPECT_TRUE(wire.Write(Buy(0)));
  EXPECT_FALSE(wire.Write(Buy(1))) << "an order that does not fit was sent";
  EXPECT_EQ(wire.orders_on_wire(), 1u);
  EXPECT_EQ(wire.encode_failures(), 1u);
  const std::string problem = wire.Finish();
  EXPECT_NE(problem.find("1 orders did not fit"), std::string::npos) << "Finish must report it: " << problem;
  EXPECT_EQ(LinesIn(log), 1u) << "only the order on the wire is logged";
}

// The naive writer builds a std::string per order (a first bot's way): no buffer to
// overflow, so the same order goes out whole.
TEST(WireWriterTest, TheNaiveWriterHasNoBufferToOverflow) {
  const std::string log = LogPath("orders-naive.fix");
  WireWriter<Profile::kNaive> wire(kNames, log);
  EXPECT_TRUE(wire.Write(Buy(1)));
  EXPECT_EQ(wire.orders_on_wire(), 1u);
  EXPECT_EQ(wire.encode_failures(), 0u);
  EXPECT_EQ(wire.Finish(), "");
  EXPECT_EQ(LinesIn(log), 1u);
}

TEST(WireWriterTest, AnUnopenableLogIsAnErrorAtConstruction) {
  const std::vector<std::string> names = {"AAPL"};
  EXPECT_THROW(WireWriter<Profile::kPooled>(names, "/proc/no/such/dir/orders.fix"), feed::InputError);
}

}  // namespace
}  // namespace hftbot::pipeline
