// The sweep's runs: per profile and allocator one max-speed arm (its saturation) and
// one paced arm per offered rate of the ladder. The ladder is stored in
// <out>/ladder.json the first time it is computed, so a resumed sweep runs exactly the
// same rates; a paced run's timeout grows with how much slower than max speed it is.
//
// Thread safety: one thread at a time (the planner keeps its arms).

#ifndef HFTBOT_LAB_SWEEP_PLAN_H_
#define HFTBOT_LAB_SWEEP_PLAN_H_

#include <map>
#include <string>
#include <vector>

#include "lab/executor.h"
#include "lab/run_plan.h"
#include "lab/run_timeout.h"

namespace hftbot::lab {

struct SweepArm {
  std::string profile, allocator;
  double rate = 0;  // events/s; 0: max speed
};

class SweepPlanner {
 public:
  // `commands`: variant -> the start of its command line (binary, its own options;
  // lab/bot_binaries.h VariantCommand); `common_args`: options for every run (--ticks,
  // the user's).
  SweepPlanner(std::map<std::string, std::vector<std::string>> commands, std::vector<std::string> common_args)
      : commands_(std::move(commands)), common_args_(std::move(common_args)) {}

  // One max-speed arm per profile and allocator ("sat-naive-jemalloc").
  std::vector<Arm> SaturationArms(const std::vector<std::string>& profiles, const std::vector<std::string>& allocators);

  // One paced arm per profile, allocator and rate of the profile's ladder ("naive-jemalloc-156000").
  std::vector<Arm> LadderArms(const std::map<std::string, std::vector<double>>& ladder,
                              const std::vector<std::string>& allocators);

  // REQUIRES: `spec` planned from an arm this planner made.
  const SweepArm& ArmOf(const RunSpec& spec) const { return arms_.at(ArmIdOf(spec)); }

 private:
  Arm Make(const std::string& profile, const std::string& allocator, double rate);

  std::map<std::string, std::vector<std::string>> commands_;
  std::vector<std::string> common_args_;
  std::map<std::string, SweepArm> arms_;  // by arm id
};

// The ladder stored in `out_dir`, or else `proposed` (sorted), stored there. Returns an
// empty string, or why the ladder could not be stored.
std::string LoadOrStoreLadder(const std::string& out_dir, std::map<std::string, std::vector<double>>* ladder);

// Sets each paced spec's timeout to timeout.Later(slowest_warm_up_s, saturation / rate),
// with `saturation` the measured max-speed throughput of its profile and allocator
// ("<profile>/<allocator>" -> events/s).
void ScaleLadderTimeouts(std::vector<RunSpec>& specs, const SweepPlanner& planner,
                         const std::map<std::string, double>& saturation, const RunTimeout& timeout,
                         double slowest_warm_up_s);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_SWEEP_PLAN_H_
