#include "pipeline/options.h"

namespace hftbot::pipeline {

std::string OnFullName(OnFull on_full) { return on_full == OnFull::kBlock ? "block" : "drop"; }

std::optional<OnFull> ParseOnFull(std::string_view name) {
  if (name == "block") return OnFull::kBlock;
  if (name == "drop") return OnFull::kDrop;
  return std::nullopt;
}

std::string TopologyName(Topology topology) {
  switch (topology) {
    case Topology::kAuto: return "auto";
    case Topology::kThreaded: return "threaded";
    case Topology::kCompact: return "compact";
  }
  return "?";
}

std::optional<Topology> ParseTopology(std::string_view name) {
  for (Topology t : {Topology::kAuto, Topology::kThreaded, Topology::kCompact}) {
    if (TopologyName(t) == name) return t;
  }
  return std::nullopt;
}

std::string GatewayModeName(GatewayMode mode) {
  switch (mode) {
    case GatewayMode::kAuto: return "auto";
    case GatewayMode::kThread: return "thread";
    case GatewayMode::kInline: return "inline";
  }
  return "?";
}

std::optional<GatewayMode> ParseGatewayMode(std::string_view name) {
  for (GatewayMode m : {GatewayMode::kAuto, GatewayMode::kThread, GatewayMode::kInline}) {
    if (GatewayModeName(m) == name) return m;
  }
  return std::nullopt;
}

}  // namespace hftbot::pipeline
