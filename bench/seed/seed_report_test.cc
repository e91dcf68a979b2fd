#include "bench/seed/seed_report.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hftbot::seed {
namespace {

using nlohmann::json;

// A case with the given times (ns) and a constant peak RSS.
CaseRuns Case(const std::string& name, std::vector<double> times, double peak_rss = 50e6,
              const char* kind = "cpu") {
  CaseRuns c{name, kind, std::move(times), {}};
  c.counters["peak_rss_bytes"] = std::vector<double>(c.times_ns.size(), peak_rss);
  return c;
}

std::vector<double> Around(double centre, int n = 6) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(centre * (1 + 0.001 * i));
  return v;
}

TEST(NormaliseCaseNameTest, DropsGoogleBenchmarkSuffixes) {
  EXPECT_EQ(NormaliseCaseName("order_book_ops/steps:100000/iterations:5"),
            "order_book_ops/steps:100000");
  EXPECT_EQ(NormaliseCaseName(
                "allocation_patterns/create_use_destroy_128B/iterations:100/real_time/threads:4"),
            "allocation_patterns/create_use_destroy_128B/threads:4");
  EXPECT_EQ(NormaliseCaseName("object_pool/pool/batch:1/lifetime:0/iterations:20/manual_time"),
            "object_pool/pool/batch:1/lifetime:0");
  EXPECT_EQ(WorkloadOf("allocation_patterns/small_64B/count:50000"), "allocation_patterns");
}

TEST(ParseBenchmarkJsonTest, KeepsRepetitionsPicksTheRightTimeAndReadsNanAsUnknown) {
  const std::string text = R"({
    "context": {"allocator": "system"},
    "benchmarks": [
      {"name": "order_book_ops/steps:100000/iterations:5", "run_name": "order_book_ops/steps:100000/iterations:5",
       "run_type": "iteration", "repetition_index": 0, "real_time": 30.0, "cpu_time": 7.0, "time_unit": "ms",
       "peak_rss_bytes": 1.5e7, "items_per_second": nan},
      {"name": "order_book_ops/steps:100000/iterations:5", "run_name": "order_book_ops/steps:100000/iterations:5",
       "run_type": "iteration", "repetition_index": 1, "real_time": 31.0, "cpu_time": 8.0, "time_unit": "ms",
       "peak_rss_bytes": 1.6e7, "items_per_second": 1.0},
      {"name": "order_book_ops/steps:100000/iterations:5_mean", "run_name": "order_book_ops/steps:100000/iterations:5",
       "run_type": "aggregate", "aggregate_name": "cv", "real_time": 30.5, "cpu_time": 7.5, "time_unit": "ms",
       "fragmentation_warnings": -nan},
      {"name": "market_data_processor/threads:2/iterations:3/real_time",
       "run_name": "market_data_processor/threads:2/iterations:3/real_time",
       "run_type": "iteration", "real_time": 20.0, "cpu_time": 0.1, "time_unit": "us"}
    ]})";
  json context;
  const std::vector<CaseRuns> cases = ParseBenchmarkJson(text, &context);
  EXPECT_EQ(context["allocator"], "system");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].name, "order_book_ops/steps:100000");
  EXPECT_EQ(cases[0].time_kind, "cpu");
  EXPECT_EQ(cases[0].times_ns, (std::vector<double>{7e6, 8e6}));  // cpu_time, aggregates dropped
  EXPECT_EQ(cases[0].counters.at("peak_rss_bytes"), (std::vector<double>{1.5e7, 1.6e7}));
  EXPECT_EQ(cases[0].counters.at("items_per_second"),
            (std::vector<double>{-1, 1.0}));  // nan -> not reported
  EXPECT_EQ(cases[0].counters.count("repetition_index"), 0u);
  EXPECT_EQ(cases[1].name, "market_data_processor/threads:2");
  EXPECT_EQ(cases[1].time_kind, "wall");
  EXPECT_EQ(cases[1].times_ns, (std::vector<double>{20e3}));  // real_time
}

TEST(ParseBenchmarkJsonTest, RejectsTextThatIsNotABenchmarkReport) {
  EXPECT_THROW(ParseBenchmarkJson(R"({"nothing": 1})"), std::runtime_error);
  EXPECT_ANY_THROW(ParseBenchmarkJson("not json"));
}

std::vector<AllocatorRuns> Synthetic() {
  // order_book_ops: jemalloc 20% faster beyond noise; mimalloc within noise (interleaved).
  // object_pool: allocator 10 ns/order, pool 2 ns/order, setup 800 ns -> break-even 100 orders.
  std::vector<AllocatorRuns> runs(4);
  const char* names[] = {"system", "jemalloc", "mimalloc", "tcmalloc"};
  for (int i = 0; i < 4; ++i) {
    runs[i].name = names[i];
    runs[i].version = "v" + std::to_string(i);
  }
  runs[0].timed.push_back(Case("order_book_ops/steps:100000", Around(100)));
  runs[1].timed.push_back(Case("order_book_ops/steps:100000", Around(80), 90e6));
  runs[2].timed.push_back(Case("order_book_ops/steps:100000", {99, 101, 99.5, 100.5, 98, 102}));
  runs[3].timed.push_back(Case("order_book_ops/steps:100000", Around(130)));
  for (auto& r : runs) {
    CaseRuns alloc_case = Case("object_pool/new_delete/batch:1/lifetime:0", Around(10 * 1000));
    alloc_case.counters["orders_per_iteration"] = std::vector<double>(6, 1000);
    CaseRuns pool_case =
        Case("object_pool/pool/batch:1/lifetime:0", Around(2 * 1000), 50e6, "manual");
    pool_case.counters["setup_ns"] = std::vector<double>(6, 800);
    pool_case.counters["orders_per_iteration"] = std::vector<double>(6, 1000);
    r.timed.push_back(alloc_case);
    r.timed.push_back(pool_case);
    CaseRuns counted = Case("trading_engine_sim/orders:10000", Around(1000));
    counted.counters["allocations"] = std::vector<double>(6, 30000);
    counted.counters["deallocations"] = std::vector<double>(6, 20000);
    counted.counters["bytes_allocated"] = std::vector<double>(6, 2e6);
    r.counted.push_back(counted);
    r.timed.push_back(Case("counter_overhead/new_delete_64", Around(10)));
    r.counted.push_back(Case("counter_overhead/new_delete_64", Around(12)));
  }
  return runs;
}

TEST(BuildReportTest, RatiosSpreadAndRecommendations) {
  const json report = BuildReport(Synthetic(), {{"repetitions", 6}});
  EXPECT_EQ(report["schema"], "hftbot-seed-report/1");
  const json& order_book = report["cases"][0];
  EXPECT_EQ(order_book["case"], "order_book_ops/steps:100000");
  EXPECT_DOUBLE_EQ(order_book["allocators"]["system"]["ratio"].get<double>(), 1.0);
  EXPECT_NEAR(order_book["allocators"]["jemalloc"]["ratio"].get<double>(), 0.8, 0.01);
  EXPECT_TRUE(order_book["allocators"]["jemalloc"]["significant"].get<bool>());
  EXPECT_FALSE(order_book["allocators"]["mimalloc"]["significant"].get<bool>());
  EXPECT_NEAR(order_book["allocators"]["mimalloc"]["ratio_min"].get<double>(), 0.98, 0.01);
  EXPECT_NEAR(order_book["allocators"]["mimalloc"]["ratio_max"].get<double>(), 1.02, 0.01);

  ASSERT_EQ(report["workloads"].size(), 2u);  // order_book_ops and object_pool have data
  const json& w = report["workloads"][0];
  EXPECT_EQ(w["workload"], "order_book_ops");
  EXPECT_EQ(w["recommendation"]["allocator"], "jemalloc");
  // jemalloc's 90 MB peak RSS against 50 MB for the others earns a memory caveat.
  EXPECT_NE(w["recommendation"]["reason"].get<std::string>().find("memory caveat"),
            std::string::npos);
  EXPECT_DOUBLE_EQ(w["allocators"]["jemalloc"]["peak_rss_bytes"].get<double>(), 90e6);

  // object_pool ranks only new_delete, where all allocators are equal: system stays.
  EXPECT_EQ(report["workloads"][1]["allocators"]["jemalloc"]["cases"], 1);
  EXPECT_EQ(report["workloads"][1]["recommendation"]["allocator"], "system");
}

TEST(BuildReportTest, ObjectPoolBreakEven) {
  const json report = BuildReport(Synthetic(), json::object());
  ASSERT_EQ(report["object_pool_break_even"].size(), 4u);
  const json& row = report["object_pool_break_even"][0];
  EXPECT_EQ(row["shape"], "batch:1/lifetime:0");
  EXPECT_NEAR(row["alloc_ns_per_order"].get<double>(), 10, 0.05);
  EXPECT_NEAR(row["pool_ns_per_order"].get<double>(), 2, 0.05);
  EXPECT_NEAR(row["break_even_orders"].get<double>(), 100, 2);  // 800 / (10 - 2)
}

TEST(BuildReportTest, PoolSlowerThanAllocatorNeverBreaksEven) {
  auto runs = Synthetic();
  for (auto& r : runs) r.timed[2].times_ns = Around(20 * 1000);  // pool 20 ns/order
  const json report = BuildReport(runs, json::object());
  EXPECT_TRUE(report["object_pool_break_even"][0]["break_even_orders"].is_null());
  EXPECT_EQ(report["object_pool_break_even"][0]["verdict"].get<std::string>().rfind("never", 0),
            0u);
}

TEST(BuildReportTest, CountsAndCounterOverhead) {
  auto runs = Synthetic();
  json report = BuildReport(runs, json::object());
  ASSERT_EQ(report["trading_engine_counts"].size(), 1u);
  EXPECT_TRUE(report["trading_engine_counts"][0]["identical_across_allocators"].get<bool>());
  EXPECT_DOUBLE_EQ(
      report["trading_engine_counts"][0]["allocators"]["system"]["allocations"].get<double>(),
      30000);
  EXPECT_NEAR(report["counter_overhead"]["system"]["overhead_ns"].get<double>(), 2, 0.01);

  runs[2].counted[0].counters["allocations"] = std::vector<double>(6, 30001);
  report = BuildReport(runs, json::object());
  EXPECT_FALSE(report["trading_engine_counts"][0]["identical_across_allocators"].get<bool>());
}

TEST(BuildReportTest, NoAllocatorBeatsSystemKeepsSystem) {
  auto runs = Synthetic();
  runs[1].timed[0].times_ns = Around(120);
  const json report = BuildReport(runs, json::object());
  EXPECT_EQ(report["workloads"][0]["recommendation"]["allocator"], "system");
  EXPECT_EQ(report["overall"]["recommendation"]["allocator"], "system");
}

TEST(BuildReportTest, ThreeRepetitionsAreTooFewToPickAnything) {
  // --quick: 3 repetitions. jemalloc's 20% would be a pick with 6; with 3 no test can
  // reach p < 0.05, so nothing is picked, system neither, and the table bolds nothing.
  auto runs = Synthetic();
  for (auto& r : runs) {
    for (auto& c : r.timed) {
      c.times_ns.resize(3);
      for (auto& [key, values] : c.counters) values.resize(3);
    }
  }
  const json report = BuildReport(runs, {{"repetitions", 3}, {"quick", true}});
  const json& order_book = report["workloads"][0];
  EXPECT_EQ(order_book["recommendation"]["allocator"], "");
  EXPECT_NE(order_book["recommendation"]["reason"].get<std::string>().find("too few runs to tell"), std::string::npos)
      << order_book["recommendation"]["reason"];
  EXPECT_EQ(report["overall"]["recommendation"]["allocator"], "");
  EXPECT_EQ(report["cases"][0]["allocators"]["jemalloc"]["word"], "too few runs to tell");
  const std::string md = RenderMarkdown(report);
  EXPECT_EQ(md.find("**0.80"), std::string::npos) << "no bold pick: " << md;
  EXPECT_EQ(md.find("**1.00"), std::string::npos) << "not system either: " << md;
  EXPECT_NE(md.find("| too few runs to tell |"), std::string::npos) << md;
  EXPECT_NE(md.find("- **order_book_ops**: too few runs to tell on order_book_ops"), std::string::npos) << md;
  EXPECT_EQ(md.find("no allocator beats system"), std::string::npos) << md;
}

TEST(BuildReportTest, ASignificantButTinyDifferenceIsNotFaster) {
  // 2% faster in every repetition: p < 0.05, but under the 5% minimum effect.
  auto runs = Synthetic();
  runs[2].timed[0].times_ns = Around(98);
  const json report = BuildReport(runs, json::object());
  EXPECT_EQ(report["cases"][0]["allocators"]["mimalloc"]["word"], "within noise");
  EXPECT_FALSE(report["cases"][0]["allocators"]["mimalloc"]["significant"].get<bool>());
}

TEST(BuildReportTest, RequiresSystemFirst) {
  auto runs = Synthetic();
  std::swap(runs[0], runs[1]);
  EXPECT_THROW(BuildReport(runs, json::object()), std::invalid_argument);
}

TEST(RenderMarkdownTest, OneRowPerWorkloadAndTheOverallRow) {
  const std::string md = RenderMarkdown(BuildReport(Synthetic(), {{"repetitions", 6}}));
  EXPECT_NE(md.find("| workload | system | jemalloc | mimalloc | tcmalloc | recommendation |"),
            std::string::npos);
  EXPECT_NE(
      md.find("| order_book_ops | 1.00 [1.00–1.00] · 48 MiB | **0.80 [0.80–0.80]** · 86 MiB |"),
      std::string::npos)
      << md;
  EXPECT_NE(md.find("| **overall** |"), std::string::npos);
  EXPECT_NE(md.find("Object pool break-even"), std::string::npos);
}

}  // namespace
}  // namespace hftbot::seed
