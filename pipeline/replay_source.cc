#include "pipeline/replay_source.h"

#include <algorithm>
#include <limits>

namespace hftbot::pipeline {
namespace {

// Names of the symbols the reader has seen, appended to `ticks` in id order.
void SyncSymbols(const feed::TickReader& reader, feed::LoadedTicks& ticks) {
  const auto& names = reader.symbols().names();
  while (ticks.symbols.size() < names.size()) {
    ticks.symbols.push_back(feed::SymbolStream{std::string(names[ticks.symbols.size()]), {}, {}});
  }
}

}  // namespace

PreparedTicks PrepareTicks(const std::string& path, const feed::LoadOptions& options, uint64_t budget_bytes,
                           const std::atomic<bool>& stop) {
  constexpr uint64_t kStopCheckEvery = 4096;
  PreparedTicks prepared;
  prepared.budget_bytes = budget_bytes;
  feed::TickReader reader(path, options);
  feed::LoadedTicks& ticks = prepared.ticks;
  ticks.path = path;
  ticks.format = reader.format();
  ticks.compressed = reader.compressed();
  SyncSymbols(reader, ticks);

  bool in_memory = true;
  uint64_t events = 0;
  std::vector<uint64_t> counts;
  int64_t first_ts = std::numeric_limits<int64_t>::max();
  feed::Event event;
  while (reader.Next(event)) {
    if (++events % kStopCheckEvery == 0 && stop.load(std::memory_order_relaxed)) throw LoadStopped(path, reader.read());
    if (counts.size() <= event.symbol) counts.resize(event.symbol + 1, 0);
    ++counts[event.symbol];
    first_ts = std::min(first_ts, event.ts_ns);
    if (!in_memory) continue;
    if (event.symbol >= ticks.symbols.size()) SyncSymbols(reader, ticks);
    feed::SymbolStream& stream = ticks.symbols[event.symbol];
    stream.events.push_back(event);
    stream.file_positions.push_back(reader.position());
    if (events * kBytesPerLoadedEvent > budget_bytes) {
      // Over budget: let go of what was read; the replay reads the file again.
      in_memory = false;
      for (feed::SymbolStream& symbol : ticks.symbols) {
        std::vector<feed::Event>().swap(symbol.events);
        std::vector<uint64_t>().swap(symbol.file_positions);
      }
    }
  }
  if (stop.load(std::memory_order_relaxed)) throw LoadStopped(path, reader.read());
  SyncSymbols(reader, ticks);
  ticks.read = reader.read();
  ticks.rejected = reader.rejected();
  ticks.notes = reader.notes();
  ticks.records_in_source = reader.source_records();
  prepared.in_memory_bytes = events * kBytesPerLoadedEvent;
  if (in_memory) return prepared;

  counts.resize(ticks.symbols.size(), 0);
  prepared.stream.path = path;
  prepared.stream.options = options;
  prepared.stream.events_per_symbol = counts;
  prepared.stream.first_ts_ns = first_ts;
  // Half the budget for staging (the rest covers queues, books and the allocator's own
  // overhead), split over the symbols; each staged event takes 128 bytes.
  uint64_t per_symbol = budget_bytes / 2 / std::max<uint64_t>(ticks.symbols.size(), 1) / 128;
  prepared.stream.staging_capacity = static_cast<size_t>(std::max<uint64_t>(per_symbol, 1024));
  return prepared;
}

}  // namespace hftbot::pipeline
