// Event::flags bits set by the real-data importers, and read by the engine's books.
//
// The native formats write 0. Each bit refines how a consumer treats one event; an
// event with no bits set means what feed/event.h says.
//
// Thread-safety: constants only.

#ifndef HFTBOT_FEED_EVENT_FLAGS_H_
#define HFTBOT_FEED_EVENT_FLAGS_H_

#include <cstdint>

#include "feed/event.h"

namespace hftbot::feed {

// kQuote: the venue's own best bid/offer stream (Binance bookTicker) replayed next to
// a depth stream that builds the book. The quote is information, not a book update:
// an L2 book must not change any level for it (strategies still see it).
inline constexpr uint16_t kFlagQuoteInformational = 1u << 0;

// kSnapshotLevel: the first level of a snapshot. The book clears before applying it,
// even when the previous event was a snapshot level too (consecutive top-N snapshots).
inline constexpr uint16_t kFlagSnapshotStart = 1u << 1;

// kTrade: a print against hidden (non-displayed) liquidity; no displayed level changes.
inline constexpr uint16_t kFlagHiddenExecution = 1u << 2;

// kTrade: an auction cross (LOBSTER type 6); no displayed level changes.
inline constexpr uint16_t kFlagAuctionCross = 1u << 3;

// kLevelUpdate: a correction the importer derived from the venue's reference book (a
// level that entered from beyond the recorded depth); sets the level's total size.
inline constexpr uint16_t kFlagResync = 1u << 4;

// kLevelUpdate: emitted at the time the snapshot arrived although the diff was
// received earlier (Binance diffs buffered until the REST snapshot came).
inline constexpr uint16_t kFlagBuffered = 1u << 5;

inline constexpr bool HasFlag(const Event& event, uint16_t flag) {
  return (event.flags & flag) != 0;
}

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_EVENT_FLAGS_H_
