// The tick file formats hftbot reads and writes, and how a load treats bad ticks.
//
// Both native formats are specified byte for byte in feed/FORMATS.md. Later importers
// of real exchange data add their formats here.
//
// Thread-safety: plain values and pure functions; safe from any thread.

#ifndef HFTBOT_FEED_TICK_FORMAT_H_
#define HFTBOT_FEED_TICK_FORMAT_H_

#include <optional>
#include <string_view>

namespace hftbot::feed {

enum class TickFormat {
  kAuto,    // detect: binary magic, else the CSV header row (gzip is orthogonal)
  kCsv,     // text, one event per line after a header row
  kBinary,  // magic + symbol table + fixed-size little-endian records
};

// "auto", "csv", "binary".
std::string_view FormatName(TickFormat format);

// Inverse of FormatName; also accepts "bin". nullopt for anything else.
std::optional<TickFormat> ParseFormatName(std::string_view name);

enum class OnBadTick {
  kFail,  // throw InputError naming the first bad tick's file position and reason
  kSkip,  // count the bad tick under its reason key and go on
};

struct LoadOptions {
  // Default kAuto: detected from the file's first bytes, never from its name.
  TickFormat format = TickFormat::kAuto;
  // Default kFail: a replay of a file with bad ticks is refused unless asked for.
  OnBadTick on_bad_tick = OnBadTick::kFail;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_FORMAT_H_
