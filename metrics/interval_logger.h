// Latency over time: once per interval, takes every stage's IntervalRecorder
// snapshots and appends them to an .hlog interval log (hlog_writer.h), one line per
// stage. The replay's sampling thread drives it; the hot threads keep recording into
// their IntervalRecorders and never wait for it.
//
// Wiring (start-up, then the sampling thread):
//   HlogWriter writer(path, wall_clock_s, {"queue_wait", "engine_service", ...});
//   IntervalLogger logger(&writer, clock.NowNs());       // same instant as start_time_s
//   logger.AddRecorder("queue_wait", &engine0_queue_wait);  // one per thread and stage
//   ...every interval:  if (!logger.LogInterval(clock.NowNs())) report(writer.error());
//   ...at the end, after the hot threads stopped: LogInterval(now) once more, Close().
//
// Several recorders under one tag (one per thread) are merged into one line. Every
// value recorded lands in exactly one line (IntervalRecorder's promise).
//
// Thread safety: not thread-safe: one thread calls everything. The recorders' own
// threads may record concurrently (that is what IntervalRecorder is for). The writer
// and the recorders must outlive the logger.

#ifndef HFTBOT_METRICS_INTERVAL_LOGGER_H_
#define HFTBOT_METRICS_INTERVAL_LOGGER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "metrics/histogram.h"
#include "metrics/hlog_writer.h"
#include "metrics/interval_recorder.h"

namespace hftbot::metrics {

class IntervalLogger {
 public:
  // start_ns: the Clock reading (metrics::Clock::NowNs) at the writer's StartTime.
  // REQUIRES: writer != nullptr.
  IntervalLogger(HlogWriter* writer, int64_t start_ns);

  IntervalLogger(const IntervalLogger&) = delete;
  IntervalLogger& operator=(const IntervalLogger&) = delete;

  // Logs recorder's intervals under tag, which the writer's options must declare.
  // Stages are logged in the order their first recorder was added.
  // REQUIRES: recorder != nullptr.
  void AddRecorder(const std::string& tag, IntervalRecorder* recorder);

  // Ends the interval that began at the previous call (or at start_ns) at now_ns:
  // takes every recorder's interval and appends one line per stage, empty intervals
  // included (a quiet second is data too). Returns false when the writer failed
  // (see HlogWriter::error()); the intervals taken are then lost, not retried.
  // Allocates only on a stage's first interval, when its recorders share a layout.
  // REQUIRES: now_ns >= the previous now_ns (or start_ns).
  [[nodiscard]] bool LogInterval(int64_t now_ns);

 private:
  struct Stage {
    std::string tag;
    std::vector<IntervalRecorder*> recorders;
    std::optional<Histogram> merged;   // the stage's interval: the first recorder's, the rest added
    std::optional<Histogram> scratch;  // the interval of each further recorder
  };

  HlogWriter* writer_;
  int64_t start_ns_;
  int64_t interval_start_ns_;
  std::vector<Stage> stages_;
};

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_INTERVAL_LOGGER_H_
