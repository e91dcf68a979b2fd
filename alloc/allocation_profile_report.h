// The per-component allocation profile made readable: a table, JSON, folded stacks,
// a flame graph, and suggestions derived from the numbers, each with its evidence.
//
// `events` is the number of events the profiled run processed (0 if unknown): it
// turns counts into allocations per event for the table and the suggestions.
//
// Thread safety: pure functions, except WriteAllocationProfile (files, addr2line).

#ifndef HFTBOT_ALLOC_ALLOCATION_PROFILE_REPORT_H_
#define HFTBOT_ALLOC_ALLOCATION_PROFILE_REPORT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "alloc/allocation_profile.h"
#include "alloc/flame_graph.h"
#include "nlohmann/json.hpp"

namespace hftbot::alloc {

struct Suggestion {
  Component component = Component::kCold;
  std::string advice;    // what to do, e.g. "a pool or a pmr pool resource ([alloc.components] book = \"pool\")"
  std::string evidence;  // the numbers it follows from
};

std::vector<Suggestion> SuggestFromProfile(const AllocationProfile& profile, uint64_t events);

// Fixed-width text: one row per component that allocated, then the suggestions.
std::string FormatProfileTable(const AllocationProfile& profile, uint64_t events);

nlohmann::json ProfileToJson(const AllocationProfile& profile, uint64_t events);

// Stacks per component, root first ("book;main;...;operator new"), frames named by
// `names` (address -> name; missing addresses print as hex).
std::vector<FoldedStack> FoldStacks(const AllocationProfile& profile,
                                    const std::map<uintptr_t, std::string>& names);

// Writes profile.txt, profile.json, stacks.folded and flame.svg into `directory`
// (created if missing), symbolizing the sampled stacks. Returns the paths written.
// Throws std::runtime_error naming the file that could not be written.
std::vector<std::string> WriteAllocationProfile(const AllocationProfile& profile, uint64_t events,
                                                const std::string& directory);

// "48 B", "3.0 ms": the units the table and suggestions use.
std::string FormatBytes(uint64_t bytes);
std::string FormatNs(uint64_t ns);

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ALLOCATION_PROFILE_REPORT_H_
