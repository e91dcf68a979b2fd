// Encoding and decoding of one tick in each native format, and the checks every
// loaded tick must pass. Shared by TickReader and TickWriter so the two can never
// disagree about a byte; the layouts are specified in feed/FORMATS.md.
//
// Decoders return false and fill a Problem instead of throwing: the reader decides,
// per OnBadTick, whether a problem stops the load or is counted.
//
// Thread-safety: pure functions; safe from any thread.

#ifndef HFTBOT_FEED_TICK_CODEC_H_
#define HFTBOT_FEED_TICK_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "feed/event.h"
#include "feed/symbol_table.h"

namespace hftbot::feed {

// Why a tick was refused. `key` is one of the stable snake_case reason keys listed in
// FORMATS.md (it points at static storage); `detail` says what exactly was wrong.
struct Problem {
  std::string_view key;
  std::string detail;
};

// ---- Semantic checks (both formats) ------------------------------------------------

inline constexpr size_t kMaxSymbolLength = 64;

// 1..kMaxSymbolLength bytes of printable ASCII without ',', '"' or spaces.
bool IsValidSymbolName(std::string_view name);

// Side allowed for the kind, positive prices, sane quantities, uncrossed quotes.
// Does not check time order, which needs the previous tick of the symbol.
[[nodiscard]] bool ValidateEvent(const Event& event, Problem& problem);

// ---- CSV -----------------------------------------------------------------------------

inline constexpr std::string_view kCsvHeader =
    "ts_ns,symbol,kind,side,price,quantity,ask_price,ask_quantity";
inline constexpr int kCsvColumns = 8;

// Longest line FormatCsvLine writes, including its '\n'.
inline constexpr size_t kMaxCsvLine = 20 + kMaxSymbolLength + 6 + 4 + 4 * 24 + 8 + 1;

// Parses one data line (without its line terminator) into `event`, interning its
// symbol into `symbols`. Runs ValidateEvent too.
[[nodiscard]] bool ParseCsvLine(std::string_view line, SymbolTable& symbols, Event& event,
                                Problem& problem);

// Writes `event` as one CSV line ending in '\n' into `out` (at least kMaxCsvLine
// chars) and returns one past the end.
char* FormatCsvLine(const Event& event, std::string_view symbol, char* out);

// ---- Binary --------------------------------------------------------------------------

inline constexpr std::string_view kBinaryMagic = "HFTTICKS";  // 8 bytes, no NUL
inline constexpr uint16_t kBinaryVersion = 1;
inline constexpr size_t kBinaryFixedHeaderSize = 24;
inline constexpr size_t kBinaryRecordSize = 48;
// Version 2 ("extended"): every Event field, so the importers' events (L3 kinds,
// snapshot levels, exchange time, ids, flags) convert without loss.
inline constexpr uint16_t kBinaryVersion2 = 2;
inline constexpr size_t kBinaryRecordSize2 = 64;

struct BinaryHeader {
  uint16_t version = 0;
  uint16_t record_size = 0;
  uint32_t symbol_count = 0;
  uint64_t header_size = 0;  // bytes before the first record, a multiple of 8
};

// REQUIRES: bytes.size() >= kBinaryFixedHeaderSize and the magic already matched.
BinaryHeader DecodeBinaryFixedHeader(std::string_view bytes);

// The whole header (fixed part, symbol table, zero padding) for `symbols`.
std::string EncodeBinaryHeader(const std::vector<std::string>& symbols,
                               uint16_t version = kBinaryVersion);

// Decodes one kBinaryRecordSize-byte record. Runs ValidateEvent too.
[[nodiscard]] bool DecodeBinaryRecord(const char* record, size_t symbol_count, Event& event,
                                      Problem& problem);

// REQUIRES: out has kBinaryRecordSize bytes.
void EncodeBinaryRecord(const Event& event, char* out);

// Version 2: any kind; checks like ValidateExtendedEvent.
[[nodiscard]] bool DecodeBinaryRecord2(const char* record, size_t symbol_count, Event& event,
                                       Problem& problem);
// REQUIRES: out has kBinaryRecordSize2 bytes.
void EncodeBinaryRecord2(const Event& event, char* out);

// ValidateEvent for every kind: quotes may have one side absent (price 0) and, with
// kFlagQuoteInformational, still must not be crossed; L3 kinds need a side and a
// positive price; snapshot levels follow the level rules.
[[nodiscard]] bool ValidateExtendedEvent(const Event& event, Problem& problem);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_CODEC_H_
