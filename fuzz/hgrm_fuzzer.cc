// Fuzzes the .hgrm percentile-distribution parser (metrics/hgrm.h), which `compare`
// runs on files the bot wrote and users may hand it from other HdrHistogram tools.
// Any input is either parsed or refused with HgrmParseError; parsed rows are finite,
// percentiles lie in 0..1 and rows never go backwards.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "metrics/hgrm.h"

namespace {

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  hftbot::metrics::HgrmData parsed;
  try {
    parsed = hftbot::metrics::ParseHgrm(in, "fuzz");
  } catch (const hftbot::metrics::HgrmParseError&) {
    return 0;
  }
  for (size_t i = 0; i < parsed.rows.size(); ++i) {
    const hftbot::metrics::HgrmRow& row = parsed.rows[i];
    Check(std::isfinite(row.value) && std::isfinite(row.percentile), "rows are finite");
    Check(row.percentile >= 0.0 && row.percentile <= 1.0, "percentiles lie in 0..1");
    if (i > 0) {
      const hftbot::metrics::HgrmRow& last = parsed.rows[i - 1];
      Check(row.value >= last.value && row.percentile >= last.percentile &&
                row.total_count >= last.total_count,
            "rows never go backwards");
    }
  }
  for (double p : {0.0, 50.0, 99.0, 99.99, 100.0}) (void)parsed.ValueAtPercentile(p);
  return 0;
}
