// One image of a run over time: a panel per latency stage (each interval's p50, p99,
// p99.9 and max on a log axis: three orders of magnitude flatten on a linear one) and,
// under them on the same time axis, the process RSS and the allocator's resident
// bytes, so a tail spike can be seen to line up with an RSS step or a purge.
//
// Thread safety: tool code; runs gnuplot as a child process.

#ifndef HFTBOT_LAB_TIMELINE_PLOT_H_
#define HFTBOT_LAB_TIMELINE_PLOT_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lab/latency_timeline.h"

namespace hftbot::lab {

struct MemoryPoint {
  double t_s = 0;
  double rss_mib = 0;
  double resident_mib = -1;  // < 0: the allocator does not report it
};

// Writes png_path (and its .gp script and .dat files beside it). `stages` picks and
// orders the panels. Returns "" on success, else why no image was made (a stage
// missing from the log, no data, gnuplot failing).
std::string PlotLatencyTimeline(const std::string& png_path, const std::string& title,
                                const std::map<std::string, std::vector<IntervalLatency>>& latency,
                                const std::vector<std::string>& stages, const std::vector<MemoryPoint>& memory);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_TIMELINE_PLOT_H_
