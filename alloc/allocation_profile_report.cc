#include "alloc/allocation_profile_report.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "alloc/stack_symbolizer.h"

namespace hftbot::alloc {
namespace {

// value with `decimals` decimals and a suffix.
std::string Fixed(double value, int decimals, const char* suffix = "") {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f%s", decimals, value, suffix);
  return buffer;
}

std::string Count(uint64_t n) {
  if (n >= 1'000'000) return Fixed(static_cast<double>(n) / 1e6, 1, " M");
  if (n >= 10'000) return Fixed(static_cast<double>(n) / 1e3, 1, " k");
  return std::to_string(n);
}

std::string Percent(uint64_t part, uint64_t whole) {
  return whole == 0 ? "-" : Fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, "%");
}

bool IsHot(Component c) { return c != Component::kCold && c != Component::kReports; }

int DominantSizeClass(const ComponentProfile& c) {
  return static_cast<int>(std::max_element(c.size_classes.begin(), c.size_classes.end()) - c.size_classes.begin());
}

uint64_t SizeClassTotal(const ComponentProfile& c) {
  uint64_t total = 0;
  for (uint64_t n : c.size_classes) total += n;
  return total;
}

// Only what the profile really saw: thresholds below are where advice starts to pay.
constexpr uint64_t kMinAllocations = 1000;

// The setting that gives `component` the resource `spec`, or `otherwise` for a component
// that allocates from the process malloc (a config naming it would be refused).
std::string HowToGive(Component component, const std::string& name, const std::string& spec,
                      const std::string& otherwise) {
  if (!TakesResource(component)) return otherwise;
  return "([alloc.components] " + name + " = \"" + spec + "\", or --component " + name + "=" + spec + ")";
}

}  // namespace

std::string FormatBytes(uint64_t bytes) {
  if (bytes >= (10ull << 20)) return Fixed(static_cast<double>(bytes) / (1 << 20), 1, " MiB");
  if (bytes >= (10ull << 10)) return Fixed(static_cast<double>(bytes) / (1 << 10), 1, " KiB");
  return std::to_string(bytes) + " B";
}

std::string FormatNs(uint64_t ns) {
  if (ns >= 1'000'000'000) return Fixed(static_cast<double>(ns) / 1e9, 1, " s");
  if (ns >= 1'000'000) return Fixed(static_cast<double>(ns) / 1e6, 1, " ms");
  if (ns >= 1'000) return Fixed(static_cast<double>(ns) / 1e3, 1, " us");
  return std::to_string(ns) + " ns";
}

std::vector<Suggestion> SuggestFromProfile(const AllocationProfile& profile, uint64_t events) {
  std::vector<Suggestion> out;
  for (const ComponentProfile& c : profile.components) {
    if (c.allocations < kMinAllocations) continue;
    const std::string name(ComponentName(c.component));
    const double per_event = events == 0 ? 0.0 : static_cast<double>(c.allocations) / static_cast<double>(events);
    if (events != 0 && IsHot(c.component) && per_event >= 0.5) {
      out.push_back({c.component, "preallocate on this path (object pools, flat containers: the pooled profile)",
                     Count(c.allocations) + " allocations over " + Count(events) + " events = " +
                         Fixed(per_event, 2) + " per event on a hot path"});
    }
    if (!profile.profiling) continue;
    const uint64_t classified = SizeClassTotal(c);
    const uint64_t lifetimes = c.lifetimes.Count();
    const uint64_t median = c.lifetimes.QuantileNs(0.5);
    const double cross = c.tracked_frees == 0 ? 0.0
                                              : static_cast<double>(c.cross_thread_frees) /
                                                    static_cast<double>(c.tracked_frees);
    const int dominant = DominantSizeClass(c);
    const double dominant_share =
        classified == 0 ? 0.0 : static_cast<double>(c.size_classes[dominant]) / static_cast<double>(classified);
    const std::string evidence_base = Count(c.allocations) + " allocations, " +
                                      Percent(c.size_classes[dominant], classified) + " of them " +
                                      SizeClassLabel(dominant) + ", median lifetime " + FormatNs(median) + " (" +
                                      Count(lifetimes) + " sampled), " + Percent(c.cross_thread_frees, c.tracked_frees) +
                                      " freed on another thread";
    if (dominant_share >= 0.5 && lifetimes > 0 && median < 100'000'000 && cross < 0.1 &&
        SizeClassUpperBound(dominant) <= 4096) {
      out.push_back({c.component,
                     "a pool or a pmr pool resource for its " + SizeClassLabel(dominant) + " blocks " +
                         HowToGive(c.component, name, "pool", "(in its code: it allocates from the process malloc)"),
                     evidence_base});
    }
    if (c.tracked_frees >= kMinAllocations && cross >= 0.5) {
      out.push_back({c.component,
                     "blocks cross threads: return them to the allocating thread (a free-list hand-back), or "
                     "give the component an allocator with cheap remote frees " +
                         HowToGive(c.component, name, "mimalloc-heap",
                                   "(it allocates from the process malloc: --//alloc=mimalloc or tcmalloc)"),
                     evidence_base});
    }
    if (c.peak_live_bytes >= (1u << 20) && lifetimes > 0 && median >= 1'000'000'000) {
      out.push_back({c.component,
                     "long-lived data: keep it off the hot pages on an arena of its own that decays on its own "
                     "schedule " +
                         HowToGive(c.component, name, "jemalloc-arena:cold",
                                   "(it allocates from the process malloc: --//alloc=jemalloc with MALLOC_CONF "
                                   "dirty_decay_ms, config/tuning/jemalloc.toml)"),
                     "peak live " + FormatBytes(c.peak_live_bytes) + ", median lifetime " + FormatNs(median) + " (" +
                         Count(lifetimes) + " sampled)"});
    }
    uint64_t large = 0;
    for (int k = 0; k < kSizeClassCount; ++k) {
      if (SizeClassUpperBound(k) > (64u << 10)) large += c.size_classes[k];
    }
    if (classified >= kMinAllocations && large * 10 >= classified) {
      out.push_back({c.component, "reserve() containers up front: blocks above 64 KiB are served by mmap-backed paths",
                     Percent(large, classified) + " of " + Count(classified) + " allocations are above 64 KiB"});
    }
  }
  return out;
}

std::string FormatProfileTable(const AllocationProfile& profile, uint64_t events) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof(line), "%-9s %10s %11s %9s %10s %-14s %9s %9s %8s %11s %11s\n", "component", "allocs",
                "bytes", "per event", "frees", "top size", "lifetime", "p99 life", "x-thread", "live", "peak live");
  out += line;
  for (const ComponentProfile& c : profile.components) {
    if (c.allocations == 0 && c.deallocations == 0) continue;
    const bool p = profile.profiling;
    const uint64_t classified = SizeClassTotal(c);
    const int dominant = DominantSizeClass(c);
    std::string top = p && classified > 0 ? SizeClassLabel(dominant) + " " + Percent(c.size_classes[dominant], classified)
                                          : "-";
    const bool lives = p && c.lifetimes.Count() > 0;
    std::snprintf(line, sizeof(line), "%-9s %10s %11s %9s %10s %-14s %9s %9s %8s %11s %11s\n",
                  std::string(ComponentName(c.component)).c_str(), Count(c.allocations).c_str(),
                  FormatBytes(c.bytes_allocated).c_str(),
                  events == 0 ? "-" : Fixed(static_cast<double>(c.allocations) / static_cast<double>(events), 2).c_str(),
                  Count(c.deallocations).c_str(), top.c_str(), lives ? FormatNs(c.lifetimes.QuantileNs(0.5)).c_str() : "-",
                  lives ? FormatNs(c.lifetimes.QuantileNs(0.99)).c_str() : "-",
                  p ? Percent(c.cross_thread_frees, c.tracked_frees).c_str() : "-",
                  p ? FormatBytes(c.live_bytes).c_str() : "-", p ? FormatBytes(c.peak_live_bytes).c_str() : "-");
    out += line;
  }
  out += "frees: made while the component ran; lifetime, x-thread, live: of the blocks it allocated";
  out += profile.profiling ? " while profiling (lifetimes sampled 1 in " + std::to_string(profile.options.lifetime_sample_every) + ")\n"
                           : " (profiling was off)\n";
  std::vector<Suggestion> suggestions = SuggestFromProfile(profile, events);
  if (!suggestions.empty()) out += "\nSuggestions:\n";
  for (const Suggestion& s : suggestions) {
    out += "- " + std::string(ComponentName(s.component)) + ": " + s.advice + "\n    evidence: " + s.evidence + "\n";
  }
  return out;
}

nlohmann::json ProfileToJson(const AllocationProfile& profile, uint64_t events) {
  nlohmann::json j;
  j["profiling"] = profile.profiling;
  j["duration_s"] = profile.duration_s;
  j["events"] = events;
  j["options"] = {{"lifetime_sample_every", profile.options.lifetime_sample_every},
                  {"stack_sample_every", profile.options.stack_sample_every},
                  {"max_stack_depth", profile.options.max_stack_depth}};
  j["untracked_frees"] = profile.untracked_frees;
  j["dropped_live_blocks"] = profile.dropped_live_blocks;
  nlohmann::json components = nlohmann::json::object();
  for (const ComponentProfile& c : profile.components) {
    nlohmann::json entry = {{"allocations", c.allocations},
                            {"bytes_allocated", c.bytes_allocated},
                            {"deallocations", c.deallocations}};
    if (events != 0) entry["allocations_per_event"] = static_cast<double>(c.allocations) / static_cast<double>(events);
    if (profile.profiling) {
      nlohmann::json classes = nlohmann::json::object();
      for (int k = 0; k < kSizeClassCount; ++k) {
        if (c.size_classes[k] != 0) classes[SizeClassLabel(k)] = c.size_classes[k];
      }
      entry["size_classes"] = classes;
      entry["tracked_frees"] = c.tracked_frees;
      entry["cross_thread_frees"] = c.cross_thread_frees;
      entry["live_blocks"] = c.live_blocks;
      entry["live_bytes"] = c.live_bytes;
      entry["peak_live_bytes"] = c.peak_live_bytes;
      entry["lifetime_ns"] = {{"samples", c.lifetimes.Count()},
                              {"p50", c.lifetimes.QuantileNs(0.5)},
                              {"p90", c.lifetimes.QuantileNs(0.9)},
                              {"p99", c.lifetimes.QuantileNs(0.99)}};
    }
    components[std::string(ComponentName(c.component))] = entry;
  }
  j["components"] = components;
  nlohmann::json suggestions = nlohmann::json::array();
  for (const Suggestion& s : SuggestFromProfile(profile, events)) {
    suggestions.push_back(
        {{"component", std::string(ComponentName(s.component))}, {"advice", s.advice}, {"evidence", s.evidence}});
  }
  j["suggestions"] = suggestions;
  return j;
}

std::vector<FoldedStack> FoldStacks(const AllocationProfile& profile, const std::map<uintptr_t, std::string>& names) {
  std::vector<FoldedStack> folded;
  for (const StackSample& sample : profile.stacks) {
    std::vector<std::string> frames = {std::string(ComponentName(sample.component))};
    for (auto it = sample.frames.rbegin(); it != sample.frames.rend(); ++it) {
      auto found = names.find(*it);
      char hex[32];
      std::snprintf(hex, sizeof(hex), "0x%lx", static_cast<unsigned long>(*it));
      frames.push_back(found != names.end() ? found->second : hex);
    }
    folded.emplace_back(std::move(frames), sample.count);
  }
  return folded;
}

std::vector<std::string> WriteAllocationProfile(const AllocationProfile& profile, uint64_t events,
                                                const std::string& directory) {
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw std::runtime_error(directory + ": cannot create the profile directory: " + error.message());
  std::vector<uintptr_t> addresses;
  for (const StackSample& sample : profile.stacks) addresses.insert(addresses.end(), sample.frames.begin(), sample.frames.end());
  std::vector<FoldedStack> folded = FoldStacks(profile, Symbolize(addresses));
  const std::vector<std::pair<std::string, std::string>> files = {
      {"profile.txt", FormatProfileTable(profile, events)},
      {"profile.json", ProfileToJson(profile, events).dump(2) + "\n"},
      {"stacks.folded", FoldedText(folded)},
      {"flame.svg", FlameGraphSvg(folded, "allocations by component (1 in " +
                                              std::to_string(profile.options.stack_sample_every) + " sampled)")},
  };
  std::vector<std::string> written;
  for (const auto& [name, text] : files) {
    std::string path = (std::filesystem::path(directory) / name).string();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(path + ": cannot write the allocation profile");
    written.push_back(path);
  }
  return written;
}

}  // namespace hftbot::alloc
