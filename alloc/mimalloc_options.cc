// mimalloc 2.0.9's options and version, shared by --//alloc=mimalloc and
// --//alloc=hybrid (where mimalloc serves the mimalloc-heap resources).

#include "alloc/mimalloc_options.h"

#include <mimalloc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace hftbot::alloc {
namespace {

struct OptionName {
  mi_option_t option;
  const char* name;         // MIMALLOC_<NAME> in the environment
  const char* legacy_name;  // older spelling mimalloc still reads, or nullptr
};

// mimalloc 2.0.9's options (src/options.c), in enum order. Options named
// deprecated_* are still parsed but no longer do anything.
constexpr OptionName kOptionNames[] = {
    {mi_option_show_errors, "show_errors", nullptr},
    {mi_option_show_stats, "show_stats", nullptr},
    {mi_option_verbose, "verbose", nullptr},
    {mi_option_eager_commit, "eager_commit", nullptr},
    {mi_option_deprecated_eager_region_commit, "deprecated_eager_region_commit", nullptr},
    {mi_option_deprecated_reset_decommits, "deprecated_reset_decommits", nullptr},
    {mi_option_large_os_pages, "large_os_pages", nullptr},
    {mi_option_reserve_huge_os_pages, "reserve_huge_os_pages", nullptr},
    {mi_option_reserve_huge_os_pages_at, "reserve_huge_os_pages_at", nullptr},
    {mi_option_reserve_os_memory, "reserve_os_memory", nullptr},
    {mi_option_deprecated_segment_cache, "deprecated_segment_cache", nullptr},
    {mi_option_page_reset, "page_reset", nullptr},
    {mi_option_abandoned_page_decommit, "abandoned_page_decommit", "abandoned_page_reset"},
    {mi_option_deprecated_segment_reset, "deprecated_segment_reset", nullptr},
    {mi_option_eager_commit_delay, "eager_commit_delay", nullptr},
    {mi_option_decommit_delay, "decommit_delay", "reset_delay"},
    {mi_option_use_numa_nodes, "use_numa_nodes", nullptr},
    {mi_option_limit_os_alloc, "limit_os_alloc", nullptr},
    {mi_option_os_tag, "os_tag", nullptr},
    {mi_option_max_errors, "max_errors", nullptr},
    {mi_option_max_warnings, "max_warnings", nullptr},
    {mi_option_max_segment_reclaim, "max_segment_reclaim", nullptr},
    {mi_option_allow_decommit, "allow_decommit", nullptr},
    {mi_option_segment_decommit_delay, "segment_decommit_delay", nullptr},
    {mi_option_decommit_extend_delay, "decommit_extend_delay", nullptr},
    {mi_option_destroy_on_exit, "destroy_on_exit", nullptr},
};
static_assert(sizeof(kOptionNames) / sizeof(kOptionNames[0]) == _mi_option_last,
              "kOptionNames must list every mi_option_t of the installed mimalloc");

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// mimalloc's own parsing (options.c, mi_option_init): boolean words, else a number,
// with a K/M/G suffix meaning KiB units for reserve_os_memory.
std::optional<long> ParseLikeMimalloc(const std::string& raw, mi_option_t option) {
  std::string v = Lower(raw);
  if (v == "1" || v == "true" || v == "yes" || v == "on") return 1;
  if (v == "0" || v == "false" || v == "no" || v == "off") return 0;
  char* end = nullptr;
  long value = std::strtol(v.c_str(), &end, 10);
  if (end == v.c_str()) return std::nullopt;
  std::string suffix(end);
  if (option == mi_option_reserve_os_memory) {
    if (suffix.empty()) return (value + 1023) / 1024;
    char unit = suffix[0];
    if (unit == 'k') return value;
    if (unit == 'm') return value * 1024;
    if (unit == 'g') return value * 1024 * 1024;
    return std::nullopt;
  }
  if (!suffix.empty()) return std::nullopt;
  return value;
}

void CheckEnvironmentOption(const Option& env, std::vector<std::string>& problems) {
  std::string name = Lower(env.key.substr(std::string("MIMALLOC_").size()));
  for (const OptionName& known : kOptionNames) {
    bool matches = name == known.name || (known.legacy_name != nullptr && name == known.legacy_name);
    if (!matches) continue;
    if (std::string(known.name).rfind("deprecated_", 0) == 0) {
      problems.push_back(env.key + " names a deprecated mimalloc option; it has no effect in 2.0.9");
      return;
    }
    auto wanted = ParseLikeMimalloc(env.value, known.option);
    if (!wanted) {
      problems.push_back(env.key + "=" + env.value + " is not a valid value; mimalloc kept its default");
      return;
    }
    long got = mi_option_get(known.option);
    if (got != *wanted) {
      problems.push_back(env.key + "=" + env.value + " but mimalloc runs with " + known.name + "=" +
                         std::to_string(got));
    }
    return;
  }
  problems.push_back(env.key + " is not an option of mimalloc 2.0.9; it was ignored");
}

}  // namespace

std::string MimallocVersion() {
  int v = mi_version();  // major*100 + minor*10 + patch, e.g. 209
  return std::to_string(v / 100) + "." + std::to_string(v / 10 % 10) + "." + std::to_string(v % 10);
}

std::vector<Option> MimallocEffectiveOptions() {
  std::vector<Option> effective;
  for (const OptionName& known : kOptionNames) {
    effective.push_back({known.name, std::to_string(mi_option_get(known.option))});
  }
  return effective;
}

void CheckMimallocEnvironment(const Option& env, std::vector<std::string>& problems) {
  CheckEnvironmentOption(env, problems);
}

}  // namespace hftbot::alloc
