// compare's plots, per profile, each from every allocator's median run (the run with
// the median headline latency: engine_service p99 at max speed, tick_to_order p99
// paced): the headline stage's latency by percentile (its .hgrm file, log axes), its
// p99 in every interval of the replay (the run's latency.hlog, log axis), and the
// process RSS over the replay (the report's memory_timeline).
//
// Thread safety: report code; runs gnuplot.

#ifndef HFTBOT_LAB_COMPARE_PLOTS_H_
#define HFTBOT_LAB_COMPARE_PLOTS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hftbot::lab {

// Writes latency-<profile>.png, latency-over-time-<profile>.png and memory-<profile>.png
// into `out_dir` from an AnalyseCompare result. Returns the file names written; `problems` gets why any plot
// (or one allocator's line) was left out.
std::vector<std::string> WriteComparePlots(const std::string& out_dir, const nlohmann::json& analysis,
                                           const std::vector<std::string>& profiles,
                                           const std::vector<std::string>& arms, std::vector<std::string>* problems);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_COMPARE_PLOTS_H_
