#include "alloc/component.h"

namespace hftbot::alloc {
namespace {

constexpr std::string_view kNames[kComponentCount] = {
    "cold", "feed", "queue", "book", "exchange", "strategy", "risk", "gateway", "reports",
};

}  // namespace

std::string_view ComponentName(Component component) {
  auto index = static_cast<int>(component);
  return index < kComponentCount ? kNames[index] : std::string_view("unknown");
}

std::optional<Component> ParseComponent(std::string_view name) {
  for (int i = 0; i < kComponentCount; ++i) {
    if (kNames[i] == name) return static_cast<Component>(i);
  }
  return std::nullopt;
}

}  // namespace hftbot::alloc
