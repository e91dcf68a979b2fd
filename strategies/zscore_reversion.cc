#include "strategies/zscore_reversion.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/price_math.h"

namespace hftbot::strategies {

using feed::Side;

namespace {

constexpr ParamSpec kSpecs[] = {
    {"window", 200.0, 2.0, 100'000.0, "rolling window of mids, in samples"},
    {"entry_z", 2.0, 0.0, 100.0, "enter beyond +-entry_z standard deviations"},
    {"exit_z", 0.5, 0.0, 100.0, "close the position inside +-exit_z; < entry_z"},
    {"order_size", 1.0, 1e-8, 1e9, "units per order"},
    {"max_position", 5.0, 1e-8, 1e12, "position cap in units, either direction"},
    {"cooldown_ms", 50.0, 0.0, 1e9, "minimum data time between orders"},
};

}  // namespace

std::span<const ParamSpec> ZScoreReversionParamSpecs() { return kSpecs; }

ZScoreReversionParams ZScoreReversionParams::FromMap(const std::map<std::string, double>& params) {
  const std::vector<double> v = ResolveParams(ZScoreReversion::kName, kSpecs, params);
  ZScoreReversionParams p;
  p.window = v[0];
  p.entry_z = v[1];
  p.exit_z = v[2];
  p.order_size = v[3];
  p.max_position = v[4];
  p.cooldown_ms = v[5];
  if (p.exit_z >= p.entry_z) {
    throw std::invalid_argument(
        "strategy 'zscore_reversion': parameter 'exit_z' must be below 'entry_z'");
  }
  return p;
}

ZScoreReversion::ZScoreReversion(const ZScoreReversionParams& params)
    : params_(params),
      size_(engine::ToFixed(params.order_size)),
      max_position_(engine::ToFixed(params.max_position)),
      cooldown_ns_(static_cast<int64_t>(params.cooldown_ms * 1e6)) {
  window_.Reset(static_cast<size_t>(params.window), engine::AllocationProfile::kNaive);
}

void ZScoreReversion::OnStart(const engine::StrategyStart& start) {
  window_.Reset(static_cast<size_t>(params_.window), start.profile);
}

void ZScoreReversion::OnEvent(const feed::Event&, const engine::BookView& book,
                              engine::StrategyContext& ctx) {
  if (!book.two_sided()) return;
  const feed::Price mid = book.mid();
  window_.Push(mid);
  if (!window_.full()) return;
  const double sd = window_.stddev();
  if (sd <= 0) return;
  z_ = (static_cast<double>(mid) - window_.mean()) / sd;

  if (!ctx.open_orders().empty()) return;
  const int64_t now = ctx.now_ns();
  if (last_order_ns_ != INT64_MIN && now - last_order_ns_ < cooldown_ns_) return;
  const feed::Quantity position = ctx.position();
  Side side = Side::kNone;
  feed::Quantity qty = 0;
  if (z_ > params_.entry_z && position - size_ >= -max_position_) {
    side = Side::kAsk;
    qty = size_;
  } else if (z_ < -params_.entry_z && position + size_ <= max_position_) {
    side = Side::kBid;
    qty = size_;
  } else if (std::abs(z_) < params_.exit_z && position != 0) {
    side = position > 0 ? Side::kAsk : Side::kBid;
    qty = position > 0 ? position : -position;
  }
  if (side == Side::kNone) return;
  last_order_ns_ = now;
  (void)ctx.SendMarket(side, qty);  // rejects are counted by the engine
}

}  // namespace hftbot::strategies
