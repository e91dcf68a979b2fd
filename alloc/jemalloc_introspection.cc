// jemalloc's introspection through mallctl, shared by --//alloc=jemalloc and
// --//alloc=hybrid (where jemalloc is the process malloc): statistics, options, and
// the arena that owns a pointer.

#include "alloc/jemalloc_introspection.h"

#include <jemalloc/jemalloc.h>

#include <sstream>

#include "alloc/process_probe.h"

namespace hftbot::alloc {
namespace {

template <typename T>
std::optional<T> Read(const char* name) {
  T value{};
  size_t size = sizeof(value);
  if (mallctl(name, &value, &size, nullptr, 0) != 0) return std::nullopt;
  return value;
}

std::optional<uint64_t> ReadSize(const char* name) {
  auto v = Read<size_t>(name);
  return v ? std::optional<uint64_t>(*v) : std::nullopt;
}

enum class Kind { kBool, kUnsigned, kSize, kSignedSize, kString };

struct OptionSpec {
  const char* key;
  Kind kind;
};

// The options the README's tuning section discusses, with their mallctl types.
constexpr OptionSpec kOptions[] = {
    {"narenas", Kind::kUnsigned},         {"tcache", Kind::kBool},
    {"tcache_max", Kind::kSize},          {"dirty_decay_ms", Kind::kSignedSize},
    {"muzzy_decay_ms", Kind::kSignedSize}, {"background_thread", Kind::kBool},
    {"percpu_arena", Kind::kString},      {"thp", Kind::kString},
    {"metadata_thp", Kind::kString},      {"oversize_threshold", Kind::kSize},
    {"retain", Kind::kBool},              {"lg_extent_max_active_fit", Kind::kSize},
    {"max_background_threads", Kind::kSize}, {"abort_conf", Kind::kBool},
    {"junk", Kind::kString},              {"zero", Kind::kBool},
    {"stats_print", Kind::kBool},         {"prof", Kind::kBool},
};

std::optional<std::string> ReadTyped(const std::string& key, Kind kind) {
  std::string name = "opt." + key;
  switch (kind) {
    case Kind::kBool: {
      auto v = Read<bool>(name.c_str());
      return v ? std::optional<std::string>(*v ? "true" : "false") : std::nullopt;
    }
    case Kind::kUnsigned: {
      auto v = Read<unsigned>(name.c_str());
      return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    }
    case Kind::kSize: {
      auto v = Read<size_t>(name.c_str());
      return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    }
    case Kind::kSignedSize: {
      auto v = Read<ssize_t>(name.c_str());
      return v ? std::optional<std::string>(std::to_string(*v)) : std::nullopt;
    }
    case Kind::kString: {
      auto v = Read<const char*>(name.c_str());
      return v && *v ? std::optional<std::string>(*v) : std::nullopt;
    }
  }
  return std::nullopt;
}

// nullopt for keys outside kOptions: their type is not known here.
std::optional<std::string> ReadKnownOption(const std::string& key) {
  for (const OptionSpec& spec : kOptions) {
    if (key == spec.key) return ReadTyped(key, spec.kind);
  }
  return std::nullopt;
}

// jemalloc answers mallctl("opt.<key>") for every option it knows, so a MALLOC_CONF
// key it does not answer for was not applied.
void CheckMallocConf(const std::string& conf, std::vector<std::string>& problems) {
  std::stringstream pairs(conf);
  std::string pair;
  while (std::getline(pairs, pair, ',')) {
    if (pair.empty()) continue;
    auto colon = pair.find(':');
    if (colon == std::string::npos) {
      problems.push_back("MALLOC_CONF entry '" + pair + "' is not key:value; jemalloc ignored it");
      continue;
    }
    std::string key = pair.substr(0, colon);
    std::string wanted = pair.substr(colon + 1);
    size_t size = 0;
    std::string name = "opt." + key;
    if (mallctl(name.c_str(), nullptr, &size, nullptr, 0) != 0) {
      problems.push_back("MALLOC_CONF key '" + key + "' is not a jemalloc 5.3 option; jemalloc ignored it");
      continue;
    }
    auto got = ReadKnownOption(key);
    if (got && *got != wanted) {
      bool bool_alias = (wanted == "1" && *got == "true") || (wanted == "0" && *got == "false");
      if (!bool_alias) {
        problems.push_back("MALLOC_CONF asked " + key + ":" + wanted + " but jemalloc runs with " +
                           key + ":" + *got + " (invalid, clamped or overridden)");
      }
    }
  }
}

}  // namespace

std::string JemallocVersion() {
  auto version = Read<const char*>("version");
  return version && *version ? *version : "unknown";
}

std::optional<unsigned> JemallocArenaOf(const void* p) {
  unsigned arena = 0;
  size_t size = sizeof(arena);
  if (mallctl("arenas.lookup", &arena, &size, &p, sizeof(p)) != 0) return std::nullopt;
  return arena;
}

bool JemallocProcessArena(unsigned arena) {
  // Automatic arenas are 0..opt.narenas-1; with oversize_threshold on, jemalloc reserves
  // the next index for its huge arena at start-up. arenas.create hands out the rest.
  static const unsigned process_arenas = [] {
    unsigned automatic = Read<unsigned>("opt.narenas").value_or(0);
    size_t oversize = Read<size_t>("opt.oversize_threshold").value_or(0);
    return automatic + (oversize != 0 ? 1u : 0u);
  }();
  return arena < process_arenas;
}

MemoryStats JemallocStats() {
  uint64_t epoch = 1;
  size_t size = sizeof(epoch);
  mallctl("epoch", &epoch, &size, &epoch, size);
  MemoryStats stats;
  stats.allocated = ReadSize("stats.allocated");
  stats.active = ReadSize("stats.active");
  stats.resident = ReadSize("stats.resident");
  stats.mapped = ReadSize("stats.mapped");
  stats.retained = ReadSize("stats.retained");
  stats.metadata = ReadSize("stats.metadata");
  CompleteStats(stats);
  return stats;
}

AllocatorOptions JemallocOptions(bool mimalloc_linked) {
  AllocatorOptions options;
  for (const OptionSpec& spec : kOptions) {
    auto value = ReadTyped(spec.key, spec.kind);
    options.effective.push_back({spec.key, value.value_or("<unavailable>")});
  }
  auto arenas = Read<unsigned>("arenas.narenas");
  if (arenas) options.effective.push_back({"arenas.narenas (in use)", std::to_string(*arenas)});
  options.environment = TuningEnvironment();
  for (const Option& env : options.environment) {
    if (env.key == "MALLOC_CONF") CheckMallocConf(env.value, options.problems);
    bool mimalloc_option = env.key.rfind("MIMALLOC_", 0) == 0;
    if ((mimalloc_option && !mimalloc_linked) || env.key.rfind("TCMALLOC_", 0) == 0) {
      options.problems.push_back(env.key + " is set but this binary runs jemalloc; it has no effect");
    }
  }
  return options;
}

}  // namespace hftbot::alloc
