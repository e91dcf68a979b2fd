// How a pipeline thread with nothing to do waits: the one choice that decides whether
// a replay measures the bot or the operating system's wake-up path.
//
//   spin   busy-polls with a pause instruction: lowest latency, burns a core
//   yield  sched_yield between polls: lets another runnable thread in
//   block  spins briefly, then parks on a Doorbell (producers ring it only while the
//          consumer is parked); paced feeds sleep to each scheduled time
//   auto   spin while busy threads <= usable cores, else block
//
// Thread safety: plain values and pure functions.

#ifndef HFTBOT_PIPELINE_WAIT_STRATEGY_H_
#define HFTBOT_PIPELINE_WAIT_STRATEGY_H_

#include <optional>
#include <string>
#include <string_view>

namespace hftbot::pipeline {

enum class WaitStrategy { kSpin, kYield, kBlock, kAuto };

std::string WaitStrategyName(WaitStrategy wait);
std::optional<WaitStrategy> ParseWaitStrategy(std::string_view name);

// auto resolved for `busy_threads` spinning threads on `cores` CPUs; others unchanged.
WaitStrategy ResolveWaitStrategy(WaitStrategy requested, int busy_threads, int cores);

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_WAIT_STRATEGY_H_
