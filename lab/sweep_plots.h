// The sweep's plots: per profile and stage (tick_to_order, engine_service), latency
// against offered rate on a logarithmic axis, one colour per allocator (p99 solid,
// p50 dashed, p99.9 dotted), each allocator's saturation throughput marked by a
// vertical line, and the SLO bound on the tick_to_order plot.
//
// Thread safety: report code; runs gnuplot.

#ifndef HFTBOT_LAB_SWEEP_PLOTS_H_
#define HFTBOT_LAB_SWEEP_PLOTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hftbot::lab {

// Writes sweep-<profile>-<stage>.png into `out_dir` from an AnalyseSweep result.
// Returns the file names written; `problems` gets why any plot was not made.
std::vector<std::string> WriteSweepPlots(const std::string& out_dir, const nlohmann::json& analysis,
                                         const std::vector<std::string>& profiles,
                                         const std::vector<std::string>& allocators, std::vector<std::string>* problems);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SWEEP_PLOTS_H_
