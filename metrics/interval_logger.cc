#include "metrics/interval_logger.h"

#include <algorithm>

namespace hftbot::metrics {
namespace {

constexpr double kNsPerS = 1e9;

}  // namespace

IntervalLogger::IntervalLogger(HlogWriter* writer, int64_t start_ns)
    : writer_(writer), start_ns_(start_ns), interval_start_ns_(start_ns) {}

void IntervalLogger::AddRecorder(const std::string& tag, IntervalRecorder* recorder) {
  auto stage = std::find_if(stages_.begin(), stages_.end(), [&](const Stage& s) { return s.tag == tag; });
  if (stage == stages_.end()) {
    stages_.push_back(Stage{.tag = tag, .recorders = {}, .merged = std::nullopt, .scratch = std::nullopt});
    stage = stages_.end() - 1;
  }
  stage->recorders.push_back(recorder);
}

bool IntervalLogger::LogInterval(int64_t now_ns) {
  const double start_s = static_cast<double>(interval_start_ns_ - start_ns_) / kNsPerS;
  const double length_s = static_cast<double>(now_ns - interval_start_ns_) / kNsPerS;
  interval_start_ns_ = now_ns;
  bool ok = true;
  for (Stage& stage : stages_) {
    for (size_t i = 0; i < stage.recorders.size(); ++i) {
      std::optional<Histogram>& target = i == 0 ? stage.merged : stage.scratch;
      if (target) {
        stage.recorders[i]->TakeIntervalInto(&*target);
      } else {
        target.emplace(stage.recorders[i]->TakeInterval());
      }
      // Values outside merged's range stay counted there; the log cannot carry them.
      if (i > 0) (void)stage.merged->Add(*stage.scratch);
    }
    ok = writer_->Append(stage.tag, start_s, length_s, *stage.merged) && ok;
  }
  return ok;
}

}  // namespace hftbot::metrics
