// Reads HdrHistogram's interval log (.hlog), as hlog_writer.h and HdrHistogram's own
// HistogramLogWriter (Java, C, JavaScript) write it, one interval at a time, so a
// long run's log never has to fit in memory.
//
// Lines: comments ("#..."; "#[StartTime: <s>" and "#[BaseTime: <s>" are read), the
// legend ("\"StartTimestamp\",..."), blank lines (skipped), and intervals:
//   [Tag=<tag>,]<start s>,<length s>,<max>,<base64 V2 compressed histogram>
// Times follow HdrHistogram's HistogramLogReader: interval starts are relative to
// BaseTime; without a BaseTime line they are absolute, unless the first one lies
// more than a year before StartTime, when StartTime is their base; without a
// StartTime line, the first interval's start is the StartTime.
//
// Errors: anything else throws HlogParseError "<source>:<line>: <what is wrong>",
// naming the file and line: a malformed number, a missing field, a bad tag, invalid
// base64, or a histogram hdr_encoding.h cannot decode (with its reason).
//
// Thread safety: not thread-safe; one reader per thread. Reporting/tool code only:
// reading allocates and throws.

#ifndef HFTBOT_METRICS_HLOG_READER_H_
#define HFTBOT_METRICS_HLOG_READER_H_

#include <fstream>
#include <istream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "metrics/histogram.h"

namespace hftbot::metrics {

class HlogParseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message: "<source>:<line>: <what is wrong>"
};

struct HlogEntry {
  std::string tag;          // empty for a line without "Tag="
  double start_s = 0.0;     // as written: seconds after the log's base time
  double absolute_start_s = 0.0;  // seconds since the Unix epoch (the rules above)
  double length_s = 0.0;
  double max = 0.0;         // the Interval_Max column as written (in the writer's unit)
  Histogram histogram;      // the interval's counts, in the encoded layout
  int line = 0;             // 1-based line number in the source
};

class HlogReader {
 public:
  // Opens path. Throws HlogParseError "<path>: cannot open (...)".
  explicit HlogReader(const std::string& path);
  // Reads *in, which must outlive the reader; source names it in errors.
  HlogReader(std::istream* in, std::string source);

  HlogReader(const HlogReader&) = delete;
  HlogReader& operator=(const HlogReader&) = delete;

  // The next interval, or nullopt at the end of the input. Throws HlogParseError.
  std::optional<HlogEntry> Next();

  // StartTime (seconds since the epoch) once known: from its comment line or, lacking
  // one, from the first interval.
  std::optional<double> StartTimeS() const { return start_time_s_; }

 private:
  HlogParseError ErrorAt(const std::string& what) const;
  void ReadTimeComment(const std::string& text, const char* key, std::optional<double>* time) const;
  HlogEntry ParseInterval(const std::string& text);

  std::unique_ptr<std::ifstream> file_;
  std::istream* in_;
  std::string source_;
  int line_number_ = 0;
  std::optional<double> start_time_s_;
  std::optional<double> base_time_s_;
};

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HLOG_READER_H_
