// One side of an L2 book (price levels with their total size), in the two
// allocation profiles' storage: MapSide (naive) and FlatSide (pooled). Both apply
// exactly the same rules, so books built on either stay identical.
//
// "Better" means closer to the touch: higher for bids, lower for asks. A side holds
// at most max_levels levels; setting a new level on a full side drops the worst one
// (or ignores the new one when it would be the worst).
//
// Not thread-safe: owned by one book.

#ifndef HFTBOT_ENGINE_BOOK_SIDE_H_
#define HFTBOT_ENGINE_BOOK_SIDE_H_

#include <algorithm>
#include <cstddef>
#include <map>
#include <vector>

#include "feed/event.h"

namespace hftbot::engine {

struct Level {
  feed::Price price = 0;
  feed::Quantity quantity = 0;
  friend bool operator==(const Level&, const Level&) = default;
};

inline bool Better(bool is_bid, feed::Price a, feed::Price b) { return is_bid ? a > b : a < b; }

// An ordered std::map: what a first bot writes (one heap node per level).
class MapSide {
 public:
  MapSide(bool is_bid, size_t max_levels) : is_bid_(is_bid), max_levels_(max_levels) {}

  Level Best() const {
    if (levels_.empty()) return {};
    const auto& it = is_bid_ ? *levels_.rbegin() : *levels_.begin();
    return {it.first, it.second};
  }
  feed::Quantity Get(feed::Price p) const {
    auto it = levels_.find(p);
    return it == levels_.end() ? 0 : it->second;
  }
  size_t Count() const { return levels_.size(); }
  void Clear() { levels_.clear(); }
  void Remove(feed::Price p) { levels_.erase(p); }

  void Set(feed::Price p, feed::Quantity q) {
    auto it = levels_.find(p);
    if (it != levels_.end()) {
      it->second = q;
      return;
    }
    if (levels_.size() >= max_levels_) {
      const feed::Price worst = is_bid_ ? levels_.begin()->first : levels_.rbegin()->first;
      if (!Better(is_bid_, p, worst)) return;  // the new level is the worst: drop it
      levels_.erase(worst);
    }
    levels_.emplace(p, q);
  }

  // Removes levels strictly better than p (or at-or-better when inclusive).
  void RemoveBetter(feed::Price p, bool inclusive) {
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
  std::map<feed::Price, feed::Quantity> levels_;
};

// A flat array sorted worst-to-best: the touch is at the back, so the frequent
// updates near the touch move few elements. Capacity is reserved once.
class FlatSide {
 public:
  FlatSide(bool is_bid, size_t max_levels) : is_bid_(is_bid), max_levels_(max_levels) {
    levels_.reserve(max_levels_);
  }

  Level Best() const { return levels_.empty() ? Level{} : levels_.back(); }
  feed::Quantity Get(feed::Price p) const {
    auto it = Find(p);
    return it != levels_.end() && it->price == p ? it->quantity : 0;
  }
  size_t Count() const { return levels_.size(); }
  void Clear() { levels_.clear(); }
  void Remove(feed::Price p) {
    auto it = Find(p);
    if (it != levels_.end() && it->price == p) levels_.erase(it);
  }

  void Set(feed::Price p, feed::Quantity q) {
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

  void RemoveBetter(feed::Price p, bool inclusive) {
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
  std::vector<Level>::iterator Find(feed::Price p) {
    return std::lower_bound(levels_.begin(), levels_.end(), p, [&](const Level& l, feed::Price v) {
      return Better(is_bid_, v, l.price);
    });
  }
  std::vector<Level>::const_iterator Find(feed::Price p) const {
    return std::lower_bound(levels_.begin(), levels_.end(), p, [&](const Level& l, feed::Price v) {
      return Better(is_bid_, v, l.price);
    });
  }

  bool is_bid_;
  size_t max_levels_;
  std::vector<Level> levels_;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_BOOK_SIDE_H_
