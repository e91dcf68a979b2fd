// TickWriter: writes events to a tick file in either native format, optionally gzipped.
//
// Used by the record tool (generator and converter) and by tests to build fixtures.
// It writes what it is given without validating it, so a test can write a crossed
// quote on purpose; TickReader is where ticks are judged. Output is deterministic:
// the same events give the same bytes (gzip headers carry no timestamp).
//
// Thread-safety: not thread-safe; one writer per thread.

#ifndef HFTBOT_FEED_TICK_WRITER_H_
#define HFTBOT_FEED_TICK_WRITER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "feed/event.h"
#include "feed/tick_format.h"

namespace hftbot::feed {

struct WriteOptions {
  TickFormat format = TickFormat::kBinary;  // kCsv or kBinary (kAuto is refused)
  bool gzip = false;                        // compress with zlib's gzip framing
  int gzip_level = 9;                       // 1 (fast) .. 9 (small); default small
  // Binary only: 1 (48-byte records: quote, trade, level) or 2 (64-byte records: every
  // Event field and kind). Default 1.
  uint16_t binary_version = 1;
};

class TickWriter {
 public:
  // Creates (truncates) `path` and writes the header. `symbols[id]` names SymbolId id;
  // the binary header lists them in this order. Throws InputError when the file cannot
  // be created, and std::invalid_argument for kAuto or an invalid symbol name.
  TickWriter(std::string path, std::vector<std::string> symbols, const WriteOptions& options);

  // Closes the file if Close() was not called; errors are then lost.
  ~TickWriter();
  TickWriter(const TickWriter&) = delete;
  TickWriter& operator=(const TickWriter&) = delete;

  // REQUIRES: event.symbol < symbols.size(); event.kind is quote, trade or level
  // unless writing binary version 2.
  // Throws InputError on a write error, std::invalid_argument on a broken REQUIRES.
  void Write(const Event& event);

  // Flushes and closes; throws InputError when the data did not reach the file.
  void Close();

  uint64_t written() const { return written_; }

 private:
  class Sink;

  void Flush();

  std::string path_;
  std::vector<std::string> symbols_;
  TickFormat format_;
  uint16_t binary_version_ = 1;
  std::unique_ptr<Sink> sink_;
  std::string buffer_;
  uint64_t written_ = 0;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_WRITER_H_
