#include "engine/order_book.h"

#include <algorithm>
#include <map>
#include <vector>

#include "feed/event_flags.h"

namespace hftbot::engine {

using feed::Price;
using feed::Quantity;
using feed::Side;

std::string_view ApplyResultName(ApplyResult result) {
  switch (result) {
    case ApplyResult::kApplied:
      return "applied";
    case ApplyResult::kIgnored:
      return "ignored";
    case ApplyResult::kBadPrice:
      return "bad_price";
    case ApplyResult::kBadQuantity:
      return "bad_quantity";
    case ApplyResult::kBadSide:
      return "bad_side";
    case ApplyResult::kCrossedQuote:
      return "crossed_quote";
  }
  return "unknown";
}

Price BookView::mid() const {
  const Level bid = best_bid();
  const Level ask = best_ask();
  if (bid.quantity <= 0 || ask.quantity <= 0) return 0;
  return bid.price + (ask.price - bid.price) / 2;
}

namespace {

// "Better" means closer to the touch: higher for bids, lower for asks.
inline bool Better(bool is_bid, Price a, Price b) { return is_bid ? a > b : a < b; }

// One side as an ordered std::map: what a first bot writes.
class MapSide {
 public:
  MapSide(bool is_bid, size_t max_levels) : is_bid_(is_bid), max_levels_(max_levels) {}

  Level Best() const {
    if (levels_.empty()) return {};
    const auto& it = is_bid_ ? *levels_.rbegin() : *levels_.begin();
    return {it.first, it.second};
  }
  Quantity Get(Price p) const {
    auto it = levels_.find(p);
    return it == levels_.end() ? 0 : it->second;
  }
  size_t Count() const { return levels_.size(); }
  void Clear() { levels_.clear(); }
  void Remove(Price p) { levels_.erase(p); }

  void Set(Price p, Quantity q) {
    auto it = levels_.find(p);
    if (it != levels_.end()) {
      it->second = q;
      return;
    }
    if (levels_.size() >= max_levels_) {
      const Price worst = is_bid_ ? levels_.begin()->first : levels_.rbegin()->first;
      if (!Better(is_bid_, p, worst)) return;  // the new level is the worst: drop it
      levels_.erase(worst);
    }
    levels_.emplace(p, q);
  }

  // Removes levels strictly better than p (or at-or-better when inclusive).
  void RemoveBetter(Price p, bool inclusive) {
    if (is_bid_) {
      levels_.erase(inclusive ? levels_.lower_bound(p) : levels_.upper_bound(p), levels_.end());
    } else {
      levels_.erase(levels_.begin(), inclusive ? levels_.upper_bound(p) : levels_.lower_bound(p));
    }
  }

  size_t Depth(Level* out, size_t n) const {
    size_t i = 0;
    if (is_bid_) {
      for (auto it = levels_.rbegin(); it != levels_.rend() && i < n; ++it)
        out[i++] = {it->first, it->second};
    } else {
      for (auto it = levels_.begin(); it != levels_.end() && i < n; ++it)
        out[i++] = {it->first, it->second};
    }
    return i;
  }

 private:
  bool is_bid_;
  size_t max_levels_;
  std::map<Price, Quantity> levels_;
};

// One side as a flat array sorted worst-to-best: the touch is at the back, so the
// frequent updates near the touch move few elements. Capacity is reserved once.
class FlatSide {
 public:
  FlatSide(bool is_bid, size_t max_levels) : is_bid_(is_bid), max_levels_(max_levels) {
    levels_.reserve(max_levels_);
  }

  Level Best() const { return levels_.empty() ? Level{} : levels_.back(); }
  Quantity Get(Price p) const {
    auto it = Find(p);
    return it != levels_.end() && it->price == p ? it->quantity : 0;
  }
  size_t Count() const { return levels_.size(); }
  void Clear() { levels_.clear(); }
  void Remove(Price p) {
    auto it = Find(p);
    if (it != levels_.end() && it->price == p) levels_.erase(it);
  }

  void Set(Price p, Quantity q) {
    auto it = Find(p);
    if (it != levels_.end() && it->price == p) {
      it->quantity = q;
      return;
    }
    if (levels_.size() >= max_levels_) {
      if (it == levels_.begin()) return;  // the new level is the worst: drop it
      levels_.erase(levels_.begin());
      it = Find(p);
    }
    levels_.insert(it, Level{p, q});  // within reserved capacity: no allocation
  }

  void RemoveBetter(Price p, bool inclusive) {
    // Levels better than p form a suffix; search from the back, it is usually short.
    auto first = levels_.end();
    while (first != levels_.begin()) {
      const Level& l = *(first - 1);
      if (Better(is_bid_, l.price, p) || (inclusive && l.price == p)) {
        --first;
      } else {
        break;
      }
    }
    levels_.erase(first, levels_.end());
  }

  size_t Depth(Level* out, size_t n) const {
    size_t i = 0;
    for (auto it = levels_.rbegin(); it != levels_.rend() && i < n; ++it) out[i++] = *it;
    return i;
  }

 private:
  // First level not worse than p (lower_bound in worst-to-best order).
  std::vector<Level>::iterator Find(Price p) {
    return std::lower_bound(levels_.begin(), levels_.end(), p,
                            [&](const Level& l, Price v) { return Better(is_bid_, v, l.price); });
  }
  std::vector<Level>::const_iterator Find(Price p) const {
    return std::lower_bound(levels_.begin(), levels_.end(), p,
                            [&](const Level& l, Price v) { return Better(is_bid_, v, l.price); });
  }

  bool is_bid_;
  size_t max_levels_;
  std::vector<Level> levels_;
};

template <class SideStore>
class BasicOrderBook final : public OrderBook {
 public:
  explicit BasicOrderBook(size_t max_levels) : bids_(true, max_levels), asks_(false, max_levels) {}

  Level best_bid() const override { return bids_.Best(); }
  Level best_ask() const override { return asks_.Best(); }
  Quantity SizeAt(Side side, Price price) const override {
    if (side == Side::kBid) return bids_.Get(price);
    if (side == Side::kAsk) return asks_.Get(price);
    return 0;
  }
  size_t Depth(Side side, Level* out, size_t max_levels) const override {
    if (side == Side::kBid) return bids_.Depth(out, max_levels);
    if (side == Side::kAsk) return asks_.Depth(out, max_levels);
    return 0;
  }
  size_t level_count(Side side) const override {
    if (side == Side::kBid) return bids_.Count();
    if (side == Side::kAsk) return asks_.Count();
    return 0;
  }
  void Clear() override {
    bids_.Clear();
    asks_.Clear();
  }

  ApplyResult Apply(const feed::Event& e) override {
    const bool snapshot = e.kind == feed::EventKind::kSnapshotLevel;
    switch (e.kind) {
      case feed::EventKind::kQuote:
        in_snapshot_ = false;
        if (feed::HasFlag(e, feed::kFlagQuoteInformational)) return CheckQuote(e);
        return ApplyQuote(e);
      case feed::EventKind::kTrade:
        in_snapshot_ = false;
        if (e.price <= 0) return ApplyResult::kBadPrice;
        if (e.quantity < 0) return ApplyResult::kBadQuantity;
        return ApplyResult::kApplied;
      case feed::EventKind::kLevelUpdate:
      case feed::EventKind::kSnapshotLevel: {
        if (e.side != Side::kBid && e.side != Side::kAsk) return ApplyResult::kBadSide;
        if (e.price <= 0) return ApplyResult::kBadPrice;
        if (e.quantity < 0) return ApplyResult::kBadQuantity;
        if (snapshot && (!in_snapshot_ || feed::HasFlag(e, feed::kFlagSnapshotStart))) Clear();
        in_snapshot_ = snapshot;
        ApplyLevel(e.side == Side::kBid, e.price, e.quantity);
        return ApplyResult::kApplied;
      }
      default:
        return ApplyResult::kIgnored;
    }
  }

 private:
  // The quote's fields are checked but no level changes (kFlagQuoteInformational).
  static ApplyResult CheckQuote(const feed::Event& e) {
    if (e.price < 0 || e.ask_price < 0) return ApplyResult::kBadPrice;
    if (e.quantity < 0 || e.ask_quantity < 0) return ApplyResult::kBadQuantity;
    if (e.price != 0 && e.ask_price != 0 && e.price >= e.ask_price) {
      return ApplyResult::kCrossedQuote;
    }
    return ApplyResult::kApplied;
  }

  ApplyResult ApplyQuote(const feed::Event& e) {
    const bool has_bid = e.price != 0;
    const bool has_ask = e.ask_price != 0;
    if (e.price < 0 || e.ask_price < 0) return ApplyResult::kBadPrice;
    if (e.quantity < 0 || e.ask_quantity < 0) return ApplyResult::kBadQuantity;
    if (has_bid && has_ask && e.price >= e.ask_price) return ApplyResult::kCrossedQuote;
    if (has_bid) ApplyTouch(true, e.price, e.quantity);
    if (has_ask) ApplyTouch(false, e.ask_price, e.ask_quantity);
    return ApplyResult::kApplied;
  }

  // The quote's side is the new touch: nothing better survives.
  void ApplyTouch(bool is_bid, Price p, Quantity q) {
    SideStore& own = is_bid ? bids_ : asks_;
    if (q == 0) {
      own.RemoveBetter(p, /*inclusive=*/true);
      return;
    }
    own.RemoveBetter(p, /*inclusive=*/false);
    own.Set(p, q);
    // A one-sided quote may cross the other side's stale levels: latest wins.
    (is_bid ? asks_ : bids_).RemoveBetter(p, /*inclusive=*/true);
  }

  void ApplyLevel(bool is_bid, Price p, Quantity q) {
    SideStore& own = is_bid ? bids_ : asks_;
    if (q == 0) {
      own.Remove(p);
      return;
    }
    own.Set(p, q);
    (is_bid ? asks_ : bids_).RemoveBetter(p, /*inclusive=*/true);
  }

  SideStore bids_;
  SideStore asks_;
  bool in_snapshot_ = false;
};

}  // namespace

std::unique_ptr<OrderBook> MakeOrderBook(const BookOptions& options) {
  const size_t max_levels = std::max<size_t>(1, options.max_levels_per_side);
  if (options.profile == AllocationProfile::kPooled) {
    return std::make_unique<BasicOrderBook<FlatSide>>(max_levels);
  }
  return std::make_unique<BasicOrderBook<MapSide>>(max_levels);
}

}  // namespace hftbot::engine
