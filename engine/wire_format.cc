#include "engine/wire_format.h"

#include <charconv>
#include <cstring>

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
  void PutUnsigned(uint64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
    Put(std::string_view(tmp, static_cast<size_t>(r.ptr - tmp)));
  }
  void PutSigned(int64_t v) {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof(tmp), v);
    Put(std::string_view(tmp, static_cast<size_t>(r.ptr - tmp)));
  }
  void PutDecimal(int64_t v) {
    char tmp[feed::kMaxFixedPointChars];
    Put(std::string_view(tmp, static_cast<size_t>(feed::FormatFixedPoint(v, tmp) - tmp)));
  }
};

unsigned CheckSum(std::string_view bytes) {
  unsigned sum = 0;
  for (char c : bytes) sum += static_cast<unsigned char>(c);
  return sum % 256;
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
  w.PutUnsigned(MsgSeqNum(o));
  w.Put(sep);
  w.Put("11=");
  w.PutUnsigned(o.client_order_id);
  w.Put(sep);
  if (cancel) {
    w.Put("41=");
    w.PutUnsigned(o.cancel_target);
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
  w.PutSigned(o.data_ts_ns);
  w.Put(sep);
  if (!w.ok) return 0;
  const size_t body_len = static_cast<size_t>(w.p - body);

  Writer t{buf, buf + capacity};
  t.Put(kBeginString);
  t.Put(sep);
  t.Put("9=");
  t.PutUnsigned(body_len);
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
