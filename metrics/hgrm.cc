#include "metrics/hgrm.h"

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <istream>
#include <ostream>
#include <sstream>

namespace hftbot::metrics {
namespace {

void Append(std::ostream& out, const char* text, int length) {
  if (length > 0) out.write(text, length);
}

HgrmParseError ErrorAt(const std::string& source, int line, const std::string& what) {
  return HgrmParseError(source + ":" + std::to_string(line) + ": " + what);
}

}  // namespace

void WriteHgrm(const Histogram& h, std::ostream& out, const HgrmOptions& options) {
  const int digits = h.SignificantFigures();
  const double scale = options.value_scale;
  char line[256];
  Append(out, line,
         std::snprintf(line, sizeof(line), "%12s %14s %10s %14s\n\n", "Value", "Percentile",
                       "TotalCount", "1/(1-Percentile)"));
  h.ForEachPercentile(options.ticks_per_half_distance, [&](const PercentilePoint& p) {
    const double value = static_cast<double>(p.value) / scale;
    const double fraction = p.percentile_level / 100.0;
    if (p.percentile_level != 100.0) {
      Append(out, line,
             std::snprintf(line, sizeof(line), "%12.*f %2.12f %10" PRId64 " %14.2f\n", digits, value,
                           fraction, p.total_count, 1.0 / (1.0 - fraction)));
    } else {
      Append(out, line,
             std::snprintf(line, sizeof(line), "%12.*f %2.12f %10" PRId64 "\n", digits, value, fraction,
                           p.total_count));
    }
  });
  const double max = h.Count() == 0 ? 0.0 : static_cast<double>(h.HighestEquivalentValue(h.Max()));
  Append(out, line,
         std::snprintf(line, sizeof(line), "#[Mean    = %12.*f, StdDeviation   = %12.*f]\n", digits,
                       h.Mean() / scale, digits, h.StdDev() / scale));
  Append(out, line,
         std::snprintf(line, sizeof(line), "#[Max     = %12.*f, Total count    = %12" PRId64 "]\n",
                       digits, max / scale, h.Count()));
  Append(out, line,
         std::snprintf(line, sizeof(line), "#[Buckets = %12d, SubBuckets     = %12d]\n",
                       h.BucketCount(), h.SubBucketCount()));
}

std::string FormatHgrm(const Histogram& h, const HgrmOptions& options) {
  std::ostringstream out;
  WriteHgrm(h, out, options);
  return out.str();
}

double HgrmData::ValueAtPercentile(double p) const {
  for (const HgrmRow& row : rows) {
    if (row.percentile * 100.0 >= p) return row.value;
  }
  return rows.empty() ? 0.0 : rows.back().value;
}

HgrmData ParseHgrm(std::istream& in, const std::string& source) {
  HgrmData data;
  std::string text;
  int line_number = 0;
  while (std::getline(in, text)) {
    ++line_number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    if (text.find("Value") != std::string::npos && text.find("Percentile") != std::string::npos) {
      continue;  // the column header
    }
    if (text.rfind("#[", 0) == 0) {
      double a = 0.0, b = 0.0;
      long long count = 0;
      int buckets = 0, sub_buckets = 0;
      if (std::sscanf(text.c_str(), "#[Mean = %lf, StdDeviation = %lf]", &a, &b) == 2) {
        data.mean = a;
        data.stddev = b;
      } else if (std::sscanf(text.c_str(), "#[Max = %lf, Total count = %lld]", &a, &count) == 2) {
        data.max = a;
        data.total_count = count;
      } else if (std::sscanf(text.c_str(), "#[Buckets = %d, SubBuckets = %d]", &buckets,
                             &sub_buckets) == 2) {
        data.buckets = buckets;
        data.sub_buckets = sub_buckets;
      } else {
        throw ErrorAt(source, line_number, "unrecognised footer line: " + text);
      }
      data.has_footer = true;
      continue;
    }
    if (text[0] == '#') continue;  // other comments, e.g. a tool's preamble
    HgrmRow row;
    long long total = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), " %lf %lf %lld%n", &row.value, &row.percentile, &total, &consumed) != 3) {
      throw ErrorAt(source, line_number, "expected 'value percentile total_count [1/(1-p)]': " + text);
    }
    // An optional fourth column (1/(1-p), or "inf" from HdrHistogram_c) and nothing else.
    std::istringstream rest(text.substr(static_cast<size_t>(consumed)));
    std::string inverse, extra;
    rest >> inverse >> extra;
    if (!extra.empty()) throw ErrorAt(source, line_number, "too many columns: " + text);
    row.total_count = total;
    if (row.percentile < 0.0 || row.percentile > 1.0) {
      throw ErrorAt(source, line_number, "percentile outside 0..1: " + text);
    }
    if (!data.rows.empty()) {
      const HgrmRow& last = data.rows.back();
      if (row.value < last.value || row.percentile < last.percentile ||
          row.total_count < last.total_count) {
        throw ErrorAt(source, line_number, "row goes backwards: " + text);
      }
    }
    data.rows.push_back(row);
  }
  return data;
}

HgrmData ParseHgrmFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw HgrmParseError(path + ": cannot open");
  return ParseHgrm(in, path);
}

}  // namespace hftbot::metrics
