// HdrHistogram's percentile-distribution text format (.hgrm): the file
// HistogramLogProcessor and AbstractHistogram.outputPercentileDistribution write and
// HdrHistogram's plotters read. The writer reproduces the Java output byte for byte
// (header, one row per percentile step, the Mean/Max/Buckets footer); the parser
// reads it back, and also accepts HdrHistogram_c's variant (a last "inf" column).
//
// Thread safety: free functions on caller-owned objects; the usual const rules.
// Start-up/report code only: these allocate and the parser throws.

#ifndef HFTBOT_METRICS_HGRM_H_
#define HFTBOT_METRICS_HGRM_H_

#include <cstdint>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

#include "metrics/histogram.h"

namespace hftbot::metrics {

struct HgrmOptions {
  // Printed value = recorded value / value_scale: 1000 turns recorded ns into µs.
  double value_scale = 1.0;
  // Rows per halving of the distance to 100% (HdrHistogram's default 5).
  int ticks_per_half_distance = 5;
};

// Writes h as outputPercentileDistribution(out, ticks, scale) does. Values print with
// h.SignificantFigures() decimals; Max is HdrHistogram's (the highest value
// equivalent to h.Max()). An empty histogram writes the header and footer only.
// When h refused values (BelowRangeCount() or OverflowCount() non-zero) one more
// footer line, ours, states both: "#[BelowRange = n, Overflow   = n]".
void WriteHgrm(const Histogram& h, std::ostream& out, const HgrmOptions& options = {});
std::string FormatHgrm(const Histogram& h, const HgrmOptions& options = {});

struct HgrmRow {
  double value = 0.0;       // in the printed unit
  double percentile = 0.0;  // 0..1 as printed (the level iterated to)
  int64_t total_count = 0;  // cumulative
};

struct HgrmData {
  std::vector<HgrmRow> rows;
  // Footer; false/0 when the file has none (e.g. a CSV-less partial file).
  bool has_footer = false;
  double mean = 0.0;
  double stddev = 0.0;
  double max = 0.0;
  int64_t total_count = 0;
  int buckets = 0;
  int sub_buckets = 0;
  int64_t below_range = 0;  // from our BelowRange footer line; 0 when absent
  int64_t overflow = 0;

  // The value of the first row at or above percentile p (0..100), as the file
  // states it; 0 when there are no rows.
  double ValueAtPercentile(double p) const;
};

class HgrmParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message: "<source>:<line>: <what is wrong>"
};

// Parses an .hgrm text. source names the input in error messages.
// Throws HgrmParseError on a line that is neither a row, the header, a footer
// line nor blank, or when rows go backwards.
HgrmData ParseHgrm(std::istream& in, const std::string& source = "<hgrm>");
HgrmData ParseHgrmFile(const std::string& path);

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HGRM_H_
