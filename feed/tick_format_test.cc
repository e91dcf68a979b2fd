#include "feed/tick_format.h"

#include <gtest/gtest.h>

namespace hftbot::feed {
namespace {

TEST(TickFormatTest, NamesRoundTrip) {
  for (const TickFormat format :
       {TickFormat::kAuto, TickFormat::kCsv, TickFormat::kBinary, TickFormat::kBinanceWs,
        TickFormat::kBinanceCsv, TickFormat::kLobster, TickFormat::kTardis, TickFormat::kTrueFx,
        TickFormat::kHistData}) {
    EXPECT_EQ(ParseFormatName(FormatName(format)), format);
  }
  EXPECT_EQ(ParseFormatName("bin"), TickFormat::kBinary);
  EXPECT_EQ(ParseFormatName("CSV"), std::nullopt);
  EXPECT_EQ(ParseFormatName("parquet"), std::nullopt);
}

TEST(TickFormatTest, DefaultsDetectAndFail) {
  const LoadOptions options;
  EXPECT_EQ(options.format, TickFormat::kAuto);
  EXPECT_EQ(options.on_bad_tick, OnBadTick::kFail);
}

}  // namespace
}  // namespace hftbot::feed
