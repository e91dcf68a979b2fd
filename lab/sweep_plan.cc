#include "lab/sweep_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "lab/output_dir.h"
#include "lab/run_report.h"

namespace hftbot::lab {

using nlohmann::json;

Arm SweepPlanner::Make(const std::string& profile, const std::string& allocator, double rate) {
  Arm arm{rate > 0 ? fmt::format("{}-{}-{:.0f}", profile, allocator, rate) : "sat-" + profile + "-" + allocator,
          allocator,
          commands_.at(allocator),
          {}};
  arm.argv.insert(arm.argv.end(), {"--no-progress", "--profile", profile});
  if (rate > 0) {
    arm.argv.insert(arm.argv.end(), {"--rate", fmt::format("{:.0f}", rate)});
  } else {
    arm.argv.insert(arm.argv.end(), {"--speed", "max"});
  }
  arm.argv.insert(arm.argv.end(), common_args_.begin(), common_args_.end());
  arms_[arm.id] = {profile, allocator, rate};
  return arm;
}

std::vector<Arm> SweepPlanner::SaturationArms(const std::vector<std::string>& profiles,
                                              const std::vector<std::string>& allocators) {
  std::vector<Arm> arms;
  for (const std::string& profile : profiles) {
    for (const std::string& allocator : allocators) arms.push_back(Make(profile, allocator, 0));
  }
  return arms;
}

std::vector<Arm> SweepPlanner::LadderArms(const std::map<std::string, std::vector<double>>& ladder,
                                          const std::vector<std::string>& allocators) {
  std::vector<Arm> arms;
  for (const auto& [profile, rates] : ladder) {
    for (const std::string& allocator : allocators) {
      for (double rate : rates) arms.push_back(Make(profile, allocator, rate));
    }
  }
  return arms;
}

std::string LoadOrStoreLadder(const std::string& out_dir, std::map<std::string, std::vector<double>>* ladder) {
  json stored;
  if (LoadJsonFile(out_dir + "/ladder.json", &stored).empty() && stored.is_object()) {
    ladder->clear();
    for (const auto& [profile, rates] : stored.items()) (*ladder)[profile] = rates.get<std::vector<double>>();
    return "";
  }
  json record = json::object();
  for (auto& [profile, rates] : *ladder) {
    std::sort(rates.begin(), rates.end());
    record[profile] = rates;
  }
  return WriteOutputFiles(out_dir, {{"ladder.json", record.dump(2) + "\n"}});
}

void ScaleLadderTimeouts(std::vector<RunSpec>& specs, const SweepPlanner& planner,
                         const std::map<std::string, double>& saturation, const RunTimeout& timeout,
                         double slowest_warm_up_s) {
  for (RunSpec& spec : specs) {
    const SweepArm& arm = planner.ArmOf(spec);
    auto it = saturation.find(arm.profile + "/" + arm.allocator);
    const double scale = it != saturation.end() && it->second > 0 && arm.rate > 0 ? it->second / arm.rate : 1;
    spec.timeout_s = timeout.Later(slowest_warm_up_s, scale);
  }
}

}  // namespace hftbot::lab
