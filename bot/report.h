// The run's report: the console summary for people, the JSON report for machines,
// one .hgrm per stage for HdrHistogram's plotters, and the conservation check
// read = processed + rejected + dropped.
//
// Thread safety: main thread only, after the replay.

#ifndef HFTBOT_BOT_REPORT_H_
#define HFTBOT_BOT_REPORT_H_

#include <nlohmann/json.hpp>
#include <ostream>
#include <optional>
#include <string>
#include <vector>

#include "alloc/resource_registry.h"
#include "alloc/allocation_profile.h"
#include "bot/allocator_report.h"
#include "bot/config.h"
#include "feed/tick_file.h"
#include "metrics/clock.h"
#include "pipeline/core_floor.h"
#include "pipeline/memory_timeline.h"
#include "pipeline/run_result.h"

namespace hftbot::bot {

struct ReportInputs {
  const Config& config;
  const feed::LoadedTicks& ticks;
  const pipeline::RunResult& run;
  const AllocatorSnapshot& allocator_before;
  const AllocatorSnapshot& allocator_after;
  const pipeline::CoreFloor& floor;
  const metrics::Clock& clock;
  // The allocation profile of the replay (--alloc-profile), or null.
  const alloc::AllocationProfile* allocation_profile = nullptr;
  // The component memory resources ([alloc.components]), or null.
  const alloc::ResourceRegistry* resources = nullptr;
};

// Totals over all symbols, and the run's digest.
struct TradingTotals {
  uint64_t orders_sent = 0, cancels_sent = 0, acks = 0, filled = 0, fills = 0, cancelled = 0, rejects = 0;
  std::map<std::string, uint64_t> reject_reasons;
  double realized_pnl = 0, unrealized_pnl = 0;  // quote units
  std::string digest;                            // 16 hex digits
};
TradingTotals SumTrading(const pipeline::RunResult& run);

// How to read this run's latency: which stage is the headline (engine_service at max
// speed, tick_to_order paced), whether end-to-end latency is queueing and why, and the
// feed-to-engine hop (queue_wait p50) as a multiple of the core-to-core floor.
struct LatencyReading {
  std::string headline_stage;
  bool end_to_end_is_queueing = false;
  std::string queueing_reason;  // one sentence; empty when not queueing
  std::optional<double> floor_ratio;
};
LatencyReading ReadLatency(const ReportInputs& in);

// One sentence per threshold crossed; empty when none.
std::vector<std::string> MemoryWarnings(const pipeline::MemoryTrend& trend, double rss_growth_warn_pct,
                                        double fragmentation_warn_pct);

void WriteConsoleReport(std::ostream& out, const ReportInputs& in);
nlohmann::json ReportJson(const ReportInputs& in);

// Fails (feed::InputError naming the flag and the path) before the replay when an
// output cannot be written: a missing or read-only directory, or a directory given
// where a file is expected.
void CheckOutputsWritable(const Config& config);
// Writes --report-json and --hgrm-dir outputs, each atomically (base/atomic_file.h);
// throws feed::InputError when one cannot be written.
void WriteOutputFiles(const ReportInputs& in);

// Empty when read == processed + rejected + dropped (+ not replayed, after a stop)
// holds; else what is off.
std::string ConservationViolation(const ReportInputs& in);

}  // namespace hftbot::bot

#endif  // HFTBOT_BOT_REPORT_H_
