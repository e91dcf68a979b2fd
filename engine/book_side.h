// One side of an L2 book (price levels with their total size), in the two
// allocation profiles' storage: MapSide (naive) and FlatSide (pooled). Both apply
// exactly the same rules, so books built on either stay identical.
//
// "Better" means closer to the touch: higher for bids, lower for asks. A side holds
// at most max_levels levels; setting a new level on a full side drops the worst one
// (or ignores the new one when it would be the worst).
//
// Both take the memory resource their storage allocates from (the book component's):
// MapSide a node per level as the book moves, FlatSide its array once.
//
// Not thread-safe: owned by one book.

#ifndef HFTBOT_ENGINE_BOOK_SIDE_H_
#define HFTBOT_ENGINE_BOOK_SIDE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <memory_resource>
#include <vector>

#include "engine/one_branch.h"
#include "feed/event.h"

namespace hftbot::engine {

struct Level {
  feed::Price price = 0;
  feed::Quantity quantity = 0;
  friend bool operator==(const Level&, const Level&) = default;
};

// What a quote's new touch changed on one side (SetQuoteTouch), for the book's record
// of changed levels.
struct TouchChange {
  // The prices from the new touch to the best level removed (just the new touch when
  // none was), low <= high: every level the quote set or removed lies in them.
  feed::Price low;
  feed::Price high;
  bool full;  // the side was full after the removal (the worst may go)
};

// The interval from a new touch p to the best price removed (better than p, so above
// it for bids and below it for asks), without a comparison.
template <bool kIsBid>
TouchChange MakeTouchChange(feed::Price p, feed::Price removed_from, bool full) {
  if constexpr (kIsBid) {
    return {p, removed_from, full};
  } else {
    return {removed_from, p, full};
  }
}

// The side is a template argument, so every comparison on the hot path is one
// compare instruction rather than a branch on the side first.
template <bool kIsBid>
constexpr bool Better(feed::Price a, feed::Price b) {
  if constexpr (kIsBid) {
    return a > b;
  } else {
    return a < b;
  }
}

// An ordered std::map: what a first bot writes (one heap node per level).
template <bool kIsBid>
class MapSide {
 public:
  MapSide(size_t max_levels, std::pmr::memory_resource* resource)
      : max_levels_(max_levels), levels_(resource) {}

  Level Best() const {
    if (levels_.empty()) return {};
    const auto& it = kIsBid ? *levels_.rbegin() : *levels_.begin();
    return {it.first, it.second};
  }
  feed::Quantity Get(feed::Price p) const {
    auto it = levels_.find(p);
    return it == levels_.end() ? 0 : it->second;
  }
  size_t Count() const { return levels_.size(); }
  bool Full() const { return levels_.size() >= max_levels_; }
  void Clear() { levels_.clear(); }
  void Remove(feed::Price p) { levels_.erase(p); }

  void Set(feed::Price p, feed::Quantity q) {
    auto it = levels_.find(p);
    if (it != levels_.end()) {
      it->second = q;
      return;
    }
    if (levels_.size() >= max_levels_) {
      const feed::Price worst = kIsBid ? levels_.begin()->first : levels_.rbegin()->first;
      if (!Better<kIsBid>(p, worst)) return;  // the new level is the worst: drop it
      levels_.erase(worst);
    }
    levels_.emplace(p, q);
  }
  // REQUIRES: no level is better than p (FlatSide's O(1) path; here a plain Set).
  void SetTouch(feed::Price p, feed::Quantity q) { Set(p, q); }

  // RemoveBetter(p, false), then SetTouch(p, q): a quote's new touch. After the
  // removal p, if present, is the best level, so it is found without a search.
  // REQUIRES: q > 0.
  TouchChange SetQuoteTouch(feed::Price p, feed::Quantity q) {
    const feed::Price touch = Best().price;
    bool removed;
    if constexpr (kIsBid) {
      const auto better = levels_.upper_bound(p);
      removed = better != levels_.end();
      levels_.erase(better, levels_.end());
    } else {
      const auto better_end = levels_.lower_bound(p);
      removed = better_end != levels_.begin();
      levels_.erase(levels_.begin(), better_end);
    }
    const TouchChange change = MakeTouchChange<kIsBid>(p, removed ? touch : p, Full());
    if (!levels_.empty()) {
      auto& best = kIsBid ? *levels_.rbegin() : *levels_.begin();
      if (best.first == p) {
        best.second = q;
        return change;
      }
    }
    // p is new and better than every level: on a full side the worst goes.
    if (change.full) levels_.erase(kIsBid ? levels_.begin() : std::prev(levels_.end()));
    levels_.emplace_hint(kIsBid ? levels_.end() : levels_.begin(), p, q);
    return change;
  }

  // Removes levels strictly better than p (or at-or-better when inclusive); returns
  // the best price removed, 0 when none was (prices are positive).
  feed::Price RemoveBetter(feed::Price p, bool inclusive) {
    const feed::Price touch = Best().price;
    const size_t before = levels_.size();
    if constexpr (kIsBid) {
      levels_.erase(inclusive ? levels_.lower_bound(p) : levels_.upper_bound(p), levels_.end());
    } else {
      levels_.erase(levels_.begin(), inclusive ? levels_.upper_bound(p) : levels_.lower_bound(p));
    }
    return levels_.size() != before ? touch : 0;
  }

  size_t Depth(Level* out, size_t n) const {
    size_t i = 0;
    if constexpr (kIsBid) {
      for (auto it = levels_.rbegin(); it != levels_.rend() && i < n; ++it)
        out[i++] = {it->first, it->second};
    } else {
      for (auto it = levels_.begin(); it != levels_.end() && i < n; ++it)
        out[i++] = {it->first, it->second};
    }
    return i;
  }

 private:
  size_t max_levels_;
  std::pmr::map<feed::Price, feed::Quantity> levels_;
};

// A flat array sorted worst-to-best, the touch at the back, inside a buffer with
// free slots on both ends: an insert or erase shifts whichever part is shorter (near
// the touch, a few levels; at the worst end, a few too), dropping the worst level is
// O(1), and lookups check the last few levels before any binary search. Storage is
// allocated once, in the constructor.
//
// The slot below the worst level always holds a sentinel priced worse than any price,
// so the walk from the touch down needs no test for an empty side: the sentinel is
// never better than a price and never equal to one.
template <bool kIsBid>
class FlatSide {
 public:
  FlatSide(size_t max_levels, std::pmr::memory_resource* resource)
      : max_levels_(max_levels),
        levels_(2 * max_levels + 2, resource),
        begin_(max_levels + 1),
        end_(max_levels + 1) {
    MarkWorstEnd();
  }

  Level Best() const { return end_ == begin_ ? Level{} : levels_[end_ - 1]; }
  feed::Quantity Get(feed::Price p) const {
    const size_t i = Find(p);
    return i != end_ && levels_[i].price == p ? levels_[i].quantity : 0;
  }
  size_t Count() const { return end_ - begin_; }
  bool Full() const { return Count() >= max_levels_; }
  void Clear() {
    begin_ = end_ = levels_.size() / 2;
    MarkWorstEnd();
  }
  void Remove(feed::Price p) {
    const size_t i = Find(p);
    if (i != end_ && levels_[i].price == p) Erase(i);
  }

  void Set(feed::Price p, feed::Quantity q) {
    size_t i = Find(p);
    if (i != end_ && levels_[i].price == p) {
      levels_[i].quantity = q;
      return;
    }
    if (Count() >= max_levels_) {
      if (i == begin_) return;  // the new level is the worst: drop it
      ++begin_;                 // drop the worst level
      MarkWorstEnd();
    }
    Insert(i, Level{p, q});
  }

  // Set without a search, for a quote's new touch.
  // REQUIRES: no level is better than p (RemoveBetter(p, false) just ran).
  // Whether the touch keeps its price is a coin flip on a moving market, so both
  // outcomes take one path: the level goes to the last slot (same price) or the one
  // after it (new price), without a branch on which.
  void SetTouch(feed::Price p, feed::Quantity q) {
    // Locals: the level store below may alias the indices for the compiler.
    size_t begin = begin_;
    size_t end = end_;
    // On an empty side levels_[end - 1] is the sentinel, which equals no price.
    const bool same = levels_[end - 1].price == p;
    if (!same & (end == levels_.size())) {  // no free slot after the touch
      Recentre();
      begin = begin_;
      end = end_;
    }
    // A new touch on a full side pushes the worst level out (p is the best).
    begin_ = begin + static_cast<size_t>(!same & (end - begin >= max_levels_));
    MarkWorstEnd();
    end -= static_cast<size_t>(same);
    levels_[end] = Level{p, q};
    end_ = end + 1;
  }

  // RemoveBetter(p, false), then SetTouch(p, q), in one pass with the indices in
  // registers: a quote's new touch, on every quote.
  // REQUIRES: q > 0.
  [[gnu::always_inline]] TouchChange SetQuoteTouch(feed::Price p, feed::Quantity q) {
    size_t begin = begin_;
    const size_t old_end = end_;
    size_t end = old_end;
    // Levels better than p go from the back. Most quotes remove none or one, a coin
    // flip on a moving market: the first without a branch, then a loop that seldom
    // runs. The sentinel below the worst level stops it on an emptied side.
    auto better_at_end = [&] { return Better<kIsBid>(levels_[end - 1].price, p); };
    end -= static_cast<size_t>(better_at_end());
    while (OneBranch(better_at_end())) --end;
    const feed::Price old_touch = levels_[old_end - 1].price;
    const TouchChange change =
        MakeTouchChange<kIsBid>(p, end != old_end ? old_touch : p, end - begin >= max_levels_);
    // As SetTouch: the same price stays in its slot, a new one goes after it.
    const bool same = levels_[end - 1].price == p;
    if (!same & (end == levels_.size())) {  // no free slot after the touch
      end_ = end;
      Recentre();
      begin = begin_;
      end = end_;
    }
    begin_ = begin + static_cast<size_t>(!same & change.full);
    MarkWorstEnd();
    end -= static_cast<size_t>(same);
    levels_[end] = Level{p, q};
    end_ = end + 1;
    return change;
  }

  feed::Price RemoveBetter(feed::Price p, bool inclusive) {
    // Levels better than p form a suffix; search from the back, it is usually short.
    size_t first = end_;
    while (first != begin_) {
      const Level& l = levels_[first - 1];
      if (Better<kIsBid>(l.price, p) | (inclusive & (l.price == p))) {
        --first;
      } else {
        break;
      }
    }
    if (first == end_) return 0;
    const feed::Price touch = levels_[end_ - 1].price;
    end_ = first;
    return touch;
  }

  size_t Depth(Level* out, size_t n) const {
    size_t i = 0;
    for (size_t k = end_; k != begin_ && i < n; --k) out[i++] = levels_[k - 1];
    return i;
  }

 private:
  // Levels scanned from the touch before a binary search: updates cluster there.
  static constexpr size_t kTouchScan = 4;

  // Index of the first level not worse than p (end_ when every level is worse).
  size_t Find(feed::Price p) const {
    size_t hi = end_;
    if (end_ - begin_ >= kTouchScan) {
      // The levels not worse than p form a suffix: counted over the last few without
      // a branch (where a search stops is as random as the depth of an update).
      size_t not_worse = 0;
#pragma GCC unroll 4
      for (size_t k = 1; k <= kTouchScan; ++k) {
        not_worse += static_cast<size_t>(!Better<kIsBid>(p, levels_[end_ - k].price));
      }
      if (not_worse < kTouchScan) return end_ - not_worse;
      hi = end_ - kTouchScan;
    } else {
      for (size_t n = 0; n < kTouchScan; ++n) {
        if (hi == begin_ || Better<kIsBid>(p, levels_[hi - 1].price)) return hi;
        --hi;
      }
    }
    size_t lo = begin_;
    while (lo < hi) {  // levels_[hi] is not worse than p; find the first such
      const size_t mid = lo + (hi - lo) / 2;
      if (Better<kIsBid>(p, levels_[mid].price)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // Inserts before index i, shifting the shorter part; recentres when that end is full.
  void Insert(size_t i, const Level& level) {
    const bool shift_back = end_ - i <= i - begin_;
    // Shifting to the front needs two free slots there: the level's and the sentinel's.
    if (shift_back ? end_ == levels_.size() : begin_ == 1) {
      const size_t offset = i - begin_;
      Recentre();
      i = begin_ + offset;
    }
    if (shift_back) {
      std::move_backward(levels_.begin() + static_cast<ptrdiff_t>(i),
                         levels_.begin() + static_cast<ptrdiff_t>(end_),
                         levels_.begin() + static_cast<ptrdiff_t>(end_ + 1));
      ++end_;
      levels_[i] = level;
    } else {
      std::move(levels_.begin() + static_cast<ptrdiff_t>(begin_),
                levels_.begin() + static_cast<ptrdiff_t>(i),
                levels_.begin() + static_cast<ptrdiff_t>(begin_ - 1));
      --begin_;
      levels_[i - 1] = level;
      MarkWorstEnd();
    }
  }

  void Erase(size_t i) {
    if (end_ - i <= i - begin_) {
      std::move(levels_.begin() + static_cast<ptrdiff_t>(i + 1),
                levels_.begin() + static_cast<ptrdiff_t>(end_),
                levels_.begin() + static_cast<ptrdiff_t>(i));
      --end_;
    } else {
      std::move_backward(levels_.begin() + static_cast<ptrdiff_t>(begin_),
                         levels_.begin() + static_cast<ptrdiff_t>(i),
                         levels_.begin() + static_cast<ptrdiff_t>(i + 1));
      ++begin_;
      MarkWorstEnd();
    }
  }

  // Moves the levels to the middle of the buffer (at most max_levels + 1 of the
  // 2 * max_levels + 2 slots are live, so both ends get room again, and at least one
  // slot stays below for the sentinel).
  void Recentre() {
    const size_t n = Count();
    const size_t to = (levels_.size() - n) / 2;
    if (to < begin_) {
      std::move(levels_.begin() + static_cast<ptrdiff_t>(begin_),
                levels_.begin() + static_cast<ptrdiff_t>(end_),
                levels_.begin() + static_cast<ptrdiff_t>(to));
    } else {
      std::move_backward(levels_.begin() + static_cast<ptrdiff_t>(begin_),
                         levels_.begin() + static_cast<ptrdiff_t>(end_),
                         levels_.begin() + static_cast<ptrdiff_t>(to + n));
    }
    begin_ = to;
    end_ = to + n;
    MarkWorstEnd();
  }

  // Worse than every price: below any bid, above any ask.
  static constexpr feed::Price kWorsePrice =
      kIsBid ? std::numeric_limits<feed::Price>::min() : std::numeric_limits<feed::Price>::max();
  // Only the price: nothing reads a quantity outside [begin_, end_).
  // REQUIRES: begin_ >= 1 (the constructor, Insert and Recentre keep a slot below).
  void MarkWorstEnd() { levels_[begin_ - 1].price = kWorsePrice; }

  size_t max_levels_;
  std::pmr::vector<Level> levels_;  // live levels are [begin_, end_)
  size_t begin_;
  size_t end_;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_BOOK_SIDE_H_
