// ConvertTickFile: rewrites a tick file in another native format, exactly.
//
// The whole input is validated first (OnBadTick::kFail: a conversion never drops a
// tick), then streamed to the writer, so memory stays bounded for any file size.
// Events keep their order and values; SymbolIds keep the reader's order (the binary
// header's, or a CSV's first-seen order), so CSV -> binary -> CSV reproduces the CSV
// byte for byte, and binary -> CSV -> binary does too whenever the binary file lists
// its symbols in first-seen order (every file //feed:record writes does).
//
// An importer format (feed/importers.h) converts to binary version 2 only, which
// keeps every Event field; its skipped records (stale diffs, halts) stay skipped, but
// a bad record still stops the conversion.
//
// Thread-safety: may run on any thread; touches only the two files.

#ifndef HFTBOT_FEED_TICK_CONVERT_H_
#define HFTBOT_FEED_TICK_CONVERT_H_

#include <cstdint>
#include <string>

#include "feed/tick_format.h"
#include "feed/tick_writer.h"

namespace hftbot::feed {

struct ConvertResult {
  uint64_t events = 0;
  uint64_t symbols = 0;
  uint64_t kind_counts[kEventKindCount] = {};  // by EventKind
  uint16_t binary_version = 0;                 // 1 or 2 for binary output, 0 for CSV
};

// Throws InputError for a bad input (naming file and line or byte) or a write error.
// `input_format` forces the input format (kAuto detects it).
ConvertResult ConvertTickFile(const std::string& in, TickFormat input_format,
                              const std::string& out, const WriteOptions& output);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_CONVERT_H_
