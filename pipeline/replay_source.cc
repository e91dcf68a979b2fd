#include "pipeline/replay_source.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>

#include "feed/tick_reader.h"

namespace hftbot::pipeline {
namespace {

bool IsGzip(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[2] = {0, 0};
  in.read(reinterpret_cast<char*>(magic), 2);
  return in.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// The most events a file of this size can hold in memory, pessimistically: a native
// binary record is 48 bytes, a CSV line at least ~20, and gzip rarely beats 10:1.
uint64_t WorstCaseInMemoryBytes(const std::string& path) {
  std::error_code error;
  uint64_t size = std::filesystem::file_size(path, error);
  if (error) return 0;  // the loader reports the real problem
  uint64_t expansion = IsGzip(path) ? 40 : 4;
  return size * expansion;
}

}  // namespace

PreparedTicks PrepareTicks(const std::string& path, const feed::LoadOptions& options, uint64_t budget_bytes) {
  PreparedTicks prepared;
  prepared.budget_bytes = budget_bytes;
  if (WorstCaseInMemoryBytes(path) <= budget_bytes) {
    prepared.ticks = feed::LoadTickFile(path, options);
    prepared.in_memory_bytes = prepared.ticks.loaded() * kBytesPerLoadedEvent;
    return prepared;
  }
  // First pass: validate everything, count per symbol, keep no events.
  feed::TickReader reader(path, options);
  feed::Event event;
  std::vector<uint64_t> counts;
  int64_t first_ts = std::numeric_limits<int64_t>::max();
  while (reader.Next(event)) {
    if (counts.size() <= event.symbol) counts.resize(event.symbol + 1, 0);
    ++counts[event.symbol];
    first_ts = std::min(first_ts, event.ts_ns);
  }
  uint64_t loaded = reader.loaded();
  prepared.in_memory_bytes = loaded * kBytesPerLoadedEvent;
  if (prepared.in_memory_bytes <= budget_bytes) {
    prepared.ticks = feed::LoadTickFile(path, options);
    return prepared;
  }
  feed::LoadedTicks& ticks = prepared.ticks;
  ticks.path = path;
  ticks.format = reader.format();
  ticks.compressed = reader.compressed();
  ticks.read = reader.read();
  ticks.rejected = reader.rejected();
  ticks.notes = reader.notes();
  const auto& names = reader.symbols().names();
  ticks.symbols.resize(names.size());
  counts.resize(names.size(), 0);
  for (size_t s = 0; s < names.size(); ++s) ticks.symbols[s].name = std::string(names[s]);
  prepared.stream.path = path;
  prepared.stream.options = options;
  prepared.stream.events_per_symbol = counts;
  prepared.stream.first_ts_ns = first_ts;
  // Half the budget for staging (the rest covers queues, books and the allocator's own
  // overhead), split over the symbols; each staged event takes 128 bytes.
  uint64_t per_symbol = budget_bytes / 2 / std::max<uint64_t>(names.size(), 1) / 128;
  prepared.stream.staging_capacity = static_cast<size_t>(std::max<uint64_t>(per_symbol, 1024));
  return prepared;
}

}  // namespace hftbot::pipeline
