// TickReader: streams the events of one tick file, validating each as it goes.
//
// The reader detects the format (binary magic, else the CSV header row, else one of
// the real-data importers of feed/importers.h; gzip by its magic, independent of the
// format), then hands out one valid Event per Next() call
// in file order. Memory stays bounded by one decompression chunk (gzip) or the OS's
// page cache (plain files are mmap'd), so it can replay files larger than memory; the
// loader in tick_file.h is a loop around it.
//
// Every record is counted in read(): it is either returned by Next() or, with
// OnBadTick::kSkip, counted in rejected() under its reason key. With kFail, the first
// bad record throws InputError whose where() is "<path>:<line>" (CSV, 1-based, the
// header is line 1) or "<path>@byte <offset>" (binary; the offset of the record's first
// byte in the uncompressed stream).
//
// Thread-safety: not thread-safe; use one reader per thread.

#ifndef HFTBOT_FEED_TICK_READER_H_
#define HFTBOT_FEED_TICK_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "feed/event.h"
#include "feed/source_records.h"
#include "feed/symbol_table.h"
#include "feed/tick_format.h"

namespace hftbot::feed {

class TickReader {
 public:
  // Opens `path` and reads its header. Throws InputError for a missing or empty file,
  // an unknown format, a wrong magic, version or CSV header, or corrupt gzip data.
  TickReader(std::string path, const LoadOptions& options);
  ~TickReader();
  TickReader(const TickReader&) = delete;
  TickReader& operator=(const TickReader&) = delete;

  // Stores the next valid event in `event` and returns true; returns false at the end
  // of the file. Throws InputError on a bad record with kFail (and on corrupt gzip
  // data in either mode).
  [[nodiscard]] bool Next(Event& event);

  const std::string& path() const;
  TickFormat format() const;  // the detected or forced format, never kAuto
  bool compressed() const;    // true when the file is gzip

  // Symbols seen so far (CSV: grows while reading; binary: the whole header table).
  const SymbolTable& symbols() const;

  uint64_t read() const;                                    // records consumed so far, good and bad
  uint64_t loaded() const;                                  // records returned by Next()
  const std::map<std::string, uint64_t>& rejected() const;  // reason key -> count
  // Importer figures that are not records (e.g. "depth_gaps", "snapshots",
  // "levels_from_beyond_depth"); empty for the native formats.
  const std::map<std::string, uint64_t>& notes() const;

  // Source records handed out so far and their outcomes (feed/source_records.h), counted
  // apart from read(); check them with CheckSourceRecords once Next() returned false.
  SourceRecords source_records() const;

  // Bytes of the input (after gunzip) consumed so far, and the input's size when known
  // before reading it, else 0 (ByteSource::expected_size: a hint, not a bound). Their
  // ratio is how far through the file the reader is.
  uint64_t input_offset() const;
  uint64_t input_expected_size() const;

  // 0-based index, among all records of the file, of the event Next() returned last.
  uint64_t position() const { return read() - 1; }

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_READER_H_
