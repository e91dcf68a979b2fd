#include "strategies/ema_momentum.h"

#include <algorithm>
#include <stdexcept>

#include "engine/price_math.h"

namespace hftbot::strategies {

using feed::Side;

namespace {

constexpr ParamSpec kSpecs[] = {
    {"fast_period", 20.0, 1.0, 1e6, "fast EMA period in samples (alpha = 2/(n+1))"},
    {"slow_period", 100.0, 2.0, 1e6, "slow EMA period in samples; > fast_period; also the warm-up"},
    {"threshold_bps", 1.0, 0.0, 10'000.0, "|fast - slow| / slow that sets a regime, bps"},
    {"order_size", 1.0, 1e-8, 1e9, "units per market order"},
    {"max_position", 5.0, 1e-8, 1e12, "position cap in units, either direction"},
    {"cooldown_ms", 50.0, 0.0, 1e9, "minimum data time between orders"},
    {"use_trades", 0.0, 0.0, 1.0, "1: EMAs of trade prices; 0: of the mid"},
};

}  // namespace

std::span<const ParamSpec> EmaMomentumParamSpecs() { return kSpecs; }

EmaMomentumParams EmaMomentumParams::FromMap(const std::map<std::string, double>& params) {
  const std::vector<double> v = ResolveParams(EmaMomentum::kName, kSpecs, params);
  EmaMomentumParams p;
  p.fast_period = v[0];
  p.slow_period = v[1];
  p.threshold_bps = v[2];
  p.order_size = v[3];
  p.max_position = v[4];
  p.cooldown_ms = v[5];
  p.use_trades = v[6];
  if (p.fast_period >= p.slow_period) {
    throw std::invalid_argument(
        "strategy 'ema_momentum': parameter 'fast_period' must be below 'slow_period'");
  }
  return p;
}

EmaMomentum::EmaMomentum(const EmaMomentumParams& params)
    : params_(params),
      fast_alpha_(2.0 / (params.fast_period + 1.0)),
      slow_alpha_(2.0 / (params.slow_period + 1.0)),
      size_(engine::ToFixed(params.order_size)),
      max_position_(engine::ToFixed(params.max_position)),
      cooldown_ns_(static_cast<int64_t>(params.cooldown_ms * 1e6)) {}

void EmaMomentum::OnStart(const engine::StrategyStart& start) { profile_ = start.profile; }

void EmaMomentum::OnEvent(const feed::Event& event, const engine::BookView& book,
                          engine::StrategyContext& ctx) {
  double sample = 0;
  if (params_.use_trades >= 0.5) {
    if (event.kind != feed::EventKind::kTrade) return;
    sample = static_cast<double>(event.price);
  } else {
    if (!book.two_sided()) return;
    sample = static_cast<double>(book.mid());
  }
  if (samples_++ == 0) {
    fast_ = sample;
    slow_ = sample;
  } else {
    fast_ += fast_alpha_ * (sample - fast_);
    slow_ += slow_alpha_ * (sample - slow_);
  }
  if (profile_ == engine::AllocationProfile::kNaive) {
    fast_history_.push_back(fast_);
    slow_history_.push_back(slow_);
  }
  if (samples_ < static_cast<uint64_t>(params_.slow_period)) return;

  const double band = slow_ * params_.threshold_bps * 1e-4;
  regime_ = fast_ > slow_ + band ? 1 : (fast_ < slow_ - band ? -1 : 0);
  if (regime_ == 0 || !ctx.open_orders().empty()) return;
  const int64_t now = ctx.now_ns();
  if (last_order_ns_ != INT64_MIN && now - last_order_ns_ < cooldown_ns_) return;

  const feed::Quantity position = ctx.position();
  const feed::Quantity target = regime_ > 0 ? max_position_ : -max_position_;
  const feed::Quantity gap = target - position;
  if (gap == 0) return;
  const feed::Quantity qty = std::min(size_, gap > 0 ? gap : -gap);
  last_order_ns_ = now;
  (void)ctx.SendMarket(gap > 0 ? Side::kBid : Side::kAsk,
                       qty);  // rejects are counted by the engine
}

}  // namespace hftbot::strategies
