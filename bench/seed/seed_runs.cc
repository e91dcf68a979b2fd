#include "bench/seed/seed_runs.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "lab/run_plan.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

SeedJob MakeJob(const SeedPlanOptions& options, const std::string& label, const std::string& allocator,
                const std::string& filter, bool counted) {
  SeedJob job{label, allocator, counted, {}};
  lab::RunSpec& spec = job.spec;
  spec.id = label + "-" + allocator;
  spec.out_dir = options.out_dir + "/runs/" + spec.id;
  spec.round = 1;
  spec.argv = {counted ? options.counted_dir + "/" + allocator + "/seed_bench_counted"
                       : options.timed_dir + "/" + allocator + "/seed_bench",
               "--benchmark_filter=" + filter, fmt::format("--benchmark_repetitions={}", options.repetitions),
               "--benchmark_out=" + lab::ReportPathOf(spec), "--benchmark_out_format=json"};
  if (options.quick) spec.argv.push_back("--quick");
  spec.env = {fmt::format("HFTBOT_SEED_FRAG_WARN_PCT={}", options.frag_warn_pct)};
  return job;
}

// The first memory_monitor warning per benchmark in a run's stderr, not one per repetition.
void AddWarnings(const SeedJob& job, std::vector<std::string>* warnings) {
  std::istringstream lines(Slurp(job.spec.out_dir + "/stderr.txt"));
  std::set<std::string> warned;
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("WARNING: memory_monitor", 0) == 0 && warned.insert(line.substr(0, line.find(':', 9))).second) {
      warnings->push_back(job.allocator + ": " + line);
    }
  }
}

}  // namespace

std::vector<SeedJob> SeedPlan(const SeedPlanOptions& options) {
  std::vector<SeedJob> jobs;
  const std::vector<std::string>& allocators = options.allocators;
  for (size_t w = 0; w < options.workloads.size(); ++w) {
    for (size_t k = 0; k < allocators.size(); ++k) {
      // Rotate the start per workload so no allocator always runs first.
      const std::string& allocator = allocators[(k + w) % allocators.size()];
      jobs.push_back(MakeJob(options, options.workloads[w], allocator, "^" + options.workloads[w] + "/", false));
    }
  }
  for (const std::string& allocator : allocators) {
    jobs.push_back(MakeJob(options, "counter_overhead", allocator, "^(counter_overhead|control)/", false));
    jobs.push_back(MakeJob(options, "counted", allocator, "^(trading_engine_sim|counter_overhead)/", true));
  }
  return jobs;
}

std::vector<lab::RunSpec> SpecsOf(const std::vector<SeedJob>& jobs) {
  std::vector<lab::RunSpec> specs;
  for (const SeedJob& job : jobs) specs.push_back(job.spec);
  return specs;
}

std::string LoadBenchmarkReport(const std::string& path, json* report) {
  std::ifstream in(path);
  if (!in) return "report.json missing";
  std::stringstream text;
  text << in.rdbuf();
  try {
    *report = ReadBenchmarkJson(text.str());
  } catch (const std::exception& error) {
    return std::string("not a benchmark report: ") + error.what();
  }
  return "";
}

SeedResults CollectSeedRuns(const std::vector<SeedJob>& jobs, const std::vector<lab::RunRecord>& records,
                            const std::vector<std::string>& allocators) {
  SeedResults results;
  std::map<std::string, AllocatorRuns> by_allocator;
  for (const std::string& allocator : allocators) by_allocator[allocator].name = allocator;
  for (size_t i = 0; i < jobs.size() && i < records.size(); ++i) {
    const SeedJob& job = jobs[i];
    const lab::RunRecord& record = records[i];
    std::string failure = record.failure;
    if (failure.empty()) {
      const json context = record.report.value("context", json::object());
      if (context.value("allocator", "") != job.allocator || context.value("allocator_active", "") != "yes") {
        failure = fmt::format("the {} variant reports allocator '{}' (active: {})", job.allocator,
                              context.value("allocator", "?"), context.value("allocator_active", "?"));
      }
    }
    if (!record.reused) AddWarnings(job, &results.warnings);
    const std::string& node = record.outcome.node;
    if (!node.empty() && std::find(results.nodes.begin(), results.nodes.end(), node) == results.nodes.end()) {
      results.nodes.push_back(node);
    }
    results.runs.push_back({{"id", job.spec.id},
                            {"node", node},
                            {"attempts", record.outcome.attempts},
                            {"elapsed_s", record.outcome.elapsed_s},
                            {"reused", record.reused},
                            {"ok", failure.empty()}});
    if (!failure.empty()) {
      results.failures.push_back(job.spec.id + ": " + failure);
      continue;
    }
    AllocatorRuns& target = by_allocator[job.allocator];
    target.version = record.report["context"].value("allocator_version", "");
    std::vector<CaseRuns> cases = CasesOf(record.report);
    auto& list = job.counted ? target.counted : target.timed;
    list.insert(list.end(), cases.begin(), cases.end());
  }
  for (const std::string& allocator : allocators) results.allocators.push_back(by_allocator[allocator]);
  return results;
}

}  // namespace hftbot::seed
