#include "metrics/hlog_writer.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <ostream>
#include <utility>

#include "metrics/base64.h"
#include "metrics/hdr_encoding.h"

namespace hftbot::metrics {
namespace {

// Fixed with 3 decimals and no locale: HdrHistogram writes times and maxima with %.3f
// under Locale.US, and its reader parses them that way.
void AppendFixed3(std::string* out, double value) {
  char text[64];
  const auto [end, error] = std::to_chars(text, text + sizeof(text), value, std::chars_format::fixed, 3);
  if (error == std::errc()) out->append(text, end);
}

std::string Fixed3(double value) {
  std::string text;
  AppendFixed3(&text, value);
  return text;
}

// The tail of HdrHistogram's StartTime comment (Java's Date.toString), in UTC. Only
// people read it; readers take the number before it.
std::string DateText(double seconds_since_epoch) {
  const auto seconds = static_cast<time_t>(seconds_since_epoch);
  std::tm utc{};
  char text[64] = "";
  if (gmtime_r(&seconds, &utc) != nullptr) std::strftime(text, sizeof(text), "%a %b %d %H:%M:%S UTC %Y", &utc);
  return text;
}

void CheckArguments(double start_time_s, const std::vector<std::string>& tags, const HlogWriterOptions& options) {
  if (!(start_time_s >= 0.0) || !std::isfinite(start_time_s)) {
    throw std::invalid_argument("HlogWriter: start_time_s must be a time since the epoch, got " +
                                std::to_string(start_time_s));
  }
  if (!(options.max_value_unit_ratio > 0.0) || !std::isfinite(options.max_value_unit_ratio)) {
    throw std::invalid_argument("HlogWriterOptions.max_value_unit_ratio must be positive");
  }
  if (options.compression_level < 0 || options.compression_level > 9) {
    throw std::invalid_argument("HlogWriterOptions.compression_level must be 0..9");
  }
  if (options.comment.find_first_of("\r\n") != std::string::npos) {
    throw std::invalid_argument("HlogWriterOptions.comment must be one line");
  }
  for (const std::string& tag : tags) {
    const bool printable = std::all_of(tag.begin(), tag.end(), [](char c) { return c > ' ' && c < 0x7f; });
    if (tag.empty() || !printable || tag.find(',') != std::string::npos) {
      throw std::invalid_argument("HlogWriter: tag '" + tag +
                                  "' is not a valid tag (non-empty printable ASCII, no commas or spaces)");
    }
  }
}

}  // namespace

HlogWriter::HlogWriter(const std::string& path, double start_time_s, std::vector<std::string> tags,
                       HlogWriterOptions options)
    : out_(nullptr), name_(path), start_time_s_(start_time_s), tags_(std::move(tags)), options_(std::move(options)) {
  CheckArguments(start_time_s_, tags_, options_);
  errno = 0;
  file_ = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*file_) {
    throw HlogError(path + ": cannot create (" + (errno != 0 ? std::strerror(errno) : "unknown error") + ")");
  }
  out_ = file_.get();
  WriteHeader();
}

HlogWriter::HlogWriter(std::ostream* out, std::string name, double start_time_s, std::vector<std::string> tags,
                       HlogWriterOptions options)
    : out_(out),
      name_(std::move(name)),
      start_time_s_(start_time_s),
      tags_(std::move(tags)),
      options_(std::move(options)) {
  CheckArguments(start_time_s_, tags_, options_);
  WriteHeader();
}

HlogWriter::~HlogWriter() {
  if (closed_) return;
  if (!Close()) std::fprintf(stderr, "hftbot: interval log not fully written: %s\n", error_.c_str());
}

void HlogWriter::WriteHeader() {
  std::string header;
  if (!options_.comment.empty()) header += "#[" + options_.comment + "]\n";
  header += "#[Histogram log format version 1.3]\n";
  const std::string start = Fixed3(start_time_s_);
  header += "#[StartTime: " + start + " (seconds since epoch), " + DateText(start_time_s_) + "]\n";
  header += "#[BaseTime: " + start + " (seconds since epoch)]\n";
  header += "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"\n";
  errno = 0;
  out_->write(header.data(), static_cast<std::streamsize>(header.size()));
  if (!CheckStream("writing the header")) throw HlogError(error_);
}

bool HlogWriter::Fail(const std::string& what) {
  if (error_.empty()) error_ = name_ + ": " + what;
  return false;
}

// Call right after an operation on out_ that was preceded by errno = 0.
bool HlogWriter::CheckStream(const char* what) {
  if (*out_) return true;
  const int saved = errno;
  return Fail(std::string(what) + " failed" + (saved != 0 ? std::string(" (") + std::strerror(saved) + ")" : ""));
}

bool HlogWriter::Append(std::string_view tag, double start_s, double length_s, const Histogram& h) {
  if (!error_.empty()) return false;
  if (closed_) return Fail("Append after Close");
  if (std::find(tags_.begin(), tags_.end(), tag) == tags_.end()) {
    return Fail("Append with undeclared tag '" + std::string(tag) + "'");
  }
  if (!(start_s >= 0.0) || !std::isfinite(start_s) || !(length_s >= 0.0) || !std::isfinite(length_s)) {
    return Fail("Append(" + std::string(tag) + "): interval start " + std::to_string(start_s) + " s, length " +
                std::to_string(length_s) + " s must be finite and non-negative");
  }
  line_.assign("Tag=");
  line_.append(tag);
  line_ += ',';
  AppendFixed3(&line_, start_s);
  line_ += ',';
  AppendFixed3(&line_, length_s);
  line_ += ',';
  const double max = h.Count() == 0 ? 0.0 : static_cast<double>(h.HighestEquivalentValue(h.Max()));
  AppendFixed3(&line_, max / options_.max_value_unit_ratio);
  line_ += ',';
  line_ += Base64Encode(EncodeCompressedHistogram(h, options_.compression_level));
  line_ += '\n';
  errno = 0;
  out_->write(line_.data(), static_cast<std::streamsize>(line_.size()));
  return CheckStream("writing an interval");
}

bool HlogWriter::Flush() {
  if (!error_.empty()) return false;
  if (closed_) return true;
  errno = 0;
  out_->flush();
  return CheckStream("flushing");
}

bool HlogWriter::Close() {
  if (closed_) return error_.empty();
  const bool flushed = Flush();
  closed_ = true;
  if (file_ != nullptr) {
    errno = 0;
    file_->close();
    if (flushed) CheckStream("closing");
  }
  return error_.empty();
}

}  // namespace hftbot::metrics
