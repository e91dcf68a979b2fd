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
  }
  return "unknown";
}

std::optional<TickFormat> ParseFormatName(std::string_view name) {
  if (name == "auto") return TickFormat::kAuto;
  if (name == "csv") return TickFormat::kCsv;
  if (name == "binary" || name == "bin") return TickFormat::kBinary;
  return std::nullopt;
}

}  // namespace hftbot::feed
