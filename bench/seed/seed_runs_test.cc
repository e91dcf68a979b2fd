#include "bench/seed/seed_runs.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"
#include "lab/campaign.h"
#include "lab/local_executor.h"
#include "lab/test_dir.h"

namespace hftbot::seed {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::vector<std::string> kFour = {"system", "jemalloc", "mimalloc", "tcmalloc"};

// A stand-in for seed_bench: writes a one-case benchmark report naming the allocator
// of its folder (or $FAKE_ALLOCATOR), warns twice like memory_monitor, and exits 1
// when its folder holds a file "fail".
constexpr char kFakeBench[] = R"sh(#!/bin/bash
here=$(dirname "$0")
allocator=${FAKE_ALLOCATOR:-$(basename "$here")}
[[ -e $here/fail ]] && { echo "fake bench: told to fail" >&2; exit 1; }
for arg; do
  case $arg in --benchmark_out=*) out=${arg#--benchmark_out=} ;; esac
done
echo "WARNING: memory_monitor/frag: fragmentation $HFTBOT_SEED_FRAG_WARN_PCT" >&2
echo "WARNING: memory_monitor/frag: fragmentation again" >&2
cat >"$out" <<EOF
{"context": {"allocator": "$allocator", "allocator_active": "yes", "allocator_version": "v-$allocator"},
 "benchmarks": [{"name": "order_book_ops/iterations:5", "run_name": "order_book_ops/iterations:5",
                 "run_type": "iteration", "cpu_time": 100, "real_time": 120, "time_unit": "ns"}]}
EOF
)sh";

void WriteFakeBench(const std::string& path) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path) << kFakeBench;
  fs::permissions(path, fs::perms::owner_all);
}

SeedPlanOptions FakeSuite(const std::string& root, const std::vector<std::string>& allocators) {
  SeedPlanOptions options;
  options.out_dir = root + "/out";
  options.workloads = {"order_book_ops", "object_pool"};
  options.allocators = allocators;
  options.timed_dir = root + "/timed";
  options.counted_dir = root + "/counted";
  options.repetitions = 3;
  options.quick = true;
  options.frag_warn_pct = 12;
  for (const std::string& allocator : allocators) {
    WriteFakeBench(options.timed_dir + "/" + allocator + "/seed_bench");
    WriteFakeBench(options.counted_dir + "/" + allocator + "/seed_bench_counted");
  }
  return options;
}

std::vector<std::string> IdsOf(const std::vector<SeedJob>& jobs) {
  std::vector<std::string> ids;
  for (const SeedJob& job : jobs) ids.push_back(job.spec.id);
  return ids;
}

TEST(SeedPlanTest, RotatesAllocatorsPerWorkloadThenProbesAndCountsPerAllocator) {
  SeedPlanOptions options = FakeSuite(lab::FreshTestDir("seed_plan"), kFour);
  const std::vector<SeedJob> jobs = SeedPlan(options);
  EXPECT_EQ(IdsOf(jobs), (std::vector<std::string>{
                             "order_book_ops-system", "order_book_ops-jemalloc", "order_book_ops-mimalloc",
                             "order_book_ops-tcmalloc", "object_pool-jemalloc", "object_pool-mimalloc",
                             "object_pool-tcmalloc", "object_pool-system", "counter_overhead-system",
                             "counted-system", "counter_overhead-jemalloc", "counted-jemalloc",
                             "counter_overhead-mimalloc", "counted-mimalloc", "counter_overhead-tcmalloc",
                             "counted-tcmalloc"}));
  const SeedJob& counted = jobs[13];
  EXPECT_TRUE(counted.counted);
  EXPECT_EQ(counted.spec.argv[0], options.counted_dir + "/mimalloc/seed_bench_counted");
  EXPECT_EQ(counted.spec.out_dir, options.out_dir + "/runs/counted-mimalloc");
  EXPECT_FALSE(jobs[0].counted);
  EXPECT_EQ(jobs[0].spec.argv[0], options.timed_dir + "/system/seed_bench");
}

TEST(SeedRunsTest, LocalRunsCollectPerAllocatorWithNodeAndWarnings) {
  const std::string root = lab::FreshTestDir("seed_local");
  SeedPlanOptions options = FakeSuite(root, {"system", "jemalloc"});
  const std::vector<SeedJob> jobs = SeedPlan(options);
  lab::LocalExecutor executor;
  std::ostringstream log;
  const std::vector<lab::RunRecord> records =
      lab::RunCampaign(executor, SpecsOf(jobs), "seed", log, LoadBenchmarkReport);
  const SeedResults results = CollectSeedRuns(jobs, records, options.allocators);

  EXPECT_TRUE(results.failures.empty()) << ::testing::PrintToString(results.failures);
  ASSERT_EQ(results.allocators.size(), 2u);
  EXPECT_EQ(results.allocators[1].name, "jemalloc");
  EXPECT_EQ(results.allocators[1].version, "v-jemalloc");
  // Two workloads and the overhead probe in the timed suite, one counted process.
  EXPECT_EQ(results.allocators[1].timed.size(), 3u);
  EXPECT_EQ(results.allocators[1].counted.size(), 1u);
  EXPECT_EQ(results.allocators[1].timed[0].times_ns, (std::vector<double>{100}));
  ASSERT_EQ(results.runs.size(), jobs.size());
  ASSERT_EQ(results.nodes.size(), 1u);
  EXPECT_EQ(results.runs[0]["node"], results.nodes[0]);
  // The frag threshold reached the process; one warning per benchmark and process.
  ASSERT_EQ(results.warnings.size(), jobs.size());
  EXPECT_EQ(results.warnings[0], "system: WARNING: memory_monitor/frag: fragmentation 12");
  EXPECT_TRUE(fs::exists(jobs[0].spec.out_dir + "/report.json"));
  EXPECT_TRUE(fs::exists(jobs[0].spec.out_dir + "/outcome.json"));
}

TEST(SeedRunsTest, AFailedOrMislabelledRunIsReportedAndTheRestKept) {
  const std::string root = lab::FreshTestDir("seed_failures");
  SeedPlanOptions options = FakeSuite(root, {"system", "jemalloc"});
  std::ofstream(options.counted_dir + "/jemalloc/fail");
  const std::vector<SeedJob> jobs = SeedPlan(options);
  lab::LocalExecutor executor;
  std::ostringstream log;
  std::vector<lab::RunRecord> records = lab::RunCampaign(executor, SpecsOf(jobs), "seed", log, LoadBenchmarkReport);
  // A report naming another allocator: the run was not the variant it was meant to be.
  json wrong = records[0].report;
  wrong["context"]["allocator"] = "tcmalloc";
  records[0].report = wrong;
  const SeedResults results = CollectSeedRuns(jobs, records, options.allocators);

  ASSERT_EQ(results.failures.size(), 2u);
  EXPECT_EQ(results.failures[0].rfind("order_book_ops-system: the system variant reports allocator 'tcmalloc'", 0), 0u)
      << results.failures[0];
  EXPECT_NE(results.failures[1].find("counted-jemalloc: exit 1"), std::string::npos) << results.failures[1];
  EXPECT_NE(results.failures[1].find("told to fail"), std::string::npos);
  EXPECT_TRUE(results.allocators[1].counted.empty());
  EXPECT_EQ(results.allocators[1].timed.size(), 3u);
  EXPECT_EQ(results.allocators[0].timed.size(), 2u);  // object_pool and the probe
  EXPECT_FALSE(results.runs[0]["ok"].get<bool>());
}

// Stands in for a cluster: records what it was asked to run and "runs" it by
// writing a report, on node-a or node-b in turn.
class TwoNodeExecutor final : public lab::Executor {
 public:
  std::vector<std::string> ran;
  std::string name() const override { return "two-node"; }
  std::vector<lab::RunOutcome> RunAll(const std::vector<lab::RunSpec>& specs, const lab::RunCallback& on_done) override {
    std::vector<lab::RunOutcome> outcomes;
    for (const lab::RunSpec& spec : specs) {
      fs::create_directories(spec.out_dir);
      const std::string allocator = spec.id.substr(spec.id.rfind('-') + 1);
      json report = {{"context", {{"allocator", allocator}, {"allocator_active", "yes"}}},
                     {"benchmarks", {{{"name", "x/a"}, {"run_type", "iteration"}, {"cpu_time", 1.0}}}}};
      std::ofstream(spec.out_dir + "/report.json") << report.dump();
      lab::RunOutcome outcome{spec.id, 0, false, 1, 0.1, ran.size() % 2 == 0 ? "node-a" : "node-b", ""};
      ran.push_back(spec.id);
      if (on_done) on_done(spec, outcome);
      outcomes.push_back(outcome);
    }
    return outcomes;
  }
};

TEST(SeedRunsTest, ResumedRunsAreReusedWithTheirNodes) {
  const std::string root = lab::FreshTestDir("seed_resume");
  SeedPlanOptions options = FakeSuite(root, {"system", "jemalloc"});
  const std::vector<SeedJob> jobs = SeedPlan(options);
  std::vector<lab::RunSpec> first_half = SpecsOf(jobs);
  first_half.resize(jobs.size() / 2);
  TwoNodeExecutor executor;
  std::ostringstream log;
  lab::RunCampaign(executor, first_half, "seed", log, LoadBenchmarkReport);
  // A report cut short is not complete: that run goes again.
  std::ofstream(first_half[1].out_dir + "/report.json") << R"({"context": {}, "benchmarks": [)";
  executor.ran.clear();

  const std::vector<lab::RunRecord> records =
      lab::RunCampaign(executor, SpecsOf(jobs), "seed", log, LoadBenchmarkReport);
  EXPECT_EQ(executor.ran.size(), jobs.size() - first_half.size() + 1);
  EXPECT_EQ(executor.ran.front(), first_half[1].id);
  const SeedResults results = CollectSeedRuns(jobs, records, options.allocators);
  EXPECT_TRUE(results.failures.empty()) << ::testing::PrintToString(results.failures);
  EXPECT_TRUE(results.runs[0]["reused"].get<bool>());
  EXPECT_EQ(results.runs[0]["node"], "node-a");
  EXPECT_EQ(results.nodes, (std::vector<std::string>{"node-a", "node-b"}));
}

TEST(LoadBenchmarkReportTest, SaysWhatIsWrong) {
  const std::string dir = lab::FreshTestDir("seed_load");
  fs::create_directories(dir);
  json report;
  EXPECT_EQ(LoadBenchmarkReport(dir + "/none.json", &report), "report.json missing");
  std::ofstream(dir + "/other.json") << R"({"digest": "x"})";
  EXPECT_NE(LoadBenchmarkReport(dir + "/other.json", &report).find("no \"benchmarks\" array"), std::string::npos);
  std::ofstream(dir + "/nan.json") << R"({"benchmarks": [{"name": "a", "cpu_time": nan}]})";
  EXPECT_EQ(LoadBenchmarkReport(dir + "/nan.json", &report), "");
  EXPECT_TRUE(report["benchmarks"][0]["cpu_time"].is_null());
}

}  // namespace
}  // namespace hftbot::seed
