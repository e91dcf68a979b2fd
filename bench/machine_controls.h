// The machine's state of the moment, for the pipeline's perf guard: two control cases
// that are not project code and never call the allocator, so a change in their time
// is the machine (co-tenant load, frequency, scheduling), never the bot.
// - ComputeKernelNs: one thread, a fixed integer kernel (xorshift64), the single-thread
//   engine passes' control;
// - HandOffNs: two threads streaming integers through a single-producer single-consumer
//   ring (plain atomics), both spinning with a pause between polls, the two-thread compact
//   pipeline's control: its feed and engine threads hand events over and wait the same
//   way, and suffer the same when a co-tenant takes a core.
// Each runs whole chunks until at least `min_time` has passed and returns the mean.
//
// Thread safety: call from one thread; HandOffNs starts and joins its own.

#ifndef HFTBOT_BENCH_MACHINE_CONTROLS_H_
#define HFTBOT_BENCH_MACHINE_CONTROLS_H_

#include <chrono>

namespace hftbot::bench {

// Nanoseconds per kernel step (one xorshift64 round).
double ComputeKernelNs(std::chrono::nanoseconds min_time);

// Nanoseconds per integer handed from one thread to the other.
double HandOffNs(std::chrono::nanoseconds min_time);

}  // namespace hftbot::bench

#endif  // HFTBOT_BENCH_MACHINE_CONTROLS_H_
