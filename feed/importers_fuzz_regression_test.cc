// Inputs //fuzz's importer targets found, reduced: each crashed (UBSan: signed overflow)
// or let an invalid symbol through before its fix. Under --config=asan the overflow
// cases also abort if the fix is lost; the counts below hold in every build.

#include <gtest/gtest.h>

#include <string>

#include "feed/test_files.h"
#include "feed/tick_codec.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"

namespace hftbot::feed {
namespace {

LoadedTicks Load(const std::string& name, TickFormat format, const std::string& bytes) {
  LoadOptions options;
  options.format = format;
  options.on_bad_tick = OnBadTick::kSkip;
  options.symbol = "EURUSD";
  return LoadTickFile(testing::WriteFile(name, bytes), options);
}

uint64_t Rejected(const LoadedTicks& ticks, const std::string& key) {
  const auto it = ticks.rejected.find(key);
  return it == ticks.rejected.end() ? 0 : it->second;
}

// 16673467346579146 µs * 1000 overflowed int64 nanoseconds.
TEST(ImportersFuzzRegressionTest, BinanceCsvTimeBeyondInt64NanosecondsIsRejected) {
  const LoadedTicks ticks = Load(
      "depth.csv", TickFormat::kBinanceCsv,
      "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu\n"
      "BTCUSDT,16673467346579146,2098021528332,2098021528332,b,snap,20377.00,1.770,-1\n");
  EXPECT_EQ(Rejected(ticks, "bad_timestamp"), 1u);
}

// Year 2700 overflowed int64 nanoseconds in the date conversion.
TEST(ImportersFuzzRegressionTest, HistDataYearPast2261IsRejected) {
  const LoadedTicks ticks = Load("quotes.csv", TickFormat::kHistData,
                                 "27000101 170000065,1.121200,1.121720,0\n"
                                 "20200101 170000065,1.121200,1.121720,0\n");
  EXPECT_EQ(Rejected(ticks, "bad_timestamp"), 1u);
  EXPECT_EQ(ticks.loaded(), 1u);
}

TEST(ImportersFuzzRegressionTest, TrueFxYearPast2261IsRejected) {
  const LoadedTicks ticks = Load("usdjpy.csv", TickFormat::kTrueFx,
                                 "timestamp,bid,ask\n"
                                 "2700-01-01 22:00:00.295000+00:00,86.655,86.728\n"
                                 "2013-01-01 22:00:00.295000+00:00,86.655,86.728\n");
  EXPECT_EQ(ticks.rejected_total(), 1u);
  EXPECT_EQ(ticks.loaded(), 1u);
}

// "BT USDT" became a symbol; an event time of 1e17 ms overflowed.
TEST(ImportersFuzzRegressionTest, BinanceWsRefusesBadSymbolsAndHugeTimes) {
  const LoadedTicks ticks = Load(
      "capture.txt", TickFormat::kBinanceWs,
      "1723161254116723068 {\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239219,"
      "\"s\":\"BT USDT\",\"b\":\"61837.63\",\"B\":\"3.78\",\"a\":\"61837.64\",\"A\":\"1.60\"}}\n"
      "1723161254116723069 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\","
      "\"E\":99999999999999999,\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63\","
      "\"q\":\"0.02\",\"T\":99999999999999999,\"m\":true,\"M\":true}}\n");
  EXPECT_EQ(Rejected(ticks, "bad_symbol"), 1u);
  ASSERT_EQ(ticks.loaded(), 1u);
  for (const SymbolStream& stream : ticks.symbols) {
    EXPECT_TRUE(stream.events.empty() || IsValidSymbolName(stream.name)) << stream.name;
    for (const Event& event : stream.events) EXPECT_EQ(event.exchange_ts_ns, 0);
  }
}

}  // namespace
}  // namespace hftbot::feed
