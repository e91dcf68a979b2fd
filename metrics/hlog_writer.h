// Writes HdrHistogram's interval log (.hlog): latency over time, one compressed
// histogram per interval and stage, in the format HdrHistogram's HistogramLogWriter
// writes and its tools read (HistogramLogProcessor, HistogramLogAnalyzer, the
// JavaScript port's plotters). The file:
//
//   #[<comment>]                                          (when options.comment is set)
//   #[Histogram log format version 1.3]
//   #[StartTime: 1700000000.000 (seconds since epoch), Tue Nov 14 22:13:20 UTC 2023]
//   #[BaseTime: 1700000000.000 (seconds since epoch)]
//   "StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"
//   Tag=engine_service,0.000,1.000,0.250,HISTFAAAA...    (one line per Append)
//
// Interval start times are seconds after BaseTime (= StartTime), written like every
// time here with millisecond precision, as HdrHistogram does. Interval_Max is the
// histogram's max (HdrHistogram's: the highest value equivalent to Max()) divided by
// options.max_value_unit_ratio; readers take it from the histogram, it is for people.
// The histogram is hdr_encoding.h's V2 compressed form in base64: every bucket's
// count, not the out-of-range counts (state those in the report).
//
// Errors: the constructor throws HlogError (start-up code). After that nothing
// throws: Append, Flush and Close return false on failure and error() says what
// failed, naming the file; the first error sticks and later calls write nothing.
// A write error is never dropped: call Close() and act on its answer; a writer
// destroyed without Close() closes itself and prints any error to stderr.
//
// Thread safety: not thread-safe; one thread (the replay's sampling thread, never a
// hot thread) owns a writer. Append allocates and compresses (tens of µs per
// histogram); IntervalLogger (interval_logger.h) drives it from IntervalRecorders.

#ifndef HFTBOT_METRICS_HLOG_WRITER_H_
#define HFTBOT_METRICS_HLOG_WRITER_H_

#include <fstream>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "metrics/histogram.h"

namespace hftbot::metrics {

class HlogError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  // message: "<file>: <what failed>"
};

struct HlogWriterOptions {
  // Interval_Max = max / this. HdrHistogram's default, 1e6, turns recorded ns into ms.
  double max_value_unit_ratio = 1e6;
  // One line (no line breaks) written first as "#[<comment>]"; none when empty.
  std::string comment;
  // zlib level 0..9 for each histogram; 9 as HdrHistogram's writer.
  int compression_level = 9;
};

class HlogWriter {
 public:
  // Creates (truncates) path and writes the header. start_time_s: the wall-clock time
  // the log starts at, in seconds since the Unix epoch (>= 0), written as StartTime and
  // BaseTime; interval starts are relative to it. tags: every tag Append will be called
  // with (a stage name each), non-empty printable ASCII without commas or spaces
  // (HdrHistogram's reader splits lines on them). Throws HlogError naming path when the
  // file cannot be created or written, std::invalid_argument for bad arguments.
  HlogWriter(const std::string& path, double start_time_s, std::vector<std::string> tags,
             HlogWriterOptions options = {});
  // Writes to *out, which must outlive the writer; name stands for it in errors.
  // Otherwise as above.
  HlogWriter(std::ostream* out, std::string name, double start_time_s, std::vector<std::string> tags,
             HlogWriterOptions options = {});

  HlogWriter(const HlogWriter&) = delete;
  HlogWriter& operator=(const HlogWriter&) = delete;
  ~HlogWriter();

  // Writes one interval: histogram h of stage tag, covering start_s .. start_s +
  // length_s seconds after StartTime. Returns false, writing nothing, when tag was
  // not declared in the options, start_s or length_s is negative or not finite, or
  // a write failed (then or earlier); error() says which.
  [[nodiscard]] bool Append(std::string_view tag, double start_s, double length_s, const Histogram& h);

  // Pushes buffered lines to the file (the sampling thread may call it after each
  // round, so a crash loses at most one interval). False on failure, see error().
  [[nodiscard]] bool Flush();

  // Flushes and, for a file, closes it. False if anything failed, now or earlier.
  // Later Appends fail. Calling it again returns the same answer.
  [[nodiscard]] bool Close();

  bool ok() const { return error_.empty(); }
  // The first failure, "<file>: <what>"; empty while all is well.
  const std::string& error() const { return error_; }

 private:
  void WriteHeader();
  bool CheckStream(const char* what);
  bool Fail(const std::string& what);

  std::unique_ptr<std::ofstream> file_;  // set when the writer opened the file itself
  std::ostream* out_;
  std::string name_;
  double start_time_s_;
  std::vector<std::string> tags_;
  HlogWriterOptions options_;
  std::string line_;  // reused for each interval line
  std::string error_;
  bool closed_ = false;
};

}  // namespace hftbot::metrics

#endif  // HFTBOT_METRICS_HLOG_WRITER_H_
