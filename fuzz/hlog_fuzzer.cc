// Fuzzes the .hlog interval log reader (metrics/hlog_reader.h) and, through it, the
// base64 and V2 compressed histogram decoders: logs come from other HdrHistogram
// tools and users. Any input is either read or refused with HlogParseError; every
// interval read has finite times, a non-negative length, a count that is the sum of
// its buckets, and survives our own encoding unchanged.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <sstream>
#include <string>

#include "metrics/hdr_encoding.h"
#include "metrics/histogram.h"
#include "metrics/hlog_reader.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

void CheckInterval(const hftbot::metrics::HlogEntry& entry) {
  using hftbot::metrics::Histogram;
  Check(std::isfinite(entry.start_s) && std::isfinite(entry.length_s) && std::isfinite(entry.max),
        "times and max are finite");
  Check(entry.length_s >= 0.0, "length is not negative");
  const Histogram& h = entry.histogram;
  int64_t sum = 0;
  for (size_t i = 0; i < h.CountsLength(); ++i) {
    Check(h.CountAtIndex(i) >= 0, "counts are not negative");
    sum += h.CountAtIndex(i);
  }
  Check(sum == h.Count(), "count is the sum of the buckets");
  const Histogram again =
      hftbot::metrics::DecodeCompressedHistogram(hftbot::metrics::EncodeCompressedHistogram(h, 1));
  Check(again.SameLayoutAs(h) && again.Count() == h.Count(), "re-encoding keeps layout and count");
  for (size_t i = 0; i < h.CountsLength(); ++i) Check(again.CountAtIndex(i) == h.CountAtIndex(i), "re-encoding keeps every bucket");
  for (double p : {0.0, 50.0, 99.9, 100.0}) (void)h.ValueAtPercentile(p);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  hftbot::metrics::HlogReader reader(&in, "fuzz");
  try {
    while (std::optional<hftbot::metrics::HlogEntry> entry = reader.Next()) CheckInterval(*entry);
  } catch (const hftbot::metrics::HlogParseError&) {
    return 0;
  }
  return 0;
}
