#include "lab/tuning_grid.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "base/toml.h"

namespace hftbot::lab {
namespace {

constexpr const char* kTuningPrefixes[] = {"MALLOC_CONF", "MIMALLOC_", "TCMALLOC_", "GLIBC_TUNABLES", "MALLOC_ARENA_MAX"};
constexpr const char* kAllocators[] = {"system", "jemalloc", "mimalloc", "tcmalloc", "hybrid"};

}  // namespace

bool IsTuningVariable(const std::string& name) {
  for (const char* prefix : kTuningPrefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

std::optional<TuningGrid> LoadGrid(const std::string& path, std::string* error) {
  auto fail = [&](const std::string& where, const std::string& reason) {
    *error = where + ": " + reason;
    return std::nullopt;
  };
  toml::table grid;
  try {
    grid = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    return fail(path + ":" + std::to_string(e.source().begin.line), std::string(e.description()));
  }
  for (const auto& [key, node] : grid) {
    if (key != "allocator" && key != "entry") return fail(path + ": " + std::string(key.str()), "unknown key");
  }
  TuningGrid out;
  out.allocator = grid["allocator"].value_or(std::string());
  if (std::find(std::begin(kAllocators), std::end(kAllocators), out.allocator) == std::end(kAllocators)) {
    return fail(path + ": allocator", out.allocator.empty() ? "missing (system, jemalloc, mimalloc, tcmalloc or hybrid)"
                                                            : "'" + out.allocator + "' is not system, jemalloc, mimalloc, tcmalloc or hybrid");
  }
  const toml::array* entries = grid["entry"].as_array();
  if (entries == nullptr || entries->empty()) return fail(path + ": entry", "no [[entry]] tables");
  bool has_baseline = false;
  for (size_t i = 0; i < entries->size(); ++i) {
    const std::string where = fmt::format("{}: entry[{}]", path, i);
    const toml::table* table = entries->at(i).as_table();
    if (table == nullptr) return fail(where, "expected a table");
    GridEntry entry;
    for (const auto& [key, node] : *table) {
      const std::string k(key.str());
      if (k == "name") {
        entry.name = node.value_or(std::string());
      } else if (k == "env") {
        const toml::table* env = node.as_table();
        if (env == nullptr) return fail(where + ".env", "expected a table of VARIABLE = \"value\"");
        for (const auto& [var, value] : *env) {
          const std::string name(var.str());
          if (!IsTuningVariable(name)) return fail(where + ".env." + name, "not an allocator tuning variable");
          std::optional<std::string> text = value.value<std::string>();
          if (!text) return fail(where + ".env." + name, "expected a string");
          entry.env.emplace_back(name, *text);
        }
      } else {
        return fail(where + "." + k, "unknown key (name, env)");
      }
    }
    if (entry.name.empty()) return fail(where + ".name", "missing");
    for (const GridEntry& other : out.entries) {
      if (other.name == entry.name) return fail(where + ".name", "'" + entry.name + "' is used twice");
    }
    has_baseline |= entry.env.empty();
    out.entries.push_back(entry);
  }
  if (!has_baseline) out.entries.insert(out.entries.begin(), GridEntry{"default", {}});
  std::stable_partition(out.entries.begin(), out.entries.end(), [](const GridEntry& e) { return e.env.empty(); });
  return out;
}

std::string ExportLine(const GridEntry& entry) {
  if (entry.env.empty()) return "(no variables: the allocator's defaults)";
  std::string line = "export";
  for (const auto& [name, value] : entry.env) line += " " + name + "='" + value + "'";
  return line;
}

std::string EntryId(const GridEntry& entry, size_t index) {
  std::string id = "e" + std::to_string(index) + "-";
  for (char c : entry.name) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return id;
}

}  // namespace hftbot::lab
