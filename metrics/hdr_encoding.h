// HdrHistogram's V2 compressed histogram encoding: the bytes behind each histogram
// line of an .hlog interval log, as HdrHistogram (Java 2.1.x, C, JavaScript) writes
// them with encodeIntoCompressedByteBuffer and reads them back.
//
// Layout (integers big-endian):
//   compressed:   int32 cookie 0x1c849314, int32 length of what follows, then a zlib
//                 stream (RFC 1950) of the uncompressed form.
//   uncompressed: int32 cookie 0x1c849313, int32 payload length, int32 normalizing
//                 index offset, int32 significant figures, int64 lowest trackable,
//                 int64 highest trackable, float64 integer-to-double ratio, then the
//                 payload: counts[0 .. index of the max] in HdrHistogram's counts-array
//                 order, each a ZigZag LEB128 varint of at most 9 bytes (the ninth
//                 carries 8 bits), a run of n > 1 zero counts written as -n.
//
// A Histogram maps onto this exactly: its counts-array index is HdrHistogram's
// countsArrayIndex for the same (lowest, highest, figures), so encoding and decoding
// keep every bucket's count. What the format cannot hold: exact Min()/Max() (a decoded
// histogram knows them to the bucket, as HdrHistogram's does) and the out-of-range
// counts (OverflowCount, BelowRangeCount), which are not written.
//
// Thread safety: free functions; the usual const rules. Reporting threads only: these
// allocate (a copy of the counts, the compressed buffer) and the decoder throws.

#ifndef HFTBOT_METRICS_HDR_ENCODING_H_
#define HFTBOT_METRICS_HDR_ENCODING_H_

#include <stdexcept>
#include <string>
#include <string_view>

#include "metrics/histogram.h"

namespace hftbot::metrics {

class HdrEncodingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message: what is wrong with the bytes
};

// Encodes h (its counts up to the bucket of Max()) compressed at zlib level
// compression_level (0..9; HdrHistogram's log writer uses 9).
std::string EncodeCompressedHistogram(const Histogram& h, int compression_level = 9);

// Decodes bytes written by EncodeCompressedHistogram or by HdrHistogram into a
// Histogram with the encoded layout; each count lands in its bucket through
// Histogram::RecordAtIndex (so HdrHistogram's recorded zeros count as BelowRange).
// The normalizing index offset is read and ignored: HdrHistogram writes counts in
// logical order whatever its internal rotation. Throws HdrEncodingError on anything
// else: another encoding (V0, V1, a DoubleHistogram), a conversion ratio other than
// 1, a layout Histogram refuses (e.g. 0 significant figures), truncated or corrupt
// zlib data, a count past the counts array, or a total count beyond int64.
Histogram DecodeCompressedHistogram(std::string_view bytes);

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HDR_ENCODING_H_
