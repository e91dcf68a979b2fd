#include "strategies/market_maker.h"

#include <algorithm>
#include <cmath>

#include "engine/price_math.h"

namespace hftbot::strategies {

using engine::OpenOrder;
using feed::Price;
using feed::Side;

namespace {

constexpr ParamSpec kSpecs[] = {
    {"order_size", 1.0, 1e-8, 1e9, "units per quote"},
    {"half_spread_bps", 1.0, 0.0, 10'000.0, "distance of each quote from the skewed mid, bps"},
    {"skew_bps_per_unit", 1.0, 0.0, 10'000.0, "quote shift per unit of inventory, bps"},
    {"max_inventory", 10.0, 0.0, 1e12,
     "units; the side that would exceed it is not quoted; 0 = no limit"},
    {"requote_bps", 3.0, 0.0, 10'000.0, "requote when the wanted price moves this far, bps"},
    {"max_quote_age_ms", 500.0, 0.0, 1e9, "cancel quotes older than this (data time); 0 = never"},
    {"tick", 0.01, 1e-8, 1e9, "price grid; bids round down, asks up"},
    {"reject_backoff_ms", 10.0, 0.0, 1e9, "after a rejected quote, send none for this long"},
};

}  // namespace

std::span<const ParamSpec> MarketMakerParamSpecs() { return kSpecs; }

MarketMakerParams MarketMakerParams::FromMap(const std::map<std::string, double>& params) {
  const std::vector<double> v = ResolveParams(MarketMaker::kName, kSpecs, params);
  MarketMakerParams p;
  p.order_size = v[0];
  p.half_spread_bps = v[1];
  p.skew_bps_per_unit = v[2];
  p.max_inventory = v[3];
  p.requote_bps = v[4];
  p.max_quote_age_ms = v[5];
  p.tick = v[6];
  p.reject_backoff_ms = v[7];
  return p;
}

MarketMaker::MarketMaker(const MarketMakerParams& params)
    : params_(params),
      size_(engine::ToFixed(params.order_size)),
      max_inventory_(engine::ToFixed(params.max_inventory)),
      tick_(std::max<Price>(1, engine::ToFixed(params.tick))),
      max_age_ns_(static_cast<int64_t>(params.max_quote_age_ms * 1e6)),
      backoff_ns_(static_cast<int64_t>(params.reject_backoff_ms * 1e6)) {}

void MarketMaker::OnStart(const engine::StrategyStart& start) { profile_ = start.profile; }

void MarketMaker::OnEvent(const feed::Event&, const engine::BookView& book,
                          engine::StrategyContext& ctx) {
  if (!book.two_sided()) return;
  const double mid = static_cast<double>(book.mid());
  const double inventory = engine::ToDouble(ctx.position());
  const double center = mid * (1.0 - params_.skew_bps_per_unit * inventory * 1e-4);
  const double tick = static_cast<double>(tick_);
  Price want_bid =
      static_cast<Price>(std::floor(center * (1.0 - params_.half_spread_bps * 1e-4) / tick)) *
      tick_;
  Price want_ask =
      static_cast<Price>(std::ceil(center * (1.0 + params_.half_spread_bps * 1e-4) / tick)) * tick_;
  // Post passively: never at or through the opposite touch.
  want_bid = std::min(want_bid, book.best_ask().price - tick_);
  want_ask = std::max(want_ask, book.best_bid().price + tick_);
  const Price requote = static_cast<Price>(mid * params_.requote_bps * 1e-4);
  const int64_t now = ctx.now_ns();

  bool live_bid = false;
  bool live_ask = false;
  auto manage = [&](const OpenOrder& o) {
    if (o.cancel_requested || o.type != engine::OrderType::kLimit) return;
    const Price want = o.side == Side::kBid ? want_bid : want_ask;
    const bool stale = max_age_ns_ > 0 && now - o.sent_ts_ns > max_age_ns_;
    const Price moved = o.price > want ? o.price - want : want - o.price;
    if (stale || moved > requote) {
      (void)ctx.Cancel(o.client_order_id);  // a reject here means it already filled
      return;
    }
    (o.side == Side::kBid ? live_bid : live_ask) = true;
  };
  if (profile_ == engine::AllocationProfile::kNaive) {
    snapshot_.clear();
    snapshot_.shrink_to_fit();  // a first bot builds a fresh vector every time
    for (const OpenOrder* o : ctx.open_orders()) snapshot_.push_back(*o);
    for (const OpenOrder& o : snapshot_) manage(o);
  } else {
    for (const OpenOrder* o : ctx.open_orders()) manage(*o);
  }

  if (now < quiet_until_ns_) return;
  const feed::Quantity position = ctx.position();
  auto quote = [&](Side side, Price price) {
    const engine::SendResult r = ctx.SendLimit(side, price, size_);
    if (!r.ok()) {
      quiet_until_ns_ = now + backoff_ns_;
    } else if (profile_ == engine::AllocationProfile::kNaive) {
      quote_log_.push_back(price);
    }
  };
  if (!live_bid && (max_inventory_ == 0 || position + size_ <= max_inventory_)) {
    quote(Side::kBid, want_bid);
  }
  if (!live_ask && now >= quiet_until_ns_ &&
      (max_inventory_ == 0 || position - size_ >= -max_inventory_)) {
    quote(Side::kAsk, want_ask);
  }
}

}  // namespace hftbot::strategies
