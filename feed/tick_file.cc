#include "feed/tick_file.h"

#include <algorithm>
#include <stdexcept>

#include "feed/tick_reader.h"

namespace hftbot::feed {

namespace {

// Input read before a stream's growth trusts the projection: the first records (a
// header, an opening snapshot) say little about the rest.
constexpr uint64_t kProjectAfterBytes = uint64_t{1} << 20;

}  // namespace

size_t GrownStreamCapacity(size_t size, uint64_t input_offset, uint64_t input_expected_size) {
  const size_t doubled = std::max<size_t>(2 * size, 16);
  const uint64_t sample = std::min(input_expected_size / 64, kProjectAfterBytes);
  if (input_expected_size == 0 || input_offset == 0 || input_offset < sample ||
      input_offset >= input_expected_size) {
    return doubled;
  }
  // 10% and a few hundred events over the straight-line projection: an estimate a
  // little high costs untouched (never resident) capacity, one a little low a copy.
  const double projected = static_cast<double>(size) * static_cast<double>(input_expected_size) /
                               static_cast<double>(input_offset) * 1.1 +
                           256;
  // A low projection (a symbol that trades more later, or an estimate a little short
  // near the end) still grows by a quarter, so the stream is not copied over and over.
  return std::max(static_cast<size_t>(projected), size + size / 4 + 16);
}

uint64_t LoadedTicks::loaded() const {
  uint64_t total = 0;
  for (const SymbolStream& stream : symbols) total += stream.events.size();
  return total;
}

uint64_t LoadedTicks::rejected_total() const {
  uint64_t total = 0;
  for (const auto& [reason, count] : rejected) total += count;
  return total;
}

LoadedTicks LoadTickFile(const std::string& path, const LoadOptions& options) {
  TickReader reader(path, options);
  LoadedTicks ticks;
  ticks.path = path;
  ticks.format = reader.format();
  ticks.compressed = reader.compressed();

  const auto sync_symbols = [&] {
    const auto& names = reader.symbols().names();
    while (ticks.symbols.size() < names.size()) {
      ticks.symbols.push_back(SymbolStream{names[ticks.symbols.size()], {}, {}});
    }
  };
  sync_symbols();
  Event event;
  while (reader.Next(event)) {
    if (event.symbol >= ticks.symbols.size()) sync_symbols();
    SymbolStream& stream = ticks.symbols[event.symbol];
    if (stream.events.size() == stream.events.capacity()) {
      // Grown to where the input's size projects it, not by doubling: each doubling
      // copies the stream and faults in fresh pages, a tenth of loading a capture.
      const size_t capacity =
          GrownStreamCapacity(stream.events.size(), reader.input_offset(), reader.input_expected_size());
      stream.events.reserve(capacity);
      stream.file_positions.reserve(capacity);
    }
    stream.events.push_back(event);
    stream.file_positions.push_back(reader.position());
  }
  sync_symbols();
  ticks.read = reader.read();
  ticks.rejected = reader.rejected();
  ticks.notes = reader.notes();
  ticks.records_in_source = reader.source_records();
  if (ticks.read != ticks.loaded() + ticks.rejected_total()) {
    throw std::logic_error("tick loader lost records: read != loaded + rejected");
  }
  return ticks;
}

}  // namespace hftbot::feed
