#include "pipeline/wait_strategy.h"

namespace hftbot::pipeline {

std::string WaitStrategyName(WaitStrategy wait) {
  switch (wait) {
    case WaitStrategy::kSpin: return "spin";
    case WaitStrategy::kYield: return "yield";
    case WaitStrategy::kBlock: return "block";
    case WaitStrategy::kAuto: return "auto";
  }
  return "?";
}

std::optional<WaitStrategy> ParseWaitStrategy(std::string_view name) {
  for (WaitStrategy w : {WaitStrategy::kSpin, WaitStrategy::kYield, WaitStrategy::kBlock, WaitStrategy::kAuto}) {
    if (WaitStrategyName(w) == name) return w;
  }
  return std::nullopt;
}

WaitStrategy ResolveWaitStrategy(WaitStrategy requested, int busy_threads, int cores) {
  if (requested != WaitStrategy::kAuto) return requested;
  return busy_threads <= cores ? WaitStrategy::kSpin : WaitStrategy::kBlock;
}

}  // namespace hftbot::pipeline
