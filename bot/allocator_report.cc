#include "bot/allocator_report.h"

#include <fmt/format.h>

#include <optional>
#include <string>

namespace hftbot::bot {
namespace {

std::string Bytes(const std::optional<uint64_t>& bytes) {
  if (!bytes) return "n/a";
  double v = static_cast<double>(*bytes);
  if (v >= 1024.0 * 1024.0 * 1024.0) return fmt::format("{:.2f} GiB", v / (1024.0 * 1024.0 * 1024.0));
  if (v >= 1024.0 * 1024.0) return fmt::format("{:.2f} MiB", v / (1024.0 * 1024.0));
  if (v >= 1024.0) return fmt::format("{:.1f} KiB", v / 1024.0);
  return fmt::format("{} B", *bytes);
}

}  // namespace

AllocatorSnapshot TakeAllocatorSnapshot() {
  return {alloc::Info(), alloc::CheckActive(), alloc::Options(), alloc::Stats()};
}

void WriteAllocatorBlock(std::ostream& out, const AllocatorSnapshot& s) {
  out << "allocator: " << s.info.name << " " << s.info.version << "\n";
  out << "active: " << (s.active.active ? "yes" : "no") << "\n";
  for (const auto& line : s.active.evidence) out << "  evidence: " << line << "\n";
  out << "options:\n";
  for (const auto& option : s.options.effective) out << "  " << option.key << " = " << option.value << "\n";
  out << "environment:" << (s.options.environment.empty() ? " (no tuning variables set)" : "") << "\n";
  for (const auto& env : s.options.environment) out << "  " << env.key << "=" << env.value << "\n";
  for (const auto& problem : s.options.problems) out << "  WARNING: " << problem << "\n";
  const alloc::MemoryStats& m = s.stats;
  out << "memory:\n";
  out << "  allocated = " << Bytes(m.allocated) << "\n";
  out << "  active = " << Bytes(m.active) << "\n";
  out << "  resident = " << Bytes(m.resident) << "\n";
  out << "  mapped = " << Bytes(m.mapped) << "\n";
  out << "  retained = " << Bytes(m.retained) << "\n";
  out << "  metadata = " << Bytes(m.metadata) << "\n";
  out << "  process_rss = " << Bytes(m.process_rss) << "\n";
  out << "  process_peak_rss = " << Bytes(m.process_peak_rss) << "\n";
  out << "  fragmentation = "
      << (m.fragmentation_pct ? fmt::format("{:.1f}%", *m.fragmentation_pct) : std::string("n/a"))
      << "\n";
}

}  // namespace hftbot::bot
