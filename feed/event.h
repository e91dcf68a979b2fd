// The market-data event every tick format is read into and every stage passes on.
//
// An Event is a plain value, one cache line, copied freely between threads. Prices
// and quantities are fixed-point int64 in units of 1e-8 (kFixedPointScale), never
// floating point, so books and PnL are exact and identical on every run.

#ifndef HFTBOT_FEED_EVENT_H_
#define HFTBOT_FEED_EVENT_H_

#include <cstdint>
#include <type_traits>

namespace hftbot::feed {

using Price = int64_t;     // 1e-8 units of the quote currency
using Quantity = int64_t;  // 1e-8 units of the instrument
using SymbolId = uint32_t; // index into the replay's SymbolTable

inline constexpr int64_t kFixedPointScale = 100'000'000;

enum class EventKind : uint8_t {
  kQuote = 0,        // best bid and ask with sizes: price/quantity = bid, ask_* = ask
  kTrade = 1,        // a print: price, quantity, side = aggressor
  kLevelUpdate = 2,  // L2: side, price, quantity = new total size at the level (0 removes it)
  kOrderAdd = 3,     // L3: id, side, price, quantity
  kOrderCancel = 4,  // L3: id, quantity = size removed (whole order when it reaches 0)
  kOrderExecute = 5, // L3: id, quantity = size executed against the resting order
  kSnapshotLevel = 6 // L2 snapshot row: like kLevelUpdate, but starts a fresh book on first use
};
inline constexpr int kEventKindCount = 7;

enum class Side : uint8_t {
  kNone = 0,
  kBid = 1,  // buy side; for trades, a buyer-initiated print
  kAsk = 2,  // sell side; for trades, a seller-initiated print
};

struct alignas(64) Event {
  int64_t ts_ns = 0;           // data time: when the event happened (or was received), ns since epoch
  int64_t exchange_ts_ns = 0;  // the venue's own timestamp when the format has one, else 0
  Price price = 0;
  Quantity quantity = 0;
  Price ask_price = 0;         // kQuote only
  Quantity ask_quantity = 0;   // kQuote only
  uint64_t id = 0;             // order id (L3) or venue update id (depth feeds); 0 when none
  SymbolId symbol = 0;
  EventKind kind = EventKind::kQuote;
  Side side = Side::kNone;
  uint16_t flags = 0;          // format-specific bits; 0 for the native formats
};

static_assert(sizeof(Event) == 64, "Event must stay one cache line");
static_assert(std::is_trivially_copyable_v<Event>, "Events are copied between threads");

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_EVENT_H_
