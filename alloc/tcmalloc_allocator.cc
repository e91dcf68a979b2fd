// //alloc:allocator for --//alloc=tcmalloc (gperftools 2.10, libtcmalloc).
// Statistics and options come from MallocExtension's numeric properties.

#include <gperftools/malloc_extension.h>
#include <gperftools/tcmalloc.h>

#include <cmath>
#include <cstdlib>

#include "alloc/allocator.h"
#include "alloc/fresh_pointers.h"
#include "alloc/process_probe.h"

namespace hftbot::alloc {
namespace {

std::optional<uint64_t> Property(const char* name) {
  size_t value = 0;
  if (!MallocExtension::instance()->GetNumericProperty(name, &value)) return std::nullopt;
  return value;
}

// The TCMALLOC_* variables gperftools 2.10 reads (from its sources and documentation).
constexpr const char* kKnownVariables[] = {
    "TCMALLOC_SAMPLE_PARAMETER",         "TCMALLOC_RELEASE_RATE",
    "TCMALLOC_LARGE_ALLOC_REPORT_THRESHOLD", "TCMALLOC_MAX_TOTAL_THREAD_CACHE_BYTES",
    "TCMALLOC_AGGRESSIVE_DECOMMIT",      "TCMALLOC_HEAP_LIMIT_MB",
    "TCMALLOC_DISABLE_MEMORY_RELEASE",   "TCMALLOC_SKIP_SBRK",
    "TCMALLOC_SKIP_MMAP",                "TCMALLOC_TRANSFER_NUM_OBJ",
    "TCMALLOC_MEMFS_MALLOC_PATH",        "TCMALLOC_MEMFS_LIMIT_MB",
    "TCMALLOC_MEMFS_ABORT_ON_FAIL",      "TCMALLOC_MEMFS_IGNORE_MMAP_FAIL",
    "TCMALLOC_MEMFS_MAP_PRIVATE",        "TCMALLOC_MEMFS_DISABLE_FALLBACK",
    "TCMALLOC_DEVMEM_START",             "TCMALLOC_DEVMEM_LIMIT",
    "TCMALLOC_STACKTRACE_METHOD",        "TCMALLOC_STACKTRACE_METHOD_VERBOSE",
};

// Variables whose effect can be read back, and the property that shows it.
void CheckReadBack(const Option& env, std::vector<std::string>& problems) {
  char* end = nullptr;
  double wanted = std::strtod(env.value.c_str(), &end);
  bool numeric = end != env.value.c_str() && *end == '\0';
  auto mismatch = [&](const std::string& got) {
    problems.push_back(env.key + "=" + env.value + " but tcmalloc runs with " + got);
  };
  if (env.key == "TCMALLOC_RELEASE_RATE") {
    double got = MallocExtension::instance()->GetMemoryReleaseRate();
    if (!numeric || std::fabs(got - wanted) > 1e-9) mismatch("release rate " + std::to_string(got));
  } else if (env.key == "TCMALLOC_MAX_TOTAL_THREAD_CACHE_BYTES") {
    auto got = Property("tcmalloc.max_total_thread_cache_bytes");
    if (!numeric || !got || static_cast<double>(*got) != wanted) {
      mismatch("max_total_thread_cache_bytes " + (got ? std::to_string(*got) : "?"));
    }
  } else if (env.key == "TCMALLOC_AGGRESSIVE_DECOMMIT") {
    auto got = Property("tcmalloc.aggressive_memory_decommit");
    bool want_on = env.value == "1" || env.value == "true" || env.value == "t";
    if (!got || (*got != 0) != want_on) mismatch("aggressive_memory_decommit " + (got ? std::to_string(*got) : "?"));
  } else if (env.key == "TCMALLOC_HEAP_LIMIT_MB") {
    auto got = Property("tcmalloc.heap_limit_mb");
    if (!numeric || !got || static_cast<double>(*got) != wanted) {
      mismatch("heap_limit_mb " + (got ? std::to_string(*got) : "?"));
    }
  }
}

}  // namespace

AllocatorInfo Info() {
  int major = 0, minor = 0;
  const char* patch = nullptr;
  const char* version = tc_version(&major, &minor, &patch);
  return {"tcmalloc", version != nullptr ? version : "unknown"};
}

ActiveCheck CheckActive() {
  ActiveCheck check;
  bool ok = CheckSymbolProviders("libtcmalloc", check);
  FreshPointers fresh;
  auto* extension = MallocExtension::instance();
  bool malloc_owned = extension->GetOwnership(fresh.from_malloc()) == MallocExtension::kOwned;
  bool new_owned = extension->GetOwnership(fresh.from_new()) == MallocExtension::kOwned;
  check.evidence.push_back(std::string("MallocExtension::GetOwnership(fresh malloc block): ") +
                           (malloc_owned ? "owned" : "not owned"));
  check.evidence.push_back(std::string("MallocExtension::GetOwnership(fresh operator new block): ") +
                           (new_owned ? "owned" : "not owned"));
  check.active = ok && malloc_owned && new_owned;
  return check;
}

Ownership ProcessMallocOwns(const void* p) {
  switch (MallocExtension::instance()->GetOwnership(p)) {
    case MallocExtension::kOwned:
      return Ownership::kOwned;
    case MallocExtension::kNotOwned:
      return Ownership::kNotOwned;
    default:
      return Ownership::kUnknown;
  }
}

MemoryStats Stats() {
  MemoryStats stats;
  stats.allocated = Property("generic.current_allocated_bytes");
  auto heap = Property("generic.heap_size");
  auto free_bytes = Property("tcmalloc.pageheap_free_bytes");
  auto unmapped = Property("tcmalloc.pageheap_unmapped_bytes");
  stats.mapped = heap;
  stats.retained = unmapped;
  if (heap && unmapped) stats.resident = *heap - *unmapped;
  if (heap && unmapped && free_bytes) stats.active = *heap - *unmapped - *free_bytes;
  CompleteStats(stats);
  return stats;
}

AllocatorOptions Options() {
  AllocatorOptions options;
  options.effective.push_back(
      {"release_rate", std::to_string(MallocExtension::instance()->GetMemoryReleaseRate())});
  for (const char* property :
       {"tcmalloc.max_total_thread_cache_bytes", "tcmalloc.current_total_thread_cache_bytes",
        "tcmalloc.aggressive_memory_decommit", "tcmalloc.heap_limit_mb"}) {
    auto value = Property(property);
    options.effective.push_back({property, value ? std::to_string(*value) : "<unavailable>"});
  }
  options.environment = TuningEnvironment();
  for (const Option& env : options.environment) {
    if (env.key.rfind("TCMALLOC_", 0) == 0) {
      bool known = false;
      for (const char* name : kKnownVariables) known |= env.key == name;
      if (!known) {
        options.problems.push_back(env.key + " is not a variable gperftools 2.10 reads; it was ignored");
      } else {
        CheckReadBack(env, options.problems);
      }
    } else if (env.key == "MALLOC_CONF" || env.key.rfind("MIMALLOC_", 0) == 0) {
      options.problems.push_back(env.key + " is set but this binary runs tcmalloc; it has no effect");
    }
  }
  return options;
}

}  // namespace hftbot::alloc
