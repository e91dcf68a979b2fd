// A tuning grid (config/tuning/<allocator>.toml): the allocator it is for and one
// [[entry]] per environment to try (MALLOC_CONF, MIMALLOC_*, TCMALLOC_*,
// GLIBC_TUNABLES, MALLOC_ARENA_MAX). The entry without variables is the baseline
// (added as "default" when the grid has none) and comes first.
//
// Thread safety: pure functions (LoadGrid reads a file).

#ifndef HFTBOT_LAB_TUNING_GRID_H_
#define HFTBOT_LAB_TUNING_GRID_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hftbot::lab {

struct GridEntry {
  std::string name;
  std::vector<std::pair<std::string, std::string>> env;  // (variable, value)
};

struct TuningGrid {
  std::string allocator;           // system, jemalloc, mimalloc or tcmalloc
  std::vector<GridEntry> entries;  // the baseline first
};

// Nothing, with `error` naming the file, line or key and what is wrong, when the grid
// is not valid.
std::optional<TuningGrid> LoadGrid(const std::string& path, std::string* error);

// An allocator tuning variable: one the tune tool may set, and clears from the user's
// own environment so it cannot leak into every entry.
bool IsTuningVariable(const std::string& name);

// "export MALLOC_CONF='narenas:1'", or a note for the baseline.
std::string ExportLine(const GridEntry& entry);

// A folder-safe id for the entry at `index`: "e3-narenas-1".
std::string EntryId(const GridEntry& entry, size_t index);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_TUNING_GRID_H_
