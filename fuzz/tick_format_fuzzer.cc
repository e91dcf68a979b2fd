// Fuzzes one tick file format through the reader every replay uses (LoadTickFile over
// TickReader and, for real-data formats, its Importer), built once per format by
// hft_tick_format_fuzzer with HFTBOT_FUZZ_FORMAT set to the format's
// feed::ParseFormatName spelling.
//
// Properties checked on every input, beyond "no crash, no sanitizer report":
//  - the load either throws InputError or accounts for every source record: each line
//    or binary slot the byte layer handed out has an outcome (CheckSourceRecords), and
//    for plain input their number is the one the bytes themselves give;
//  - every loaded event validates (ValidateEvent for native CSV, ValidateExtendedEvent
//    otherwise), names a valid symbol, and each symbol's stream is in time order with
//    file positions strictly increasing;
//  - skip and fail modes agree: a file with nothing rejected loads in fail mode, and
//    when fail mode loads, it loads the same records; for the native formats, which
//    skip nothing by design, fail mode refuses exactly what skip mode rejected;
//  - native formats round-trip: every loaded event re-encodes and decodes to itself
//    (CSV through its line codec, binary through version 2, which keeps every field).

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

#include "feed/byte_source.h"
#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/source_records.h"
#include "feed/symbol_table.h"
#include "feed/tick_codec.h"
#include "feed/tick_file.h"
#include "feed/tick_format.h"
#include "fuzz/input_file.h"

#ifndef HFTBOT_FUZZ_FORMAT
#error "build with HFTBOT_FUZZ_FORMAT=\"<format name>\" (see fuzz/defs.bzl)"
#endif

namespace hftbot::feed {
namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

TickFormat Format() {
  static const std::optional<TickFormat> format = ParseFormatName(HFTBOT_FUZZ_FORMAT);
  Check(format.has_value(), "HFTBOT_FUZZ_FORMAT is not a format name");
  return *format;
}

LoadOptions Options(OnBadTick on_bad_tick) {
  LoadOptions options;  // every other field keeps its default
  options.format = Format();
  options.on_bad_tick = on_bad_tick;
  options.symbol = "FUZZ";               // formats whose records name no symbol
  options.use_reference_book = false;    // LOBSTER: no orderbook file beside the input
  return options;
}

// Source records of plain input counted from its bytes: binary record slots after the
// header (rounded up: a truncated record is one), else lines including a last one
// without '\n'.
uint64_t RecordsInBytes(const uint8_t* data, size_t size, TickFormat format) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (format == TickFormat::kBinary) {  // the reader accepted its header
    const BinaryHeader header = DecodeBinaryFixedHeader(bytes);
    const uint64_t record =
        header.version == kBinaryVersion2 ? kBinaryRecordSize2 : kBinaryRecordSize;
    return (size - header.header_size + record - 1) / record;
  }
  uint64_t lines = 0;
  for (const char c : bytes) lines += c == '\n';
  return lines + (!bytes.empty() && bytes.back() != '\n');
}

bool SameEvent(const Event& a, const Event& b) { return std::memcmp(&a, &b, sizeof(Event)) == 0; }

void CheckRoundTrip(const Event& event, const std::string& name, TickFormat format) {
  Event back;
  Problem problem;
  if (format == TickFormat::kCsv) {
    char line[kMaxCsvLine];
    const char* end = FormatCsvLine(event, name, line);
    Check(end > line && end[-1] == '\n' && static_cast<size_t>(end - line) <= kMaxCsvLine,
          "FormatCsvLine wrote a line within kMaxCsvLine");
    SymbolTable symbols;
    Check(ParseCsvLine(std::string_view(line, static_cast<size_t>(end - line) - 1), symbols, back,
                       problem),
          "a loaded CSV event re-parses");
    back.symbol = event.symbol;  // a fresh table numbers the symbol 0
  } else if (format == TickFormat::kBinary) {
    char record[kBinaryRecordSize2];
    EncodeBinaryRecord2(event, record);
    Check(DecodeBinaryRecord2(record, event.symbol + size_t{1}, back, problem),
          "a loaded binary event decodes as a version 2 record");
  } else {
    return;  // importers are read-only formats
  }
  Check(SameEvent(event, back), "a loaded event round-trips through its format");
}

}  // namespace
}  // namespace hftbot::feed

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace hftbot::feed;
  using hftbot::feed::Check;
  static hftbot::fuzz::InputFile file;
  const std::string& path = file.Write(data, size);

  LoadedTicks skip;
  try {
    skip = LoadTickFile(path, Options(OnBadTick::kSkip));
  } catch (const InputError&) {
    // Refused as a whole (header, magic, gzip): fail mode must refuse it too.
    try {
      (void)LoadTickFile(path, Options(OnBadTick::kFail));
    } catch (const InputError&) {
      return 0;
    }
    Check(false, "fail mode loaded a file skip mode refused");
  }
  // LoadTickFile itself guarantees read == loaded + rejected; these counts come from
  // the bytes instead.
  Check(CheckSourceRecords(skip.records_in_source).empty(), "every source record has an outcome");
  if (!HasGzipMagic(std::string_view(reinterpret_cast<const char*>(data), size))) {
    Check(skip.records_in_source.in_source == RecordsInBytes(data, size, skip.format),
          "source records as the plain bytes cut them");
  }
  for (const SymbolStream& stream : skip.symbols) {
    Check(stream.events.size() == stream.file_positions.size(), "one file position per event");
    if (!stream.events.empty()) Check(IsValidSymbolName(stream.name), "valid symbol names");
    for (size_t i = 0; i < stream.events.size(); ++i) {
      const Event& event = stream.events[i];
      Problem problem;
      Check(skip.format == TickFormat::kCsv ? ValidateEvent(event, problem)
                                            : ValidateExtendedEvent(event, problem),
            "every loaded event validates");
      Check(stream.file_positions[i] < skip.read, "file positions lie inside the file");
      if (i > 0) {
        Check(event.ts_ns >= stream.events[i - 1].ts_ns, "time order per symbol");
        Check(stream.file_positions[i] > stream.file_positions[i - 1], "file order per symbol");
      }
      CheckRoundTrip(event, stream.name, skip.format);
    }
  }

  bool refused = false;
  LoadedTicks fail;
  try {
    fail = LoadTickFile(path, Options(OnBadTick::kFail));
  } catch (const InputError&) {
    refused = true;
  }
  const bool native = skip.format == TickFormat::kCsv || skip.format == TickFormat::kBinary;
  if (skip.rejected_total() == 0) Check(!refused, "fail mode loads a file with nothing rejected");
  if (native) Check(refused == (skip.rejected_total() > 0), "fail mode refuses what skip rejects");
  if (!refused) {
    Check(fail.read == skip.read && fail.rejected == skip.rejected &&
              fail.symbols.size() == skip.symbols.size(),
          "fail and skip modes load the same file alike");
    for (size_t s = 0; s < skip.symbols.size(); ++s) {
      const auto& a = skip.symbols[s].events;
      const auto& b = fail.symbols[s].events;
      Check(a.size() == b.size(), "same events per symbol in both modes");
      for (size_t i = 0; i < a.size(); ++i) Check(SameEvent(a[i], b[i]), "same events in both modes");
    }
  }
  return 0;
}
