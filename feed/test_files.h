// Test helpers: scratch files under $TEST_TMPDIR and terse event builders.
//
// Thread-safety: the builders are pure; file helpers touch only the named file.

#ifndef HFTBOT_FEED_TEST_FILES_H_
#define HFTBOT_FEED_TEST_FILES_H_

#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "feed/byte_source.h"
#include "feed/event.h"

namespace hftbot::feed::testing {

// A path for a scratch file named `name` in Bazel's per-test temporary directory.
inline std::string TempPath(std::string_view name) {
  const char* dir = std::getenv("TEST_TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + std::string(name);
}

// stdio rather than iostreams: GCC 12's -Wnull-dereference misfires inside
// istreambuf_iterator at -O2.
inline std::string WriteFile(std::string_view name, std::string_view bytes) {
  const std::string path = TempPath(name);
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) std::abort();
  if (std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) std::abort();
  std::fclose(file);
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::string bytes;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return bytes;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof(chunk), file)) > 0) bytes.append(chunk, n);
  std::fclose(file);
  return bytes;
}

// `data` as one gzip member (level 9), with `header`'s optional fields (FEXTRA, FNAME,
// FCOMMENT, FHCRC) when given. Aborts if zlib fails.
inline std::string Gzip(std::string_view data, gz_header* header = nullptr) {
  z_stream stream{};
  // 16 + MAX_WBITS: a gzip header and trailer.
  if (deflateInit2(&stream, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  if (header != nullptr && deflateSetHeader(&stream, header) != Z_OK) std::abort();
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// Where the header CRC (FHCRC) sits in a GzipWithHeaderFields member.
inline constexpr size_t kHeaderFieldsCrcAt = 10 + 2 + 8 + sizeof("capture.json") + sizeof("recorded by hftbot");

// `data` as one gzip member whose header has every optional field: FEXTRA (one
// subfield), FNAME, FCOMMENT and FHCRC, as `gzip -N` and other writers add some of them.
inline std::string GzipWithHeaderFields(std::string_view data) {
  std::string extra = std::string("AB\x04\x00", 4) + "wxyz";  // subfield "AB", 4 bytes
  char name[] = "capture.json";
  char comment[] = "recorded by hftbot";
  gz_header header{};
  header.extra = reinterpret_cast<Bytef*>(extra.data());
  header.extra_len = static_cast<uInt>(extra.size());
  header.name = reinterpret_cast<Bytef*>(name);
  header.comment = reinterpret_cast<Bytef*>(comment);
  header.hcrc = 1;
  return Gzip(data, &header);
}

// The bytes of a plain or gzip file as readers see them (inflated).
inline std::string Inflate(const std::string& path) {
  const std::unique_ptr<ByteSource> source = OpenByteSource(path);
  std::string bytes;
  for (std::string_view view = source->Refill(0); !view.empty(); view = source->Refill(0)) {
    bytes.append(view);
  }
  return bytes;
}

// Prices and sizes in whole cents, so tests read like the CSV they mirror.
inline constexpr int64_t kCent = kFixedPointScale / 100;

inline Event Quote(int64_t ts, SymbolId symbol, int64_t bid_cents, int64_t bid_size_cents,
                   int64_t ask_cents, int64_t ask_size_cents) {
  Event e;
  e.ts_ns = ts;
  e.symbol = symbol;
  e.kind = EventKind::kQuote;
  e.price = bid_cents * kCent;
  e.quantity = bid_size_cents * kCent;
  e.ask_price = ask_cents * kCent;
  e.ask_quantity = ask_size_cents * kCent;
  return e;
}

inline Event Trade(int64_t ts, SymbolId symbol, Side aggressor, int64_t price_cents,
                   int64_t size_cents) {
  Event e;
  e.ts_ns = ts;
  e.symbol = symbol;
  e.kind = EventKind::kTrade;
  e.side = aggressor;
  e.price = price_cents * kCent;
  e.quantity = size_cents * kCent;
  return e;
}

inline Event Level(int64_t ts, SymbolId symbol, Side side, int64_t price_cents,
                   int64_t size_cents) {
  Event e = Trade(ts, symbol, side, price_cents, size_cents);
  e.kind = EventKind::kLevelUpdate;
  return e;
}

inline bool SameEvent(const Event& a, const Event& b) {
  return a.ts_ns == b.ts_ns && a.exchange_ts_ns == b.exchange_ts_ns && a.price == b.price &&
         a.quantity == b.quantity && a.ask_price == b.ask_price &&
         a.ask_quantity == b.ask_quantity && a.id == b.id && a.symbol == b.symbol &&
         a.kind == b.kind && a.side == b.side && a.flags == b.flags;
}

}  // namespace hftbot::feed::testing

#endif  // HFTBOT_FEED_TEST_FILES_H_
