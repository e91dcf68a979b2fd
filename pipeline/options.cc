#include "pipeline/options.h"

namespace hftbot::pipeline {

std::string OnFullName(OnFull on_full) { return on_full == OnFull::kBlock ? "block" : "drop"; }

std::optional<OnFull> ParseOnFull(std::string_view name) {
  if (name == "block") return OnFull::kBlock;
  if (name == "drop") return OnFull::kDrop;
  return std::nullopt;
}

}  // namespace hftbot::pipeline
