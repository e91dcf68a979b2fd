// //alloc:allocator for --//alloc=system: glibc's ptmalloc.
//
// glibc has no pointer-ownership query, so the proof is indirect but specific:
// malloc binds to libc, no other allocator library is mapped, and glibc's own
// accounting (mallinfo2) grows by a fresh block while it is held. Its tunables
// cannot be queried in-process either; ld.so --list-tunables, run with this
// process's environment, prints the values glibc parsed from it.

#include <gnu/libc-version.h>
#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <new>
#include <sstream>

#include "alloc/allocator.h"
#include "alloc/process_probe.h"

namespace hftbot::alloc {
namespace {

constexpr std::size_t kProbeBytes = 64 * 1024;  // below glibc's default mmap threshold

std::string DynamicLoaderPath() {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    auto slash = line.find('/');
    if (slash != std::string::npos && line.find("/ld-linux") != std::string::npos) {
      return line.substr(slash);
    }
  }
  return "";
}

// glibc.malloc.* name -> value as ld.so prints it (hex or decimal).
std::map<std::string, std::string> ListMallocTunables() {
  std::map<std::string, std::string> tunables;
  std::string loader = DynamicLoaderPath();
  if (loader.empty()) return tunables;
  std::string command = "'" + loader + "' --list-tunables 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return tunables;
  char buffer[512];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    std::string line(buffer);
    if (line.rfind("glibc.malloc.", 0) != 0) continue;
    auto colon = line.find(':');
    auto paren = line.find(" (");
    if (colon == std::string::npos || paren == std::string::npos || paren < colon) continue;
    tunables[line.substr(0, colon)] = line.substr(colon + 2, paren - colon - 2);
  }
  pclose(pipe);
  return tunables;
}

std::optional<unsigned long long> ParseNumber(const std::string& text) {
  char* end = nullptr;
  unsigned long long value = std::strtoull(text.c_str(), &end, 0);
  if (end == text.c_str() || *end != '\0') return std::nullopt;
  return value;
}

void CheckGlibcTunables(const std::string& setting, const std::map<std::string, std::string>& parsed,
                        std::vector<std::string>& problems) {
  std::stringstream entries(setting);
  std::string entry;
  while (std::getline(entries, entry, ':')) {
    auto eq = entry.find('=');
    if (eq == std::string::npos) {
      problems.push_back("GLIBC_TUNABLES entry '" + entry + "' is not name=value; glibc ignored it");
      continue;
    }
    std::string name = entry.substr(0, eq);
    std::string wanted = entry.substr(eq + 1);
    if (name.rfind("glibc.malloc.", 0) != 0) continue;  // not an allocator tunable
    auto found = parsed.find(name);
    if (found == parsed.end()) {
      problems.push_back("GLIBC_TUNABLES names '" + name + "', which glibc " +
                         std::string(gnu_get_libc_version()) + " does not have; it was ignored");
      continue;
    }
    auto want = ParseNumber(wanted);
    auto got = ParseNumber(found->second);
    if (!want || !got || *want != *got) {
      problems.push_back("GLIBC_TUNABLES asked " + name + "=" + wanted + " but glibc runs with " +
                         found->second + " (invalid or out of range)");
    }
  }
}

uint64_t InUseBytes() {
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
}

}  // namespace

AllocatorInfo Info() { return {"system", std::string("glibc ") + gnu_get_libc_version()}; }

ActiveCheck CheckActive() {
  ActiveCheck check;
  bool ok = CheckSymbolProviders("libc.so", check);
  auto grows_while_held = [](auto allocate, auto release) {
    uint64_t before = InUseBytes();
    void* volatile block = allocate();
    uint64_t during = InUseBytes();
    release(block);
    return during >= before + kProbeBytes;
  };
  bool malloc_counted = grows_while_held([] { return std::malloc(kProbeBytes); },
                                         [](void* p) { std::free(p); });
  bool new_counted = grows_while_held([] { return ::operator new(kProbeBytes); },
                                      [](void* p) { ::operator delete(p); });
  check.evidence.push_back(std::string("mallinfo2 counts a fresh malloc block: ") +
                           (malloc_counted ? "yes" : "no"));
  check.evidence.push_back(std::string("mallinfo2 counts a fresh operator new block: ") +
                           (new_counted ? "yes" : "no"));
  check.active = ok && malloc_counted && new_counted;
  return check;
}

// glibc has no ownership query: reading its chunk headers is only safe for its own blocks.
Ownership ProcessMallocOwns(const void*) { return Ownership::kUnknown; }

MemoryStats Stats() {
  struct mallinfo2 info = mallinfo2();
  MemoryStats stats;
  stats.allocated = info.uordblks + info.hblkhd;
  stats.mapped = info.arena + info.hblkhd;
  // glibc keeps freed memory inside its heaps unless trimmed, so what it maps is
  // what it holds; fordblks of that is free.
  stats.resident = info.arena + info.hblkhd;
  stats.active = info.arena + info.hblkhd - info.fordblks;
  CompleteStats(stats);
  return stats;
}

AllocatorOptions Options() {
  AllocatorOptions options;
  auto tunables = ListMallocTunables();
  for (const auto& [name, value] : tunables) options.effective.push_back({name, value});
  if (tunables.empty()) {
    options.problems.push_back("could not run ld.so --list-tunables; glibc tunables are unknown");
  }
  options.environment = TuningEnvironment();
  for (const Option& env : options.environment) {
    if (env.key == "GLIBC_TUNABLES") {
      CheckGlibcTunables(env.value, tunables, options.problems);
    } else if (env.key == "MALLOC_CONF" || env.key.rfind("MIMALLOC_", 0) == 0 ||
               env.key.rfind("TCMALLOC_", 0) == 0) {
      options.problems.push_back(env.key + " is set but this binary runs glibc malloc; it has no effect");
    }
  }
  return options;
}

}  // namespace hftbot::alloc
