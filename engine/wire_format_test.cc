#include "engine/wire_format.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/allocation_counting.h"

namespace hftbot::engine {
namespace {

constexpr int64_t kUnit = feed::kFixedPointScale;

Order Limit() {
  Order o;
  o.client_order_id = (uint64_t{2} << 40) | 7;
  o.symbol = 2;
  o.type = OrderType::kLimit;
  o.side = feed::Side::kAsk;
  o.price = 123 * kUnit + 45'000'000;
  o.quantity = kUnit / 4;
  o.data_ts_ns = 1'700'000'000'000'000'123;
  return o;
}

std::string Into(const Order& o, std::string_view symbol, char sep) {
  char buf[kMaxWireMessageSize];
  const size_t n = EncodeInto(o, symbol, buf, sizeof(buf), sep);
  return std::string(buf, n);
}

unsigned Sum(std::string_view s) {
  unsigned sum = 0;
  for (char c : s) sum += static_cast<unsigned char>(c);
  return sum % 256;
}

TEST(WireFormatTest, GoldenLimitOrder) {
  const std::string msg = EncodeToString(Limit(), "BTCUSD", '|');
  const std::string body =
      "35=D|49=HFTBOT|56=SIMX|34=7|11=2199023255559|55=BTCUSD|54=2|38=0.25|40=2|44=123.45|"
      "60=1700000000000000123|";
  const std::string head = "8=FIX.4.4|9=" + std::to_string(body.size()) + "|" + body;
  char sum[4];
  std::snprintf(sum, sizeof(sum), "%03u", Sum(head));
  EXPECT_EQ(msg, head + "10=" + sum + "|");
}

TEST(WireFormatTest, ProfilesProduceIdenticalBytes) {
  Order market = Limit();
  market.type = OrderType::kMarket;
  market.price = 0;
  market.side = feed::Side::kBid;
  market.quantity = 1'234 * kUnit + 1;
  Order cancel = Limit();
  cancel.type = OrderType::kCancel;
  cancel.side = feed::Side::kNone;
  cancel.price = 0;
  cancel.quantity = 0;
  cancel.cancel_target = 99;
  Order tiny = Limit();
  tiny.price = 1;
  tiny.quantity = 10 * kUnit;
  for (const Order& o : {Limit(), market, cancel, tiny}) {
    for (char sep : {kSoh, '|'}) {
      const std::string a = EncodeToString(o, "ETH-USD", sep);
      EXPECT_EQ(a, Into(o, "ETH-USD", sep));
      EXPECT_EQ(a.substr(a.size() - 7, 3), "10=");
    }
  }
  EXPECT_NE(EncodeToString(tiny, "X", '|').find("44=0.00000001|"), std::string::npos);
  EXPECT_NE(EncodeToString(market, "X", '|').find("38=1234.00000001|40=1|"), std::string::npos);
  EXPECT_NE(EncodeToString(cancel, "X", '|').find("35=F|"), std::string::npos);
}

TEST(WireFormatTest, TooSmallBufferReturnsZero) {
  char buf[40];
  EXPECT_EQ(EncodeInto(Limit(), "BTCUSD", buf, sizeof(buf)), 0u);
  const std::string full = EncodeToString(Limit(), "BTCUSD");
  char exact[kMaxWireMessageSize];
  EXPECT_EQ(EncodeInto(Limit(), "BTCUSD", exact, full.size()), full.size());
  EXPECT_EQ(EncodeInto(Limit(), "BTCUSD", exact, full.size() - 1), 0u);
}

TEST(WireFormatTest, EncodeIntoNeverAllocates) {
  if (const std::string why = testing::AllocationCountingUnavailable(); !why.empty()) {
    GTEST_SKIP() << why;
  }
  Order market = Limit();
  market.type = OrderType::kMarket;
  market.quantity = -1'234 * kUnit - 1;  // the longest decimal a quantity can print
  char buf[kMaxWireMessageSize];
  size_t total = 0;
  const uint64_t before = testing::AllocationCount();
  for (const Order& o : {Limit(), market}) total += EncodeInto(o, "BTCUSD", buf, sizeof(buf));
  EXPECT_EQ(testing::AllocationCount(), before);
  EXPECT_GT(total, 0u);
}

}  // namespace
}  // namespace hftbot::engine
