#include "feed/tick_file.h"

#include <stdexcept>

#include "feed/tick_reader.h"

namespace hftbot::feed {

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
