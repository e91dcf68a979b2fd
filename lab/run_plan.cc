#include "lab/run_plan.h"

#include <fmt/format.h>

namespace hftbot::lab {

std::vector<RunSpec> InterleavedPlan(const std::vector<Arm>& arms, const PlanOptions& options) {
  std::vector<RunSpec> plan;
  if (arms.empty()) return plan;
  for (int round = options.first_round; round <= options.last_round; ++round) {
    for (size_t k = 0; k < arms.size(); ++k) {
      const Arm& arm = arms[(k + static_cast<size_t>(round)) % arms.size()];
      RunSpec spec;
      spec.id = fmt::format("{}-r{}", arm.id, round);
      spec.round = round;
      spec.out_dir = fmt::format("{}/runs/{}/r{}", options.root, arm.id, round);
      for (const std::string& arg : arm.argv) {
        std::string expanded = arg;
        for (auto at = expanded.find("{dir}"); at != std::string::npos; at = expanded.find("{dir}", at)) {
          expanded.replace(at, 5, spec.out_dir);
          at += spec.out_dir.size();
        }
        spec.argv.push_back(expanded);
      }
      spec.argv.insert(spec.argv.end(), {"--report-json", ReportPathOf(spec)});
      spec.env = options.env;
      spec.env.insert(spec.env.end(), arm.env.begin(), arm.env.end());
      spec.unset = options.unset;
      spec.timeout_s = options.timeout_s;
      plan.push_back(std::move(spec));
    }
  }
  return plan;
}

std::string ReportPathOf(const RunSpec& spec) { return spec.out_dir + "/report.json"; }

std::string ArmIdOf(const RunSpec& spec) { return spec.id.substr(0, spec.id.rfind("-r")); }

}  // namespace hftbot::lab
