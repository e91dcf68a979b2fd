#include "lab/run_report.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace hftbot::lab {

using nlohmann::json;

std::string CheckRunReport(const json& report) {
  if (!report.is_object()) return "not a JSON object";
  if (!report.value("allocator", json()).is_object() || !report["allocator"].value("name", json()).is_string()) {
    return "no allocator.name";
  }
  if (!report.value("digest", json()).is_string()) return "no digest";
  if (!report.value("throughput_ticks_per_s", json()).is_number()) return "no throughput_ticks_per_s";
  if (!report.value("latency_ns", json()).is_object()) return "no latency_ns";
  if (!report.value("run", json()).is_object()) return "no run";
  if (!report.value("memory", json()).is_object() || !report["memory"].value("peak_rss_bytes", json()).is_number()) {
    return "no memory.peak_rss_bytes";
  }
  return "";
}

std::string LoadJsonFile(const std::string& path, json* out) {
  std::ifstream in(path);
  if (!in) return std::filesystem::exists(path) ? "cannot read " + path : path + " missing";
  std::stringstream text;
  text << in.rdbuf();
  *out = json::parse(text.str(), nullptr, false);
  if (out->is_discarded()) return path + ": not valid JSON";
  return "";
}

std::string LoadRunReport(const std::string& path, json* report) {
  std::string problem = LoadJsonFile(path, report);
  if (!problem.empty()) return problem;
  problem = CheckRunReport(*report);
  return problem.empty() ? "" : path + ": " + problem;
}

}  // namespace hftbot::lab
