// The seed report's measurement runs as a lab plan: one process per workload and
// allocator (Google Benchmark's repetitions run inside it), plus per allocator the
// allocation counter's overhead probe and the counted suite, in the report's order (the
// allocators rotate per workload, so no allocator always runs first). The plan goes
// through a lab Executor (lab/executor.h: locally or as a Slurm job array) and
// lab/campaign.h (resumable); CollectSeedRuns turns the records back into the
// per-allocator measurements seed_report.h builds its tables from.
//
// Each run has its own folder, <out>/runs/<workload>-<allocator>, holding Google
// Benchmark's JSON as report.json, stdout.txt, stderr.txt and outcome.json (node,
// attempts, elapsed time).
//
// Thread safety: pure functions, except LoadBenchmarkReport and CollectSeedRuns, which
// read files.

#ifndef HFTBOT_BENCH_SEED_SEED_RUNS_H_
#define HFTBOT_BENCH_SEED_SEED_RUNS_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/seed/seed_report.h"
#include "lab/campaign.h"
#include "lab/executor.h"

namespace hftbot::seed {

struct SeedPlanOptions {
  std::string out_dir;                   // absolute
  std::vector<std::string> workloads;    // in report order
  std::vector<std::string> allocators;   // "system" first
  std::string timed_dir;                 // <timed_dir>/<allocator>/seed_bench
  std::string counted_dir;               // <counted_dir>/<allocator>/seed_bench_counted
  int repetitions = 10;
  bool quick = false;
  double frag_warn_pct = 30;
};

struct SeedJob {
  std::string label;      // a workload, "counter_overhead" or "counted"
  std::string allocator;
  bool counted = false;   // a run of the counted suite
  lab::RunSpec spec;
};

// The runs, in the order they execute.
std::vector<SeedJob> SeedPlan(const SeedPlanOptions& options);

// The specs of `jobs`, in order, for lab::RunCampaign.
std::vector<lab::RunSpec> SpecsOf(const std::vector<SeedJob>& jobs);

// lab::ReportLoader for Google Benchmark's JSON: the document (ReadBenchmarkJson), or
// why not ("report.json missing", "not JSON: ...").
std::string LoadBenchmarkReport(const std::string& path, nlohmann::json* report);

struct SeedResults {
  std::vector<AllocatorRuns> allocators;  // in the order asked for
  std::vector<std::string> failures;      // "<id>: <why>", one per failed run
  std::vector<std::string> warnings;      // "<allocator>: WARNING: memory_monitor ...", first per benchmark
  nlohmann::json runs = nlohmann::json::array();  // per run: id, node, attempts, elapsed_s, reused, ok
  std::vector<std::string> nodes;         // distinct nodes of the runs, in first-seen order
};

// REQUIRES: records[i] is the record of jobs[i]. A completed run whose benchmark
// context names another allocator, or says the allocator is not active, is a failure.
SeedResults CollectSeedRuns(const std::vector<SeedJob>& jobs, const std::vector<lab::RunRecord>& records,
                            const std::vector<std::string>& allocators);

}  // namespace hftbot::seed

#endif  // HFTBOT_BENCH_SEED_SEED_RUNS_H_
