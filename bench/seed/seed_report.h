// The seed suite's report: from Google Benchmark JSON files (one per workload and
// allocator) to one table — rows workloads, columns allocators, cells time relative
// to system with the spread over repetitions, plus peak RSS — with a recommendation
// per workload and overall, the object-pool break-even points, trading_engine_sim's
// allocation counts, the allocation counter's overhead and the memory monitor's
// fragmentation, as JSON (schema "hftbot-seed-report/1") and Markdown. Differences are
// judged by the lab's one rule (lab/verdict.h); when the repetitions are too few for
// any difference to count (e.g. --quick's 3), a recommendation names no allocator
// ("allocator" is empty) and says "too few runs to tell".
//
// Which time is compared ("time" in the report): single-threaded benchmarks use the
// benchmark thread's CPU time ("cpu": robust on a shared machine; page faults and
// allocator system calls count); benchmarks that run several threads (names with
// /real_time) use wall time ("wall", the only time covering all their threads); names
// with /manual_time use the time the benchmark measured itself ("manual"; object_pool:
// thread CPU time of the orders alone).
//
// Thread safety: pure functions.

#ifndef HFTBOT_BENCH_SEED_SEED_REPORT_H_
#define HFTBOT_BENCH_SEED_SEED_REPORT_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hftbot::seed {

// The seven workloads, in report order.
const std::vector<std::string>& Workloads();

// One benchmark case's repetitions from one process.
struct CaseRuns {
  std::string name;               // normalised: no /iterations:N, /real_time, /manual_time
  std::string time_kind = "cpu";  // "cpu", "wall" or "manual" (see above)
  std::vector<double> times_ns;   // one per repetition
  std::map<std::string, std::vector<double>> counters;  // user counters, one value per repetition
};

// Parses Google Benchmark's JSON output (--benchmark_out_format=json). Keeps
// run_type "iteration" entries only (aggregates are recomputed), grouped by case in
// file order. Bare nan/inf, which Google Benchmark may write, are read as null.
// Throws std::runtime_error on text that is not a benchmark report. When `context`
// is given, the report's "context" object (host, custom context) is stored there.
std::vector<CaseRuns> ParseBenchmarkJson(const std::string& text,
                                         nlohmann::json* context = nullptr);

// The two steps of ParseBenchmarkJson: the text as JSON (bare nan/inf read as null;
// throws as above), and the cases of such a document.
nlohmann::json ReadBenchmarkJson(const std::string& text);
std::vector<CaseRuns> CasesOf(const nlohmann::json& doc);

// "order_book_ops/iterations:100000/iterations:5" -> "order_book_ops/iterations:100000".
std::string NormaliseCaseName(const std::string& run_name);

// Workload of a case: the first path component ("allocation_patterns/small_64B" ->
// "allocation_patterns").
std::string WorkloadOf(const std::string& case_name);

// Everything one suite run measured: per allocator, the parsed cases of every
// process that ran (timed suite and counted suite kept apart), and the context.
struct AllocatorRuns {
  std::string name;               // "system", "jemalloc", ...
  std::string version;            // from the benchmark context
  std::vector<CaseRuns> timed;    // //bench/seed:seed_bench
  std::vector<CaseRuns> counted;  // //bench/seed:seed_bench_counted
};

struct ReportOptions {
  double alpha = 0.05;          // Mann-Whitney significance level
  double min_effect_pct = 5;    // the smallest time change ever called faster or slower (lab/verdict.h)
  double fragmentation_warn_pct = 30;
  // A recommendation carries a memory caveat when its peak RSS exceeds the lowest
  // allocator's by more than this factor and by more than rss_caveat_min_bytes.
  double rss_caveat_factor = 1.25;
  double rss_caveat_min_bytes = 16.0 * 1024 * 1024;
};

// Builds the report. `allocators` must start with "system" (the baseline); an
// allocator without a case is shown as missing. `meta` is copied into the report
// (version, host, command, repetitions...).
nlohmann::json BuildReport(const std::vector<AllocatorRuns>& allocators, const nlohmann::json& meta,
                           const ReportOptions& options = {});

// The Markdown document for a BuildReport result.
std::string RenderMarkdown(const nlohmann::json& report);

}  // namespace hftbot::seed

#endif  // HFTBOT_BENCH_SEED_SEED_REPORT_H_
