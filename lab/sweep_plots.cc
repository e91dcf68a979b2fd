#include "lab/sweep_plots.h"

#include <fmt/format.h>

#include "lab/plot.h"

namespace hftbot::lab {

using nlohmann::json;

std::vector<std::string> WriteSweepPlots(const std::string& out_dir, const json& analysis,
                                         const std::vector<std::string>& profiles,
                                         const std::vector<std::string>& allocators, std::vector<std::string>* problems) {
  std::vector<std::string> written;
  for (const std::string& profile : profiles) {
    const json& p = analysis.value(profile, json::object());
    if (!p.contains("allocators")) continue;
    for (const char* stage : {"tick_to_order", "engine_service"}) {
      std::vector<PlotSeries> series;
      std::vector<VerticalMarker> markers;
      for (size_t k = 0; k < allocators.size(); ++k) {
        const json& a = p["allocators"].value(allocators[k], json());
        if (a.is_null()) continue;
        const int color = static_cast<int>(k) + 1;
        const struct {
          const char* stat;
          const char* name;
          int dash;
        } lines[] = {{"p99", "p99", 1}, {"p50", "p50", 2}, {"p99_9", "p99.9", 3}};
        for (const auto& line : lines) {
          PlotSeries s{fmt::format("{} {}", allocators[k], line.name), {}, color, line.dash};
          for (const json& point : a["points"]) {
            const json& v = point[stage].value(line.stat, json());
            if (v.is_number()) s.points.emplace_back(point["rate"].get<double>(), v.get<double>() / 1000);
          }
          series.push_back(s);
        }
        markers.push_back({a["saturation"]["median"].get<double>(), allocators[k] + " saturates", color});
      }
      std::optional<HorizontalMarker> bound;
      if (std::string(stage) == p["slo_metric"].get<std::string>().substr(0, p["slo_metric"].get<std::string>().find('.')) &&
          p["slo_ns"].get<double>() > 0) {
        bound = HorizontalMarker{p["slo_ns"].get<double>() / 1000, "SLO " + p["slo_metric"].get<std::string>()};
      }
      const std::string name = fmt::format("sweep-{}-{}.png", profile, stage);
      const std::string problem = PlotLatencyAgainstRate(
          out_dir + "/" + name, fmt::format("{} against offered rate ({} profile)", stage, profile), series, markers, bound);
      if (problem.empty()) {
        written.push_back(name);
      } else {
        problems->push_back(name + ": " + problem);
      }
    }
  }
  return written;
}

}  // namespace hftbot::lab
