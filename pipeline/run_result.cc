#include "pipeline/run_result.h"

namespace hftbot::pipeline {

const StageLatency* FindStage(const RunResult& result, const std::string& name) {
  for (const StageLatency& stage : result.stages) {
    if (stage.name == name) return &stage;
  }
  return nullptr;
}

}  // namespace hftbot::pipeline
