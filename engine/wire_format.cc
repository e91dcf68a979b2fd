#include "engine/wire_format.h"

#include <emmintrin.h>

#include <charconv>
#include <cstring>
#include <system_error>

#include "feed/event.h"
#include "feed/fixed_point.h"

namespace hftbot::engine {

namespace {

constexpr std::string_view kBeginString = "8=FIX.4.4";

std::string_view SideCode(feed::Side side) { return side == feed::Side::kAsk ? "2" : "1"; }

uint64_t MsgSeqNum(const Order& o) { return o.client_order_id & ((uint64_t{1} << 40) - 1); }

// A bounded writer over a caller buffer; `ok` turns false on overflow.
struct Writer {
  char* p;
  char* end;
  bool ok = true;

  void Put(std::string_view s) {
    if (!ok || static_cast<size_t>(end - p) < s.size()) {
      ok = false;
      return;
    }
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  }
  void Put(char c) {
    if (!ok || p == end) {
      ok = false;
      return;
    }
    *p++ = c;
  }
  // Numbers print straight into the buffer: to_chars reports a lack of room itself.
  template <class Integer>
  void PutInteger(Integer v) {
    if (!ok) return;
    const std::to_chars_result r = std::to_chars(p, end, v);
    if (r.ec != std::errc()) {
      ok = false;
      return;
    }
    p = r.ptr;
  }
  void PutDecimal(int64_t v) {
    if (ok && end - p >= feed::kMaxFixedPointChars) {
      p = feed::FormatFixedPoint(v, p);
      return;
    }
    char tmp[feed::kMaxFixedPointChars];
    Put(std::string_view(tmp, static_cast<size_t>(feed::FormatFixedPoint(v, tmp) - tmp)));
  }
};

// Sixteen bytes at a time (psadbw sums each 8-byte half): a byte loop was 60% of an
// encode, and every order the gateway sends pays it.
unsigned CheckSum(std::string_view bytes) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  __m128i sums = _mm_setzero_si128();
  for (; end - p >= 16; p += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    sums = _mm_add_epi64(sums, _mm_sad_epu8(chunk, _mm_setzero_si128()));
  }
  uint64_t sum = static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
                 static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  for (; p != end; ++p) sum += static_cast<unsigned char>(*p);
  return static_cast<unsigned>(sum % 256);
}

}  // namespace

std::string EncodeToString(const Order& o, std::string_view symbol, char sep) {
  const std::string s(1, sep);
  std::string body;
  body += "35=" + std::string(o.type == OrderType::kCancel ? "F" : "D") + s;
  body += "49=HFTBOT" + s + "56=SIMX" + s;
  body += "34=" + std::to_string(MsgSeqNum(o)) + s;
  body += "11=" + std::to_string(o.client_order_id) + s;
  if (o.type == OrderType::kCancel) body += "41=" + std::to_string(o.cancel_target) + s;
  body += "55=" + std::string(symbol) + s;
  body += "54=" + std::string(SideCode(o.side)) + s;
  if (o.type != OrderType::kCancel) {
    body += "38=" + feed::FormatFixedPoint(o.quantity) + s;
    body += "40=" + std::string(o.type == OrderType::kMarket ? "1" : "2") + s;
    if (o.type == OrderType::kLimit) body += "44=" + feed::FormatFixedPoint(o.price) + s;
  }
  body += "60=" + std::to_string(o.data_ts_ns) + s;
  std::string msg = std::string(kBeginString) + s + "9=" + std::to_string(body.size()) + s + body;
  std::string sum = std::to_string(CheckSum(msg));
  msg += "10=" + std::string(3 - sum.size(), '0') + sum + s;
  return msg;
}

size_t EncodeInto(const Order& o, std::string_view symbol, char* buf, size_t capacity, char sep) {
  // The body goes to a stack buffer first: the header carries its length.
  char body[kMaxWireMessageSize];
  Writer w{body, body + sizeof(body)};
  const bool cancel = o.type == OrderType::kCancel;
  w.Put(cancel ? "35=F" : "35=D");
  w.Put(sep);
  w.Put("49=HFTBOT");
  w.Put(sep);
  w.Put("56=SIMX");
  w.Put(sep);
  w.Put("34=");
  w.PutInteger(MsgSeqNum(o));
  w.Put(sep);
  w.Put("11=");
  w.PutInteger(o.client_order_id);
  w.Put(sep);
  if (cancel) {
    w.Put("41=");
    w.PutInteger(o.cancel_target);
    w.Put(sep);
  }
  w.Put("55=");
  w.Put(symbol);
  w.Put(sep);
  w.Put("54=");
  w.Put(SideCode(o.side));
  w.Put(sep);
  if (!cancel) {
    w.Put("38=");
    w.PutDecimal(o.quantity);
    w.Put(sep);
    w.Put(o.type == OrderType::kMarket ? "40=1" : "40=2");
    w.Put(sep);
    if (o.type == OrderType::kLimit) {
      w.Put("44=");
      w.PutDecimal(o.price);
      w.Put(sep);
    }
  }
  w.Put("60=");
  w.PutInteger(o.data_ts_ns);
  w.Put(sep);
  if (!w.ok) return 0;
  const size_t body_len = static_cast<size_t>(w.p - body);

  Writer t{buf, buf + capacity};
  t.Put(kBeginString);
  t.Put(sep);
  t.Put("9=");
  t.PutInteger(body_len);
  t.Put(sep);
  t.Put(std::string_view(body, body_len));
  if (!t.ok) return 0;
  const unsigned sum = CheckSum(std::string_view(buf, static_cast<size_t>(t.p - buf)));
  t.Put("10=");
  t.Put(static_cast<char>('0' + sum / 100));
  t.Put(static_cast<char>('0' + sum / 10 % 10));
  t.Put(static_cast<char>('0' + sum % 10));
  t.Put(sep);
  if (!t.ok) return 0;
  return static_cast<size_t>(t.p - buf);
}

}  // namespace hftbot::engine
