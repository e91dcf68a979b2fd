#include "metrics/hgrm.h"

#include <charconv>
#include <cinttypes>
#include <cmath>
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

// Java's %<width>.<decimals>f, which HdrHistogram's files are written with: Java rounds
// the shortest decimal that identifies the double (Double.toString's digits) half-up,
// where printf rounds the exact binary value. They differ on ties such as
// 0.9997802734375 -> Java 0.999780273438, printf 0.999780273437.
std::string JavaFixed(double value, int width, int decimals) {
  char buffer[512];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed);
  std::string digits(buffer, error == std::errc() ? end : buffer);
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  const size_t dot = digits.find('.');
  std::string integer = dot == std::string::npos ? digits : digits.substr(0, dot);
  std::string fraction = dot == std::string::npos ? "" : digits.substr(dot + 1);
  const bool round_up = fraction.size() > static_cast<size_t>(decimals) &&
                        fraction[static_cast<size_t>(decimals)] >= '5';
  fraction.resize(static_cast<size_t>(decimals), '0');
  if (round_up) {
    std::string all = integer + fraction;
    int i = static_cast<int>(all.size()) - 1;
    for (; i >= 0 && all[static_cast<size_t>(i)] == '9'; --i) all[static_cast<size_t>(i)] = '0';
    if (i < 0) {
      all.insert(0, "1");
    } else {
      ++all[static_cast<size_t>(i)];
    }
    integer = all.substr(0, all.size() - static_cast<size_t>(decimals));
    fraction = all.substr(all.size() - static_cast<size_t>(decimals));
  }
  std::string text = (negative ? "-" : "") + integer + (decimals > 0 ? "." + fraction : "");
  if (static_cast<int>(text.size()) < width) text.insert(0, static_cast<size_t>(width) - text.size(), ' ');
  return text;
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
    const double fraction = p.percentile_level / 100.0;
    out << JavaFixed(static_cast<double>(p.value) / scale, 12, digits) << ' '
        << JavaFixed(fraction, 2, 12) << ' ';
    Append(out, line, std::snprintf(line, sizeof(line), "%10" PRId64, p.total_count));
    if (p.percentile_level != 100.0) out << ' ' << JavaFixed(1.0 / (1.0 - fraction), 14, 2);
    out << '\n';
  });
  const double max = h.Count() == 0 ? 0.0 : static_cast<double>(h.HighestEquivalentValue(h.Max()));
  out << "#[Mean    = " << JavaFixed(h.Mean() / scale, 12, digits)
      << ", StdDeviation   = " << JavaFixed(h.StdDev() / scale, 12, digits) << "]\n";
  out << "#[Max     = " << JavaFixed(max / scale, 12, digits) << ", Total count    = ";
  Append(out, line, std::snprintf(line, sizeof(line), "%12" PRId64 "]\n", h.Count()));
  Append(out, line,
         std::snprintf(line, sizeof(line), "#[Buckets = %12d, SubBuckets     = %12d]\n",
                       h.BucketCount(), h.SubBucketCount()));
  // Our own line, only when something was refused, so that a file written from valid
  // input stays HdrHistogram's byte for byte; plotters skip '#' lines.
  if (h.BelowRangeCount() != 0 || h.OverflowCount() != 0) {
    Append(out, line,
           std::snprintf(line, sizeof(line), "#[BelowRange = %12" PRId64 ", Overflow   = %12" PRId64 "]\n",
                         h.BelowRangeCount(), h.OverflowCount()));
  }
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
      long long count = 0, other_count = 0;
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
      } else if (std::sscanf(text.c_str(), "#[BelowRange = %lld, Overflow = %lld]", &count,
                             &other_count) == 2) {
        data.below_range = count;
        data.overflow = other_count;
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
    // sscanf reads "nan" and "inf", which no comparison below would catch.
    if (!std::isfinite(row.value) || !std::isfinite(row.percentile)) {
      throw ErrorAt(source, line_number, "value and percentile must be finite: " + text);
    }
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
