#include "feed/tick_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

namespace hftbot::feed {

TickGenerator::TickGenerator(GeneratorOptions options)
    : options_(std::move(options)), rng_(options_.seed) {
  const GeneratorOptions& o = options_;
  if (o.symbols.empty()) throw std::invalid_argument("generator: no symbols");
  if (o.events == 0 && o.duration_s <= 0) {
    throw std::invalid_argument("generator: give an event count or a duration");
  }
  if (!(o.rate > 0)) throw std::invalid_argument("generator: rate must be positive");
  if (o.trade_ratio < 0 || o.level_ratio < 0 || o.trade_ratio + o.level_ratio > 1) {
    throw std::invalid_argument("generator: trade and level ratios must be >= 0, sum <= 1");
  }
  if (o.burst_probability < 0 || o.burst_probability > 1 || o.burst_length < 0 ||
      !(o.burst_speedup >= 1)) {
    throw std::invalid_argument("generator: burst probability in [0,1], length >= 0, speedup >= 1");
  }
  if (o.tick_size <= 0 || o.start_price <= 0 || o.size_increment <= 0) {
    throw std::invalid_argument("generator: tick size, start price and size step must be positive");
  }
  if (o.volatility < 0 || o.spread_ticks < 1 || o.mean_size <= 0 || o.level_depth < 1) {
    throw std::invalid_argument(
        "generator: volatility >= 0, spread >= 1 tick, mean size > 0, level depth >= 1");
  }
  const int64_t start_ticks = std::max<int64_t>(o.start_price / o.tick_size, 1);
  // Keep the whole displayed book (and every level update) above zero.
  min_mid_ticks_ = 4 * static_cast<int64_t>(o.spread_ticks) + 2 * o.level_depth + 2;
  states_.resize(o.symbols.size());
  for (size_t i = 0; i < states_.size(); ++i) {
    states_[i].mid_ticks =
        std::max(start_ticks + start_ticks * static_cast<int64_t>(i) / 2, min_mid_ticks_);
  }
}

double TickGenerator::Uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }

double TickGenerator::Exponential() { return -std::log1p(-Uniform()); }

double TickGenerator::Normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  // Box-Muller: two uniforms give two independent normals.
  const double radius = std::sqrt(2 * Exponential());
  const double angle = 2 * std::numbers::pi * Uniform();
  spare_normal_ = radius * std::sin(angle);
  has_spare_normal_ = true;
  return radius * std::cos(angle);
}

Quantity TickGenerator::RandomSize() {
  const double units = Exponential() * options_.mean_size;
  const double steps = std::round(units * kFixedPointScale / options_.size_increment);
  return std::max<Quantity>(1, static_cast<Quantity>(steps)) * options_.size_increment;
}

void TickGenerator::Quote(SymbolState& state, int64_t ts_ns, Event& event) {
  if (state.quoted) {
    const double dt_s = static_cast<double>(ts_ns - state.last_quote_ns) * 1e-9;
    const double sigma_ticks =
        static_cast<double>(state.mid_ticks) * options_.volatility * std::sqrt(dt_s);
    state.mid_ticks += static_cast<int64_t>(std::llround(Normal() * sigma_ticks));
    // Reflect at the floor so prices stay positive however long the walk runs.
    if (state.mid_ticks < min_mid_ticks_) state.mid_ticks = 2 * min_mid_ticks_ - state.mid_ticks;
  }
  // Spread: 1 tick plus an exponential excess with the requested mean, capped.
  const double excess = Exponential() * (options_.spread_ticks - 1);
  const int64_t spread = 1 + std::min<int64_t>(static_cast<int64_t>(excess),
                                               4 * static_cast<int64_t>(options_.spread_ticks));
  state.bid_ticks = state.mid_ticks - spread / 2;
  state.ask_ticks = state.bid_ticks + spread;
  state.bid_size = RandomSize();
  state.ask_size = RandomSize();
  state.last_quote_ns = ts_ns;
  state.quoted = true;

  event.kind = EventKind::kQuote;
  event.side = Side::kNone;
  event.price = state.bid_ticks * options_.tick_size;
  event.quantity = state.bid_size;
  event.ask_price = state.ask_ticks * options_.tick_size;
  event.ask_quantity = state.ask_size;
}

bool TickGenerator::Next(Event& event) {
  if (options_.events != 0 && generated_ >= options_.events) return false;

  // Arrival time: exponential gaps, denser inside a burst.
  if (burst_left_ == 0 && Uniform() < options_.burst_probability) {
    burst_left_ = 1 + static_cast<uint64_t>(Exponential() * options_.burst_length);
  }
  double gap_ns = Exponential() * 1e9 / options_.rate;
  if (burst_left_ > 0) {
    gap_ns /= options_.burst_speedup;
    --burst_left_;
  }
  clock_ns_ += gap_ns;
  if (options_.duration_s > 0 && clock_ns_ >= options_.duration_s * 1e9) return false;
  const int64_t ts_ns = options_.start_ts_ns + static_cast<int64_t>(clock_ns_);

  // The first arrivals open every symbol in option order, so a CSV's first-seen order
  // (its SymbolIds) matches the binary header: both formats give the same ids.
  const uint64_t n = states_.size();
  const uint64_t pick = static_cast<uint64_t>(Uniform() * static_cast<double>(n));
  const auto symbol = static_cast<SymbolId>(generated_ < n ? generated_ : std::min(pick, n - 1));
  SymbolState& state = states_[symbol];
  event = Event{};
  event.ts_ns = ts_ns;
  event.symbol = symbol;

  const double draw = Uniform();
  const bool touch_empty = state.bid_size == 0 || state.ask_size == 0;
  if (!state.quoted || touch_empty || draw >= options_.trade_ratio + options_.level_ratio) {
    Quote(state, ts_ns, event);
  } else if (draw < options_.trade_ratio) {
    // A buyer lifts the ask or a seller hits the bid, for at most the displayed size.
    const bool buyer = Uniform() < 0.5;
    Quantity& displayed = buyer ? state.ask_size : state.bid_size;
    event.kind = EventKind::kTrade;
    event.side = buyer ? Side::kBid : Side::kAsk;
    event.price = (buyer ? state.ask_ticks : state.bid_ticks) * options_.tick_size;
    event.quantity = std::min(RandomSize(), displayed);
    displayed -= event.quantity;
  } else {
    const bool bid = Uniform() < 0.5;
    const int64_t behind = 1 + static_cast<int64_t>(Uniform() * options_.level_depth);
    event.kind = EventKind::kLevelUpdate;
    event.side = bid ? Side::kBid : Side::kAsk;
    event.price = (bid ? state.bid_ticks - behind : state.ask_ticks + behind) * options_.tick_size;
    event.quantity = Uniform() < 0.2 ? 0 : RandomSize();
  }
  ++generated_;
  return true;
}

}  // namespace hftbot::feed
