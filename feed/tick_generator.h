// TickGenerator: a deterministic synthetic market for tests, demos and the sample.
//
// Each symbol has a mid price doing a random walk (Gaussian steps scaled by
// volatility × sqrt(elapsed time)), a spread of at least one tick, and displayed
// sizes at the touch. Arrivals, across all symbols together, are a Poisson process
// that now and then switches into a burst (a run of much denser arrivals), as real
// feeds do around news and sweeps. Each arrival is, by ratio, a quote (the walk moves
// and a new touch is published), a trade (at the touch, on the aggressor's opposite
// side, never larger than the displayed size) or a level update (1..level_depth ticks
// behind the touch, on the correct side; size 0 removes the level). The stream opens
// with one quote per symbol in option order (so CSV first-seen ids equal the binary
// header's), and a touch emptied by trades is re-quoted before it trades again.
//
// The output is a pure function of GeneratorOptions: the random source is
// std::mt19937_64 (whose sequence the standard fixes) with our own distributions
// (the standard library's are implementation-defined), so a seed is a file.
// Everything it makes passes TickReader's checks.
//
// Thread-safety: not thread-safe; one generator per thread.

#ifndef HFTBOT_FEED_TICK_GENERATOR_H_
#define HFTBOT_FEED_TICK_GENERATOR_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "feed/event.h"

namespace hftbot::feed {

struct GeneratorOptions {
  std::vector<std::string> symbols = {"SYM0", "SYM1", "SYM2", "SYM3"};
  uint64_t events = 10'000;  // stop after this many events; 0 = no limit
  double duration_s = 0;     // stop before data time passes start + duration; 0 = no limit
  int64_t start_ts_ns = 1'700'000'000'000'000'000;  // 2023-11-14T22:13:20Z
  uint64_t seed = 1;

  // Mean arrivals per second outside bursts, all symbols together; bursts add about
  // rate × burst_probability × burst_length more (defaults: +40%).
  double rate = 10'000;
  double burst_probability = 0.002;  // chance that an arrival starts a burst
  double burst_length = 200;         // mean arrivals in a burst
  double burst_speedup = 20;         // arrivals in a burst come this many times faster

  Price start_price = 100 * kFixedPointScale;        // symbol i starts at start × (1 + i/2)
  Price tick_size = kFixedPointScale / 100;          // 0.01
  double volatility = 0.001;                         // relative std dev of the mid per sqrt(second)
  double spread_ticks = 2;                           // mean spread in ticks (>= 1)
  double mean_size = 5;                              // mean displayed/traded size in units
  Quantity size_increment = kFixedPointScale / 100;  // sizes are multiples of 0.01

  double trade_ratio = 0.1;  // share of arrivals that are trades
  double level_ratio = 0.3;  // share that are level updates; the rest are quotes
  int level_depth = 10;      // level updates land 1..level_depth ticks behind the touch
};

class TickGenerator {
 public:
  // Throws std::invalid_argument for inconsistent options (no symbols, ratios outside
  // [0, 1] or summing above 1, non-positive rate, tick size or start price, no stop).
  explicit TickGenerator(GeneratorOptions options);

  // Stores the next event; false once the count or duration is reached.
  [[nodiscard]] bool Next(Event& event);

  const GeneratorOptions& options() const { return options_; }
  uint64_t generated() const { return generated_; }

 private:
  struct SymbolState {
    int64_t mid_ticks = 0;  // mid in ticks; bid = mid - spread / 2
    int64_t bid_ticks = 0;
    int64_t ask_ticks = 0;
    Quantity bid_size = 0;
    Quantity ask_size = 0;
    int64_t last_quote_ns = 0;
    bool quoted = false;
  };

  double Uniform();      // [0, 1)
  double Exponential();  // mean 1
  double Normal();       // mean 0, std dev 1
  Quantity RandomSize();
  void Quote(SymbolState& state, int64_t ts_ns, Event& event);

  GeneratorOptions options_;
  std::mt19937_64 rng_;
  std::vector<SymbolState> states_;
  int64_t min_mid_ticks_ = 0;
  double clock_ns_ = 0;  // data time since start, as a double to keep sub-ns gaps
  uint64_t burst_left_ = 0;
  uint64_t generated_ = 0;
  bool has_spare_normal_ = false;
  double spare_normal_ = 0;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_TICK_GENERATOR_H_
