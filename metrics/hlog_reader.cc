#include "metrics/hlog_reader.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "metrics/base64.h"
#include "metrics/hdr_encoding.h"

namespace hftbot::metrics {
namespace {

constexpr double kYearS = 365 * 24 * 3600.0;
constexpr std::string_view kTagPrefix = "Tag=";
constexpr std::string_view kLegendPrefix = "\"StartTimestamp\"";

// The whole field as a finite double, or nullopt.
std::optional<double> ParseDouble(std::string_view field) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (error != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::string Quote(std::string_view field) {
  constexpr size_t kShown = 40;
  return "'" + std::string(field.substr(0, kShown)) + (field.size() > kShown ? "...'" : "'");
}

}  // namespace

HlogReader::HlogReader(const std::string& path) : source_(path) {
  errno = 0;
  file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file_) {
    throw HlogParseError(path + ": cannot open (" + (errno != 0 ? std::strerror(errno) : "unknown error") + ")");
  }
  in_ = file_.get();
}

HlogReader::HlogReader(std::istream* in, std::string source) : in_(in), source_(std::move(source)) {}

HlogParseError HlogReader::ErrorAt(const std::string& what) const {
  return HlogParseError(source_ + ":" + std::to_string(line_number_) + ": " + what);
}

void HlogReader::ReadTimeComment(const std::string& text, const char* key, std::optional<double>* time) const {
  // "#[StartTime: 1700000000.123 (seconds since epoch), ...]": the number up to the space.
  const size_t begin = text.find_first_not_of(' ', std::strlen(key));
  const size_t end = begin == std::string::npos ? std::string::npos : text.find_first_of(" ]", begin);
  const std::string_view field =
      begin == std::string::npos ? std::string_view() : std::string_view(text).substr(begin, end - begin);
  const std::optional<double> seconds = ParseDouble(field);
  if (!seconds) throw ErrorAt(std::string(key + 2, std::strlen(key) - 3) + " is not a number: " + Quote(field));
  *time = *seconds;
}

std::optional<HlogEntry> HlogReader::Next() {
  std::string text;
  while (std::getline(*in_, text)) {
    ++line_number_;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty()) continue;
    if (text[0] == '#') {
      if (text.rfind("#[StartTime:", 0) == 0) ReadTimeComment(text, "#[StartTime:", &start_time_s_);
      if (text.rfind("#[BaseTime:", 0) == 0) ReadTimeComment(text, "#[BaseTime:", &base_time_s_);
      continue;
    }
    if (text.rfind(kLegendPrefix, 0) == 0) continue;
    return ParseInterval(text);
  }
  if (in_->bad()) throw ErrorAt("read error");
  return std::nullopt;
}

HlogEntry HlogReader::ParseInterval(const std::string& text) {
  std::string_view rest(text);
  std::string tag;
  if (rest.rfind(kTagPrefix, 0) == 0) {
    const size_t comma = rest.find(',');
    tag = std::string(rest.substr(kTagPrefix.size(), comma - kTagPrefix.size()));
    if (tag.empty()) throw ErrorAt("empty tag");
    if (comma == std::string_view::npos) throw ErrorAt("nothing after the tag");
    rest.remove_prefix(comma + 1);
  }
  std::vector<std::string_view> fields;
  for (size_t begin = 0;;) {
    const size_t comma = rest.find(',', begin);
    fields.push_back(rest.substr(begin, comma - begin));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
  if (fields.size() != 4) {
    throw ErrorAt("expected [Tag=<tag>,]<start>,<length>,<max>,<histogram>: found " +
                  std::to_string(fields.size()) + " fields after the tag in " + Quote(text));
  }
  const char* const kNames[] = {"interval start", "interval length", "interval max"};
  double numbers[3];
  for (int i = 0; i < 3; ++i) {
    const std::optional<double> value = ParseDouble(fields[static_cast<size_t>(i)]);
    if (!value) throw ErrorAt(std::string(kNames[i]) + " is not a finite number: " + Quote(fields[static_cast<size_t>(i)]));
    numbers[i] = *value;
  }
  if (numbers[1] < 0.0) throw ErrorAt("interval length is negative: " + Quote(fields[1]));
  std::string bytes;
  std::string base64_error;
  if (!Base64Decode(fields[3], &bytes, &base64_error)) throw ErrorAt("histogram is not base64: " + base64_error);
  std::optional<Histogram> histogram;
  try {
    histogram.emplace(DecodeCompressedHistogram(bytes));
  } catch (const HdrEncodingError& e) {
    throw ErrorAt(std::string("histogram: ") + e.what());
  }
  // HdrHistogram's HistogramLogReader rules (see the header).
  const double start = numbers[0];
  if (!start_time_s_) start_time_s_ = start;
  if (!base_time_s_) base_time_s_ = start < *start_time_s_ - kYearS ? *start_time_s_ : 0.0;
  return HlogEntry{.tag = std::move(tag),
                   .start_s = start,
                   .absolute_start_s = *base_time_s_ + start,
                   .length_s = numbers[1],
                   .max = numbers[2],
                   .histogram = std::move(*histogram),
                   .line = line_number_};
}

}  // namespace hftbot::metrics
