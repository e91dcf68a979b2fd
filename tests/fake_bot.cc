// A stand-in for the bot in the lab tools' end-to-end tests: it takes the bot's
// command line and writes a report (and .hgrm files) with figures a test chose, at once
// and deterministically, so the tests exercise compare, tune and sweep (verdicts,
// recommendations, failures, timeouts, resumption) without depending on timing.
//
// It is installed (symlinked) as <dir>/<allocator>/bot and reads <dir>/fake.json:
//   {"allocators": {"jemalloc": {"throughput": 1.8e6, "service_p99": 3000,
//                                "t2o_p99": 40000, "rss": 3.3e7}},
//    "env_scale": {"MALLOC_CONF=percpu_arena:percpu": 0.75},   latency x, throughput /
//    "problems": {"MALLOC_CONF=narenaz:2": "invalid conf pair narenaz:2"},
//    "fail": {"jemalloc": [3]},    the 3rd invocation exits 105 with a message
//    "hang": {"mimalloc": [2]}}    the 2nd invocation sleeps for a minute
// Invocations are counted per allocator in <dir>/<allocator>/count. Figures move by
// 0.5% per invocation (cycling over 5) so runs differ but never cross a real effect.
// Paced (--rate R) below its saturation (the throughput figure), tick_to_order p99 is
// t2o_p99 / (1 - R / saturation); at max speed or past saturation it is milliseconds.

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "metrics/hgrm.h"
#include "metrics/histogram.h"
#include "metrics/hlog_writer.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json Load(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str(), nullptr, false);
}

int NextInvocation(const fs::path& counter) {
  int count = 0;
  std::ifstream(counter) >> count;
  std::ofstream(counter) << ++count;
  return count;
}

bool Listed(const json& config, const char* key, const std::string& allocator, int invocation) {
  const json& list = config.value(key, json::object()).value(allocator, json::array());
  for (const json& n : list) {
    if (n == invocation) return true;
  }
  return false;
}

// 900 values at p50, 90 at p99, 10 at p99.9 (each times `copies`): a histogram with
// those percentiles.
hftbot::metrics::Histogram Shaped(double p50, double p99, double p99_9, int copies = 1) {
  hftbot::metrics::Histogram h(1, 60'000'000'000, 3);
  if (!h.RecordN(static_cast<int64_t>(p50), 900 * copies) || !h.RecordN(static_cast<int64_t>(p99), 90 * copies) ||
      !h.RecordN(static_cast<int64_t>(p99_9), 10 * copies)) {
    std::cerr << "fake bot: value out of the histogram's range\n";
  }
  return h;
}

void WriteHgrm(const fs::path& path, double p50, double p99, double p99_9) {
  hftbot::metrics::HgrmOptions options;
  options.value_scale = 1000;
  std::ofstream(path) << hftbot::metrics::FormatHgrm(Shaped(p50, p99, p99_9), options);
}

// Five 10 ms intervals of the two stages; the third is a burst (ten times the events:
// 1 M/s against 100 k/s) with a tenfold p99 spike.
void WriteHlog(const std::string& path, const json& t2o, const json& service) {
  hftbot::metrics::HlogWriter writer(path, 1.7e9, {"tick_to_order", "engine_service"});
  for (int i = 0; i < 5; ++i) {
    const double spike = i == 2 ? 10 : 1;
    for (const auto& [tag, stage] : {std::pair{"tick_to_order", &t2o}, std::pair{"engine_service", &service}}) {
      const double p50 = (*stage)["p50"], p99 = (*stage)["p99"], p99_9 = (*stage)["p99_9"];
      if (!writer.Append(tag, 0.01 * i, 0.01, Shaped(p50, p99 * spike, p99_9 * spike, static_cast<int>(spike)))) break;
    }
  }
  if (!writer.Close()) std::cerr << "fake bot: " << writer.error() << "\n";
}

int FakeBot(int argc, char** argv) {
  std::map<std::string, std::string> options;
  for (int i = 1; i + 1 < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) == 0 && std::string(argv[i + 1]).rfind("--", 0) != 0) options[arg] = argv[++i];
  }
  const fs::path self = fs::absolute(argv[0]);
  const std::string allocator = self.parent_path().filename().string();
  const json config = Load(self.parent_path().parent_path() / "fake.json");
  if (config.is_discarded() || options.count("--report-json") == 0) {
    std::cerr << "fake bot: no fake.json next to " << self.parent_path() << " or no --report-json\n";
    return 2;
  }
  const int invocation = NextInvocation(self.parent_path() / "count");
  if (Listed(config, "fail", allocator, invocation)) {
    std::cerr << "bot: error: --rate: expected a positive number of events/s, got '0'\n";
    return 105;
  }
  if (Listed(config, "hang", allocator, invocation)) std::this_thread::sleep_for(std::chrono::seconds(60));

  const json& figures = config["allocators"].value(allocator, json::object());
  double scale = 1;
  std::vector<std::string> problems;
  const json env_scale = config.value("env_scale", json::object());
  const json env_problems = config.value("problems", json::object());
  for (const auto& [setting, factor] : env_scale.items()) {
    const std::string name = setting.substr(0, setting.find('='));
    const char* value = getenv(name.c_str());
    if (value != nullptr && setting == name + "=" + value) scale *= factor.get<double>();
  }
  for (const auto& [setting, problem] : env_problems.items()) {
    const std::string name = setting.substr(0, setting.find('='));
    const char* value = getenv(name.c_str());
    if (value != nullptr && setting == name + "=" + value) problems.push_back(problem);
  }
  const double jitter = 1 + 0.005 * (invocation % 5);
  const double saturation = figures.value("throughput", 1.5e6) / scale;
  const double rate = options.count("--rate") ? std::stod(options["--rate"]) : 0;
  const bool paced = rate > 0;
  const double load = paced ? rate / saturation : 10;
  const double t2o_p99 = (load < 1 ? figures.value("t2o_p99", 40000.0) / (1 - load) : 5e6 * load) * scale * jitter;
  const double service_p99 = figures.value("service_p99", 4000.0) * scale * jitter;
  const json stage_t2o = {{"count", 1000}, {"p50", t2o_p99 / 6}, {"p90", t2o_p99 / 2}, {"p99", t2o_p99},
                          {"p99_9", t2o_p99 * 3}, {"max", t2o_p99 * 5}, {"mean", t2o_p99 / 4}};
  const json stage_service = {{"count", 1000}, {"p50", service_p99 / 4}, {"p90", service_p99 / 2},
                              {"p99", service_p99}, {"p99_9", service_p99 * 2}, {"max", service_p99 * 4},
                              {"mean", service_p99 / 3}};
  const json report = {
      {"allocator", {{"name", allocator}, {"version", "fake-1"}, {"active", true}, {"problems", problems}}},
      {"host", {{"cpu", "fake"}, {"cores", 2}}},
      {"digest", figures.value("digest", "fakedigest")},
      {"throughput_ticks_per_s", (paced ? std::min(rate, saturation) : saturation) * (2 - jitter)},
      {"run",
       {{"speed", options.count("--speed") && options["--speed"] != "max" ? json(std::stod(options["--speed"])) : json("max")},
        {"rate", rate},
        {"paced", paced},
        {"profile", options.count("--profile") ? options["--profile"] : "naive"},
        {"duration_s", 0.01}}},
      {"core_floor_ns", {{"one_way_p50", 100}}},
      {"latency_ns", {{"tick_to_order", stage_t2o}, {"engine_service", stage_service}}},
      {"memory", {{"peak_rss_bytes", figures.value("rss", 3.3e7) * jitter}, {"allocs_per_tick", 3.9}}},
      {"memory_timeline", json::array({{{"t_s", 0.0}, {"rss_bytes", 3.0e7}}, {{"t_s", 0.01}, {"rss_bytes", 3.3e7}}})}};
  if (options.count("--hgrm-dir")) {
    WriteHgrm(fs::path(options["--hgrm-dir"]) / "tick_to_order.hgrm", stage_t2o["p50"], t2o_p99, stage_t2o["p99_9"]);
    WriteHgrm(fs::path(options["--hgrm-dir"]) / "engine_service.hgrm", stage_service["p50"], service_p99,
              stage_service["p99_9"]);
  }
  if (options.count("--hlog")) WriteHlog(options["--hlog"], stage_t2o, stage_service);
  std::ofstream(options["--report-json"]) << report.dump(2);
  std::cout << "fake bot: " << allocator << " invocation " << invocation << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return FakeBot(argc, argv); }
