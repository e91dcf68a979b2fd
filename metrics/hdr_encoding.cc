#include "metrics/hdr_encoding.h"

#include <zlib.h>

#include <bit>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <new>
#include <string>

namespace hftbot::metrics {
namespace {

// Cookie bases; HdrHistogram ORs a word-size nibble (0x10 for V2) into bits 4..7,
// and its readers mask it off, so we do too.
constexpr uint32_t kCookieNibble = 0xf0;
constexpr uint32_t kV2Encoding = 0x1c849303;
constexpr uint32_t kV2Compressed = 0x1c849304;
constexpr uint32_t kV1Encoding = 0x1c849301;
constexpr uint32_t kV1Compressed = 0x1c849302;
constexpr uint32_t kV0Encoding = 0x1c849308;
constexpr uint32_t kV0Compressed = 0x1c849309;
constexpr uint32_t kDoubleHistogramEncoding = 0x0c72124e;
constexpr uint32_t kDoubleHistogramCompressed = 0x0c72124f;
constexpr uint32_t kV2WordSizeNibble = 0x10;

constexpr size_t kCompressedHeaderBytes = 8;
constexpr size_t kHeaderBytes = 40;
constexpr size_t kMaxVarintBytes = 9;

void PutBigEndian(std::string* out, uint64_t value, int bytes) {
  for (int shift = 8 * (bytes - 1); shift >= 0; shift -= 8) {
    out->push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

// Fills in a 32-bit length written as a placeholder once the length is known.
void SetBigEndian32(std::string* out, size_t offset, uint64_t value) {
  for (size_t i = 0; i < 4; ++i) (*out)[offset + i] = static_cast<char>((value >> (24 - 8 * i)) & 0xff);
}

uint64_t GetBigEndian(std::string_view bytes, size_t offset, int count) {
  uint64_t value = 0;
  for (int i = 0; i < count; ++i) {
    value = (value << 8) | static_cast<uint8_t>(bytes[offset + static_cast<size_t>(i)]);
  }
  return value;
}

// ZigZag, then LEB128 in at most 9 bytes: eight of 7 bits, then one of 8.
void PutZigZag(std::string* out, int64_t value) {
  uint64_t bits = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  for (size_t i = 0; i + 1 < kMaxVarintBytes; ++i) {
    if (bits < 0x80) {
      out->push_back(static_cast<char>(bits));
      return;
    }
    out->push_back(static_cast<char>((bits & 0x7f) | 0x80));
    bits >>= 7;
  }
  out->push_back(static_cast<char>(bits));
}

int64_t GetZigZag(std::string_view bytes, size_t* position) {
  uint64_t bits = 0;
  for (size_t i = 0; i < kMaxVarintBytes; ++i) {
    if (*position >= bytes.size()) {
      throw HdrEncodingError("payload ends inside a count (varint at byte " + std::to_string(*position) + ")");
    }
    const auto byte = static_cast<uint8_t>(bytes[(*position)++]);
    if (i + 1 == kMaxVarintBytes) {
      bits |= static_cast<uint64_t>(byte) << 56;
      break;
    }
    bits |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) break;
  }
  return static_cast<int64_t>(bits >> 1) ^ -static_cast<int64_t>(bits & 1);
}

std::string Hex32(uint32_t value) {
  char text[16];
  std::snprintf(text, sizeof(text), "0x%08x", value);
  return text;
}

// Names what a cookie that is not the one expected belongs to.
[[noreturn]] void ThrowWrongCookie(uint32_t cookie, const char* where) {
  const uint32_t base = cookie & ~kCookieNibble;
  std::string what;
  if (base == kV1Encoding || base == kV1Compressed || base == kV0Encoding || base == kV0Compressed) {
    what = "HdrHistogram's older V0/V1 encoding, which is not supported (only V2)";
  } else if (cookie == kDoubleHistogramEncoding || cookie == kDoubleHistogramCompressed) {
    what = "a DoubleHistogram, which is not supported (only integer histograms)";
  } else {
    what = "not an HdrHistogram cookie";
  }
  throw HdrEncodingError(std::string(where) + " cookie " + Hex32(cookie) + ": " + what);
}

// Inflates a zlib stream piece by piece.
class Inflater {
 public:
  explicit Inflater(std::string_view compressed) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream_.avail_in = static_cast<uInt>(compressed.size());
    if (inflateInit(&stream_) != Z_OK) throw HdrEncodingError("zlib: inflateInit failed");
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  ~Inflater() { inflateEnd(&stream_); }

  // The next `size` bytes of the stream; throws if the stream is corrupt or ends first.
  std::string Read(size_t size, const char* what) {
    std::string out(size, '\0');
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(size);
    while (stream_.avail_out > 0) {
      const int status = inflate(&stream_, Z_NO_FLUSH);
      if (status == Z_STREAM_END || status == Z_BUF_ERROR) break;  // ended, or input exhausted
      if (status != Z_OK) {
        throw HdrEncodingError(std::string("zlib data corrupt in the ") + what + ": " +
                               (stream_.msg != nullptr ? stream_.msg : zError(status)));
      }
    }
    if (stream_.avail_out > 0) {
      throw HdrEncodingError(std::string("zlib data ends inside the ") + what + " (" +
                             std::to_string(size - stream_.avail_out) + " of " + std::to_string(size) +
                             " bytes)");
    }
    return out;
  }

  // Checks that the stream ends here, which also verifies its Adler-32 checksum: a
  // corrupted histogram is refused, not decoded into other counts.
  void ExpectEnd() {
    char extra;
    stream_.next_out = reinterpret_cast<Bytef*>(&extra);
    stream_.avail_out = 1;
    const int status = inflate(&stream_, Z_FINISH);
    if (status == Z_STREAM_END && stream_.avail_out == 1) return;
    if (stream_.avail_out == 0) throw HdrEncodingError("zlib data continues past the payload length the header states");
    if (status == Z_DATA_ERROR) {
      throw HdrEncodingError(std::string("zlib data corrupt: ") + (stream_.msg != nullptr ? stream_.msg : "data error"));
    }
    throw HdrEncodingError("zlib data ends before its checksum (truncated)");
  }

 private:
  z_stream stream_{};
};

}  // namespace

std::string EncodeCompressedHistogram(const Histogram& h, int compression_level) {
  if (compression_level < 0 || compression_level > 9) {
    throw std::invalid_argument("EncodeCompressedHistogram: compression level " + std::to_string(compression_level) +
                                " is not 0..9");
  }
  std::string raw;
  PutBigEndian(&raw, kV2Encoding | kV2WordSizeNibble, 4);
  PutBigEndian(&raw, 0, 4);  // payload length, set below
  PutBigEndian(&raw, 0, 4);  // normalizing index offset: we never rotate the counts
  PutBigEndian(&raw, static_cast<uint64_t>(h.SignificantFigures()), 4);
  PutBigEndian(&raw, static_cast<uint64_t>(h.LowestTrackable()), 8);
  PutBigEndian(&raw, static_cast<uint64_t>(h.HighestTrackable()), 8);
  PutBigEndian(&raw, std::bit_cast<uint64_t>(1.0), 8);  // integer values are their own doubles
  const size_t relevant = h.CountsIndexOf(h.Max()) + 1;
  for (size_t i = 0; i < relevant;) {
    const int64_t count = h.CountAtIndex(i++);
    if (count != 0) {
      PutZigZag(&raw, count);
      continue;
    }
    int64_t zeros = 1;
    for (; i < relevant && h.CountAtIndex(i) == 0; ++i) ++zeros;
    PutZigZag(&raw, zeros > 1 ? -zeros : 0);
  }
  SetBigEndian32(&raw, 4, raw.size() - kHeaderBytes);

  uLongf compressed_length = compressBound(static_cast<uLong>(raw.size()));
  std::string out;
  PutBigEndian(&out, kV2Compressed | kV2WordSizeNibble, 4);
  PutBigEndian(&out, 0, 4);  // compressed length, set below
  out.resize(kCompressedHeaderBytes + compressed_length);
  const int status = compress2(reinterpret_cast<Bytef*>(out.data() + kCompressedHeaderBytes), &compressed_length,
                               reinterpret_cast<const Bytef*>(raw.data()), static_cast<uLong>(raw.size()),
                               compression_level);
  // compressBound guarantees room and the level was checked: only memory can fail.
  if (status != Z_OK) throw std::bad_alloc();
  out.resize(kCompressedHeaderBytes + compressed_length);
  SetBigEndian32(&out, 4, compressed_length);
  return out;
}

Histogram DecodeCompressedHistogram(std::string_view bytes) {
  if (bytes.size() < kCompressedHeaderBytes) {
    throw HdrEncodingError("only " + std::to_string(bytes.size()) + " bytes: too short for a compressed histogram");
  }
  const auto cookie = static_cast<uint32_t>(GetBigEndian(bytes, 0, 4));
  if ((cookie & ~kCookieNibble) != kV2Compressed) ThrowWrongCookie(cookie, "compressed");
  const uint64_t compressed_length = GetBigEndian(bytes, 4, 4);
  if (compressed_length > bytes.size() - kCompressedHeaderBytes) {
    throw HdrEncodingError("header promises " + std::to_string(compressed_length) + " bytes of zlib data, " +
                           std::to_string(bytes.size() - kCompressedHeaderBytes) + " present");
  }
  Inflater inflater(bytes.substr(kCompressedHeaderBytes, compressed_length));
  const std::string header = inflater.Read(kHeaderBytes, "histogram header");
  const auto inner_cookie = static_cast<uint32_t>(GetBigEndian(header, 0, 4));
  if ((inner_cookie & ~kCookieNibble) != kV2Encoding) ThrowWrongCookie(inner_cookie, "encoding");
  const uint64_t payload_length = GetBigEndian(header, 4, 4);
  const auto significant_figures = static_cast<int32_t>(GetBigEndian(header, 12, 4));
  const auto lowest = static_cast<int64_t>(GetBigEndian(header, 16, 8));
  const auto highest = static_cast<int64_t>(GetBigEndian(header, 24, 8));
  const auto ratio = std::bit_cast<double>(GetBigEndian(header, 32, 8));
  if (ratio != 1.0) {
    throw HdrEncodingError("integer-to-double conversion ratio " + std::to_string(ratio) +
                           " (a DoubleHistogram's internals?); only 1 is supported");
  }
  // Histogram's constructor checks the layout; its message names the arguments.
  Histogram h = [&] {
    try {
      return Histogram(lowest, highest, significant_figures);
    } catch (const std::invalid_argument& e) {
      throw HdrEncodingError(std::string("unsupported layout: ") + e.what());
    }
  }();
  const size_t counts_length = h.CountsLength();
  if (payload_length > counts_length * kMaxVarintBytes) {
    throw HdrEncodingError("payload of " + std::to_string(payload_length) + " bytes is longer than " +
                           std::to_string(counts_length) + " counts can take");
  }
  const std::string payload = inflater.Read(payload_length, "counts payload");
  inflater.ExpectEnd();
  size_t position = 0;
  size_t index = 0;
  int64_t total = 0;
  while (position < payload.size()) {
    const int64_t value = GetZigZag(payload, &position);
    if (value < 0) {
      const uint64_t zeros = 0 - static_cast<uint64_t>(value);  // defined for INT64_MIN too
      if (zeros > counts_length - index) {
        throw HdrEncodingError("a run of " + std::to_string(zeros) + " zero counts passes the end of the " +
                               std::to_string(counts_length) + "-bucket counts array");
      }
      index += static_cast<size_t>(zeros);
      continue;
    }
    if (index >= counts_length) {
      throw HdrEncodingError("count past the end of the " + std::to_string(counts_length) + "-bucket counts array");
    }
    if (value > std::numeric_limits<int64_t>::max() - total) throw HdrEncodingError("total count exceeds int64");
    total += value;
    // Index 0 holds HdrHistogram's recorded zeros: false, and counted as below range.
    if (value > 0) (void)h.RecordAtIndex(index, value);
    ++index;
  }
  return h;
}

}  // namespace hftbot::metrics
