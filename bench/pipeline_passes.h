// Timed passes over one tick file, for the benches that hold the pipeline against its
// engine (pipeline_ratio, pipeline_perf_guard): the SymbolEngines of one profile alone
// on this thread (every symbol, the events in the feed's data-time order, already in
// memory), and the pooled pipeline at max speed in the compact topology (one feed
// thread, one engine thread putting its own orders on the wire). Both use the bot's
// default engine settings and strategy (config/default.toml, market_maker), so their
// per-symbol digests must agree: a rate of different work means nothing.
//
// Thread safety: call from one thread; RunCompactPipeline starts and joins its own.

#ifndef HFTBOT_BENCH_PIPELINE_PASSES_H_
#define HFTBOT_BENCH_PIPELINE_PASSES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/allocation_profile.h"
#include "engine/symbol_engine.h"
#include "feed/event.h"
#include "feed/tick_file.h"

namespace hftbot::bench {

// The bot's default engine settings and strategy (config/default.toml), written out
// because bench may not link //bot's config loader; //tests:bench_defaults_test holds
// them to the file as the bot loads it.
engine::EngineConfig DefaultEngineConfig(engine::AllocationProfile profile);
inline constexpr const char* kDefaultStrategy = "market_maker";
std::map<std::string, double> DefaultStrategyParams();

struct Pass {
  uint64_t events = 0;  // processed
  double seconds = 0;   // wall time of the timed part
  double events_per_s = 0;
  std::vector<uint64_t> digests;  // per symbol, index == SymbolId
};

// Every symbol's events in the order one feed thread publishes them: by data time, ties
// by symbol id (a stable merge of the per-symbol streams).
std::vector<feed::Event> FeedOrder(const feed::LoadedTicks& ticks);

// Fresh engines of `profile`, one per symbol, fed `events` (FeedOrder(ticks)); orders go
// nowhere. Times the events only, not construction or Finish.
Pass RunEngines(engine::AllocationProfile profile, const feed::LoadedTicks& ticks,
                const std::vector<feed::Event>& events);

// The pooled compact pipeline, inline gateway, one feed thread, max speed: the
// pipeline's own duration (replay start to the last order on the wire). The engine
// thread times 1 event in `time_every` (1: every event, as the bot does by default).
Pass RunCompactPipeline(const feed::LoadedTicks& ticks, uint32_t time_every);

}  // namespace hftbot::bench

#endif  // HFTBOT_BENCH_PIPELINE_PASSES_H_
