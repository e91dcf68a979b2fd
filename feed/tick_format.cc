#include "feed/tick_format.h"

namespace hftbot::feed {

std::string_view FormatName(TickFormat format) {
  switch (format) {
    case TickFormat::kAuto:
      return "auto";
    case TickFormat::kCsv:
      return "csv";
    case TickFormat::kBinary:
      return "binary";
    case TickFormat::kBinanceWs:
      return "binance-ws";
    case TickFormat::kBinanceCsv:
      return "binance-csv";
    case TickFormat::kLobster:
      return "lobster";
    case TickFormat::kTardis:
      return "tardis";
    case TickFormat::kTrueFx:
      return "truefx";
    case TickFormat::kHistData:
      return "histdata";
  }
  return "unknown";
}

bool IsNativeFormat(TickFormat format) {
  return format == TickFormat::kCsv || format == TickFormat::kBinary;
}

std::optional<TickFormat> ParseFormatName(std::string_view name) {
  if (name == "auto") return TickFormat::kAuto;
  if (name == "csv") return TickFormat::kCsv;
  if (name == "binary" || name == "bin") return TickFormat::kBinary;
  if (name == "binance-ws") return TickFormat::kBinanceWs;
  if (name == "binance-csv") return TickFormat::kBinanceCsv;
  if (name == "lobster") return TickFormat::kLobster;
  if (name == "tardis") return TickFormat::kTardis;
  if (name == "truefx") return TickFormat::kTrueFx;
  if (name == "histdata") return TickFormat::kHistData;
  return std::nullopt;
}

}  // namespace hftbot::feed
