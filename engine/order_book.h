// A price-level (L2) order book for one symbol: one template over the two allocation
// profiles' side storages (engine/book_side.h), the OrderBook interface for callers
// that pick the profile at run time, and the read-only BookView strategies get.
//
// Event semantics (Apply):
//   kQuote          sets the best bid and ask levels and removes every level that
//                   would be better than them (the quote is the new touch). A side
//                   with price 0 is absent from the quote and left alone; a side with
//                   quantity 0 empties that price and everything better. A quote
//                   with bid >= ask is rejected (kCrossedQuote) and changes nothing.
//                   A quote flagged feed::kFlagQuoteInformational (a venue BBO stream
//                   replayed beside the depth stream that builds the book) is checked
//                   the same way but never changes a level.
//   kTrade          no level change (prints do not carry the resulting depth).
//   kLevelUpdate    sets the total size at (side, price); size 0 removes the level.
//                   A level that crosses or locks the opposite side is the newest
//                   information, so the opposite levels at or through its price are
//                   removed ("latest update wins"): the book is never crossed.
//   kSnapshotLevel  like kLevelUpdate, but the first snapshot row after any other
//                   event, and any row flagged feed::kFlagSnapshotStart, clears the
//                   book first.
//   L3 kinds        ignored (kIgnored): this is an L2 book; engine/l3_book.h keeps
//                   orders and drives an L2 book through SetLevel.
// Invalid fields (price <= 0, negative size, side kNone on a level) are rejected
// with a reason and change nothing.
//
// Each side keeps at most BookOptions::max_levels_per_side levels; inserting a new
// level into a full side drops the worst level (or the new one when it is the
// worst). Both profiles apply exactly this rule (engine/book_side.h), so they stay
// identical.
//
// Not thread-safe: owned by one engine thread.

#ifndef HFTBOT_ENGINE_ORDER_BOOK_H_
#define HFTBOT_ENGINE_ORDER_BOOK_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <memory_resource>
#include <string_view>
#include <type_traits>

#include "engine/allocation_profile.h"
#include "engine/book_side.h"
#include "engine/one_branch.h"
#include "feed/event.h"
#include "feed/event_flags.h"

namespace hftbot::engine {

enum class ApplyResult : uint8_t {
  kApplied = 0,
  kIgnored,       // an event kind the L2 book does not use
  kBadPrice,      // price <= 0 where one is required
  kBadQuantity,   // negative size
  kBadSide,       // level without a bid/ask side
  kCrossedQuote,  // quote with bid >= ask
};
inline constexpr int kApplyResultCount = 6;

// "applied", "ignored", "bad_price", "bad_quantity", "bad_side", "crossed_quote".
std::string_view ApplyResultName(ApplyResult result);

// Read-only view of a book. Invariant after every Apply: best_bid().price <
// best_ask().price whenever both sides are non-empty.
//
// The touch is a plain member every book keeps current, not a virtual call: the
// engine, the exchange and every strategy read it on every event.
class BookView {
 public:
  virtual ~BookView() = default;

  // {0, 0} when the side is empty.
  Level best_bid() const { return best_bid_; }
  Level best_ask() const { return best_ask_; }
  // Displayed size at (side, price); 0 when there is no such level.
  virtual feed::Quantity SizeAt(feed::Side side, feed::Price price) const = 0;
  // Copies up to max_levels levels of `side`, best first, into out; returns how many.
  virtual size_t Depth(feed::Side side, Level* out, size_t max_levels) const = 0;
  virtual size_t level_count(feed::Side side) const = 0;

  bool has_bid() const { return best_bid_.quantity > 0; }
  bool has_ask() const { return best_ask_.quantity > 0; }
  bool two_sided() const { return has_bid() && has_ask(); }
  // (bid + ask) / 2 rounded down; 0 unless both sides are present.
  feed::Price mid() const {
    if (!two_sided()) return 0;
    return best_bid_.price + (best_ask_.price - best_bid_.price) / 2;
  }

 protected:
  Level best_bid_;
  Level best_ask_;
};

struct BookOptions {
  AllocationProfile profile = AllocationProfile::kNaive;
  // Levels kept per side; the pooled book preallocates exactly this many. Default 1024.
  size_t max_levels_per_side = 1024;
};

class OrderBook : public BookView {
 public:
  [[nodiscard]] virtual ApplyResult Apply(const feed::Event& event) = 0;
  virtual void Clear() = 0;
};

// The book over one side storage (engine/book_side.h), a template on the side so
// that no comparison asks which side it is on. Final, so the engine, which holds its
// profile's book by type, calls it without virtual dispatch.
template <template <bool> class SideStore>
class BasicOrderBook final : public OrderBook {
 public:
  // Levels allocate from `resource`, which must outlive the book.
  explicit BasicOrderBook(size_t max_levels,
                          std::pmr::memory_resource* resource = std::pmr::get_default_resource())
      : bids_(std::max<size_t>(1, max_levels), resource),
        asks_(std::max<size_t>(1, max_levels), resource) {}

  feed::Quantity SizeAt(feed::Side side, feed::Price price) const override {
    if (side == feed::Side::kBid) return bids_.Get(price);
    if (side == feed::Side::kAsk) return asks_.Get(price);
    return 0;
  }
  size_t Depth(feed::Side side, Level* out, size_t max_levels) const override {
    if (side == feed::Side::kBid) return bids_.Depth(out, max_levels);
    if (side == feed::Side::kAsk) return asks_.Depth(out, max_levels);
    return 0;
  }
  size_t level_count(feed::Side side) const override {
    if (side == feed::Side::kBid) return bids_.Count();
    if (side == feed::Side::kAsk) return asks_.Count();
    return 0;
  }
  void Clear() override {
    bids_.Clear();
    asks_.Clear();
    bid_changes().AddAll();
    ask_changes().AddAll();
    SyncTouch();
  }

  // Whether the level at (side, price) may have changed since the last
  // ResetChanges(): each side keeps one price interval that covers every level
  // set, removed or dropped, a superset of the changes. The exchange refreshes a
  // resting order's queue position only where this says yes, instead of a lookup per
  // order per event. A book never reset answers for everything since construction.
  bool LevelMayHaveChanged(feed::Side side, feed::Price price) const {
    // Indexed, not a branch on the side: the exchange asks for a bid and an ask.
    return changes_[static_cast<size_t>(side)].Covers(price);
  }
  void ResetChanges() {
    bid_changes() = {};
    ask_changes() = {};
  }

  [[gnu::always_inline]] ApplyResult Apply(const feed::Event& e) override {
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
        const bool snapshot = e.kind == feed::EventKind::kSnapshotLevel;
        if (e.side != feed::Side::kBid && e.side != feed::Side::kAsk) return ApplyResult::kBadSide;
        if (e.price <= 0) return ApplyResult::kBadPrice;
        if (e.quantity < 0) return ApplyResult::kBadQuantity;
        if (snapshot && (!in_snapshot_ || feed::HasFlag(e, feed::kFlagSnapshotStart))) Clear();
        in_snapshot_ = snapshot;
        if (e.side == feed::Side::kBid) {
          ApplyLevel(bids_, bid_changes(), asks_, ask_changes(), e.price, e.quantity);
        } else {
          ApplyLevel(asks_, ask_changes(), bids_, bid_changes(), e.price, e.quantity);
        }
        SyncTouch();
        return ApplyResult::kApplied;
      }
      default:
        return ApplyResult::kIgnored;
    }
  }

 private:
  struct ChangedRange {
    feed::Price low = std::numeric_limits<feed::Price>::max();
    feed::Price high = std::numeric_limits<feed::Price>::min();
    // Bitwise, not &&: one unpredictable branch at the caller instead of two.
    bool Covers(feed::Price p) const { return (p >= low) & (p <= high); }
    void Add(feed::Price p) { Add(p, p); }
    // REQUIRES: from <= to.
    void Add(feed::Price from, feed::Price to) {
      low = std::min(low, from);
      high = std::max(high, to);
    }
    void AddAll() {
      low = std::numeric_limits<feed::Price>::min();
      high = std::numeric_limits<feed::Price>::max();
    }
  };

  // Removes own's levels better than p (or at it when inclusive), recording them:
  // they lie between p and the old touch.
  template <class Side>
  static void RemoveBetter(Side& own, ChangedRange& changes, feed::Price p, bool inclusive) {
    if (const feed::Price touch = own.RemoveBetter(p, inclusive)) {
      changes.Add(p);
      changes.Add(touch);
    }
  }

  void SyncTouch() {
    best_bid_ = bids_.Best();
    best_ask_ = asks_.Best();
  }

  // The quote's fields are checked but no level changes (kFlagQuoteInformational).
  static ApplyResult CheckQuote(const feed::Event& e) {
    if (e.price < 0 || e.ask_price < 0) return ApplyResult::kBadPrice;
    if (e.quantity < 0 || e.ask_quantity < 0) return ApplyResult::kBadQuantity;
    if (e.price != 0 && e.ask_price != 0 && e.price >= e.ask_price) {
      return ApplyResult::kCrossedQuote;
    }
    return ApplyResult::kApplied;
  }

  [[gnu::always_inline]] ApplyResult ApplyQuote(const feed::Event& e) {
    // The usual quote, tested with one branch: both sides with size, valid, uncrossed.
    // Each side's touch is set as below (ApplyTouch without the cross-side pass), with
    // the indices in registers and one range added to its change record.
    if (OneBranch((e.price > 0) & (e.ask_price > e.price) & (e.quantity > 0) &
                  (e.ask_quantity > 0))) {
      SetQuoteTouch(bids_, bid_changes(), e.price, e.quantity);
      SetQuoteTouch(asks_, ask_changes(), e.ask_price, e.ask_quantity);
      best_bid_ = {e.price, e.quantity};
      best_ask_ = {e.ask_price, e.ask_quantity};
      return ApplyResult::kApplied;
    }
    return ApplyOtherQuote(e);
  }

  // One-sided, emptying and invalid quotes: rare, so out of the inlined path.
  [[gnu::noinline]] ApplyResult ApplyOtherQuote(const feed::Event& e) {
    const bool has_bid = e.price != 0;
    const bool has_ask = e.ask_price != 0;
    if (e.price < 0 || e.ask_price < 0) return ApplyResult::kBadPrice;
    if (e.quantity < 0 || e.ask_quantity < 0) return ApplyResult::kBadQuantity;
    if (has_bid && has_ask && e.price >= e.ask_price) return ApplyResult::kCrossedQuote;
    // Only a one-sided quote may cross the other side's stale levels. A two-sided one
    // (bid < ask) removes every ask below its ask and every bid above its bid, so the
    // same levels go without the cross-side pass; the changed ranges it records
    // still cover every change (superset is their contract).
    const bool two_sided = has_bid & has_ask;
    if (has_bid) ApplyTouch(bids_, bid_changes(), asks_, ask_changes(), e.price, e.quantity, !two_sided);
    if (has_ask) {
      ApplyTouch(asks_, ask_changes(), bids_, bid_changes(), e.ask_price, e.ask_quantity, !two_sided);
    }
    // A side quoted with size is the new touch as given; only an emptied side needs
    // its storage read.
    best_bid_ = has_bid & (e.quantity > 0) ? Level{e.price, e.quantity} : bids_.Best();
    best_ask_ = has_ask & (e.ask_quantity > 0) ? Level{e.ask_price, e.ask_quantity} : asks_.Best();
    return ApplyResult::kApplied;
  }

  // The quote's side is the new touch: nothing better survives. With cross, the
  // other side's levels at or through p go too (latest wins).
  template <class Own, class Other>
  static void ApplyTouch(Own& own, ChangedRange& own_changes, Other& other,
                         ChangedRange& other_changes, feed::Price p, feed::Quantity q, bool cross) {
    if (q == 0) {
      RemoveBetter(own, own_changes, p, /*inclusive=*/true);
      return;
    }
    RemoveBetter(own, own_changes, p, /*inclusive=*/false);
    AddChange(own, own_changes, p);
    own.SetTouch(p, q);
    if (cross) RemoveBetter(other, other_changes, p, /*inclusive=*/true);
  }

  // ApplyTouch(own, own_changes, ..., p, q, /*cross=*/false) for q > 0: the levels
  // removed lie between p and the old touch, and p is set.
  template <class Own>
  [[gnu::always_inline]] static void SetQuoteTouch(Own& own, ChangedRange& changes, feed::Price p,
                                                   feed::Quantity q) {
    const TouchChange change = own.SetQuoteTouch(p, q);
    if (change.full) {
      changes.AddAll();
    } else {
      changes.Add(change.low, change.high);
    }
  }

  template <class Own, class Other>
  static void ApplyLevel(Own& own, ChangedRange& own_changes, Other& other,
                         ChangedRange& other_changes, feed::Price p, feed::Quantity q) {
    if (q == 0) {
      own.Remove(p);
      own_changes.Add(p);
      return;
    }
    AddChange(own, own_changes, p);
    own.Set(p, q);
    RemoveBetter(other, other_changes, p, /*inclusive=*/true);
  }

  // Records a level about to be set. A new level on a full side drops the worst
  // one, whose price is not at hand: then the whole side counts as changed.
  template <class Side>
  static void AddChange(const Side& own, ChangedRange& changes, feed::Price p) {
    if (own.Full()) {
      changes.AddAll();
    } else {
      changes.Add(p);
    }
  }

  ChangedRange& bid_changes() { return changes_[static_cast<size_t>(feed::Side::kBid)]; }
  ChangedRange& ask_changes() { return changes_[static_cast<size_t>(feed::Side::kAsk)]; }

  SideStore<true> bids_;
  SideStore<false> asks_;
  // By feed::Side; kNone's entry stays empty (it covers nothing).
  ChangedRange changes_[3];
  bool in_snapshot_ = false;
};

// kNaive: std::map levels (one heap node per level, allocated and freed as the book
// moves). kPooled: flat per-side arrays preallocated to max_levels_per_side, so
// nothing allocates after construction.
using NaiveOrderBook = BasicOrderBook<MapSide>;
using PooledOrderBook = BasicOrderBook<FlatSide>;
template <AllocationProfile kProfile>
using ProfileOrderBook =
    std::conditional_t<kProfile == AllocationProfile::kPooled, PooledOrderBook, NaiveOrderBook>;

// For callers that choose the profile at run time (tests, tools); the engine holds
// ProfileOrderBook<kProfile> by type.
std::unique_ptr<OrderBook> MakeOrderBook(const BookOptions& options);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_ORDER_BOOK_H_
