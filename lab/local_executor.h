// Runs a plan on this machine, one run at a time in plan order (so interleaving is
// preserved and no two measurements share the cores), each in a fresh process under
// its timeout.
//
// Thread safety: one thread at a time.

#ifndef HFTBOT_LAB_LOCAL_EXECUTOR_H_
#define HFTBOT_LAB_LOCAL_EXECUTOR_H_

#include "lab/executor.h"

namespace hftbot::lab {

class LocalExecutor final : public Executor {
 public:
  std::string name() const override { return "local"; }
  std::vector<RunOutcome> RunAll(const std::vector<RunSpec>& specs, const RunCallback& on_done) override;
};

// The last `lines` lines of `text`.
std::string TailLines(const std::string& text, int lines);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_LOCAL_EXECUTOR_H_
