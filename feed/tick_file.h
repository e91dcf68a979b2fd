// LoadTickFile: reads a whole tick file into per-symbol event streams.
//
// This is the replay's start-up step (it runs before the clock starts): it streams
// the file through TickReader and splits events by symbol, remembering where each
// event sat in the file so a caller can merge the streams back into file order.
// Conservation holds on return: read == sum of events + sum of rejected. The independent
// count, records_in_source, is the caller's to check with CheckSourceRecords.
//
// Thread-safety: LoadTickFile may run on any thread; LoadedTicks is a plain value.

#ifndef HFTBOT_FEED_TICK_FILE_H_
#define HFTBOT_FEED_TICK_FILE_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "feed/event.h"
#include "feed/source_records.h"
#include "feed/tick_format.h"

namespace hftbot::feed {

struct SymbolStream {
  std::string name;
  std::vector<Event> events;             // in file order; ts_ns non-decreasing
  std::vector<uint64_t> file_positions;  // [i] = 0-based index of events[i] among all
                                         // records in the file (good and bad)
};

struct LoadedTicks {
  std::string path;
  TickFormat format = TickFormat::kAuto;     // the detected or forced format
  bool compressed = false;                   // the file was gzip
  std::vector<SymbolStream> symbols;         // index == SymbolId
  uint64_t read = 0;                         // records in the file, good and bad
  // Source records (lines, binary slots) counted by the byte layer, with their outcomes;
  // feed::CheckSourceRecords(records_in_source) is empty when every one is accounted for.
  SourceRecords records_in_source;
  std::map<std::string, uint64_t> rejected;  // reason key -> count (kSkip, and importer skips)
  std::map<std::string, uint64_t> notes;     // importer figures that are not records

  uint64_t loaded() const;  // sum of events over symbols
  uint64_t rejected_total() const;
};

// Throws InputError (see TickReader for every case).
LoadedTicks LoadTickFile(const std::string& path, const LoadOptions& options);

// The capacity LoadTickFile gives a full stream of `size` events once `input_offset`
// of `input_expected_size` input bytes are read (TickReader::input_offset and
// input_expected_size): the stream's size projected to the whole input and 10% over,
// or double when the input's size is unknown or too little of it was read to project.
// Never less than size + size / 4.
size_t GrownStreamCapacity(size_t size, uint64_t input_offset, uint64_t input_expected_size);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_FILE_H_
