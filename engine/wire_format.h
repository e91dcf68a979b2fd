// Encodes an Order as a FIX 4.4-like wire message:
//   8=FIX.4.4|9=<BodyLength>|35=<D new, F cancel>|49=HFTBOT|56=SIMX|34=<seq>|
//   11=<ClOrdID>|[41=<OrigClOrdID>|]55=<symbol>|54=<1 buy, 2 sell>|
//   [38=<qty>|40=<1 market, 2 limit>|[44=<price>|]]60=<data ts ns>|10=<CheckSum>|
// where | is SOH ('\x01') on the wire or '|' for human-readable logs. BodyLength
// counts the bytes after "9=...|" up to and including the separator before "10=";
// CheckSum is the byte sum of everything before "10=" modulo 256, three digits.
// Fixed-point prices and quantities print as feed::FormatFixedPoint writes them:
// decimals without trailing zeros (12345000000 -> "123.45"). MsgSeqNum (34) is the client order id's sequence part.
//
// Two implementations with identical bytes: EncodeToString builds a std::string by
// concatenation (the naive profile); EncodeInto writes into a caller buffer and
// never allocates (the pooled profile).
//
// Thread safety: pure functions; call from any thread.

#ifndef HFTBOT_ENGINE_WIRE_FORMAT_H_
#define HFTBOT_ENGINE_WIRE_FORMAT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/order.h"

namespace hftbot::engine {

inline constexpr char kSoh = '\x01';
// Enough for any Order with a symbol name up to 64 bytes.
inline constexpr size_t kMaxWireMessageSize = 320;

// Returns the message (naive profile: allocates).
std::string EncodeToString(const Order& order, std::string_view symbol, char separator = kSoh);

// Writes the message into buf and returns its length, or 0 (buf contents unspecified)
// when it does not fit in capacity. Never allocates.
[[nodiscard]] size_t EncodeInto(const Order& order, std::string_view symbol, char* buf,
                                size_t capacity, char separator = kSoh);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_WIRE_FORMAT_H_
