// A price-level (L2) order book for one symbol, in two allocation profiles behind
// one interface, and the read-only BookView strategies get.
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
// worst). Both profiles apply exactly this rule, so they stay identical.
//
// Not thread-safe: owned by one engine thread.

#ifndef HFTBOT_ENGINE_ORDER_BOOK_H_
#define HFTBOT_ENGINE_ORDER_BOOK_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "engine/allocation_profile.h"
#include "feed/event.h"

namespace hftbot::engine {

struct Level {
  feed::Price price = 0;
  feed::Quantity quantity = 0;
  friend bool operator==(const Level&, const Level&) = default;
};

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
class BookView {
 public:
  virtual ~BookView() = default;

  // {0, 0} when the side is empty.
  virtual Level best_bid() const = 0;
  virtual Level best_ask() const = 0;
  // Displayed size at (side, price); 0 when there is no such level.
  virtual feed::Quantity SizeAt(feed::Side side, feed::Price price) const = 0;
  // Copies up to max_levels levels of `side`, best first, into out; returns how many.
  virtual size_t Depth(feed::Side side, Level* out, size_t max_levels) const = 0;
  virtual size_t level_count(feed::Side side) const = 0;

  bool has_bid() const { return best_bid().quantity > 0; }
  bool has_ask() const { return best_ask().quantity > 0; }
  bool two_sided() const { return has_bid() && has_ask(); }
  // (bid + ask) / 2 rounded down; 0 unless both sides are present.
  feed::Price mid() const;
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

// kNaive: std::map levels (one heap node per level, allocated and freed as the book
// moves). kPooled: per side a flat array sorted worst-to-best with the touch at the
// back, preallocated to max_levels_per_side, so touch updates are O(1) and nothing
// allocates after construction.
std::unique_ptr<OrderBook> MakeOrderBook(const BookOptions& options);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_ORDER_BOOK_H_
