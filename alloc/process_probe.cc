#include "alloc/process_probe.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "base/process_memory.h"

extern char** environ;

namespace hftbot::alloc {
namespace {

constexpr const char* kAllocatorLibraryStems[] = {"libjemalloc", "libmimalloc", "libtcmalloc"};

std::string Basename(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string ObjectContaining(const void* address) {
  Dl_info info{};
  if (address == nullptr || dladdr(address, &info) == 0 || info.dli_fname == nullptr) return "";
  return info.dli_fname;
}

std::string ProviderOf(const char* symbol) {
  return ObjectContaining(dlsym(RTLD_DEFAULT, symbol));
}

std::vector<std::string> LoadedAllocatorLibraries() {
  std::set<std::string> found;
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line)) {
    auto slash = line.find('/');
    if (slash == std::string::npos) continue;
    std::string path = line.substr(slash);
    std::string base = Basename(path);
    for (const char* stem : kAllocatorLibraryStems) {
      if (base.rfind(stem, 0) == 0) found.insert(path);
    }
  }
  return {found.begin(), found.end()};
}

bool CheckSymbolProviders(const std::string& library_stem, ActiveCheck& check) {
  bool ok = true;
  std::string malloc_provider = ProviderOf("malloc");
  bool malloc_ok = Basename(malloc_provider).rfind(library_stem, 0) == 0;
  check.evidence.push_back("malloc resolves to " +
                           (malloc_provider.empty() ? "<nothing>" : malloc_provider) +
                           (malloc_ok ? "" : " (expected " + library_stem + ")"));
  ok &= malloc_ok;
  // operator new(size_t) may come from the allocator or from libstdc++ (which then
  // calls malloc); either way the ownership test below is the proof. Shown for context.
  check.evidence.push_back("operator new resolves to " + ProviderOf("_Znwm"));
  for (const std::string& library : LoadedAllocatorLibraries()) {
    if (Basename(library).rfind(library_stem, 0) != 0) {
      check.evidence.push_back("another allocator library is loaded: " + library);
      ok = false;
    }
  }
  return ok;
}

std::vector<Option> TuningEnvironment() {
  std::vector<Option> out;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    std::string kv = *entry;
    auto eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string key = kv.substr(0, eq);
    bool tuning = key == "MALLOC_CONF" || key == "GLIBC_TUNABLES" || key == "MALLOC_ARENA_MAX" ||
                  key.rfind("MIMALLOC_", 0) == 0 || key.rfind("TCMALLOC_", 0) == 0 ||
                  key.rfind("MALLOC_", 0) == 0;
    if (tuning) out.push_back({key, kv.substr(eq + 1)});
  }
  return out;
}

void CompleteStats(MemoryStats& stats) {
  stats.process_rss = hftbot::ProcessRssBytes();
  stats.process_peak_rss = hftbot::ProcessPeakRssBytes();
  if (stats.allocated && stats.resident && *stats.resident > 0) {
    double resident = static_cast<double>(*stats.resident);
    double allocated = static_cast<double>(*stats.allocated);
    stats.fragmentation_pct = allocated >= resident ? 0.0 : (resident - allocated) / resident * 100.0;
  }
}

}  // namespace hftbot::alloc
