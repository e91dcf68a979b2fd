// Importer: the common machinery of the real-data readers (feed/importers.h).
//
// An importer turns one recorded file into Events in file order. Unlike the native
// formats, one input line may give many events (a depth diff, a snapshot, a top-N row)
// and some input is skipped by design (a Binance diff older than the snapshot, a
// trading halt). The accounting unit is the *record*: one candidate event. Every
// record is either returned by Next() (loaded) or counted under a reason key
// (rejected), so read() == loaded() + rejected total always holds.
//
// Two kinds of reasons:
//   Reject(key, detail)  bad input. With OnBadTick::kFail it throws InputError
//                        "<path>:<line>: <key>: <detail>"; with kSkip it is counted.
//   Skip(key, n)         input the format's own rules tell us to leave out (stale
//                        diffs, halts, empty levels). Counted in either mode, never
//                        thrown, so a clean file loads with kFail.
// notes() carries figures that are not records (depth gaps, resyncs, buffered diffs).
//
// Apart from that sum, every input line gets an outcome (feed/source_records.h):
// Emit, Reject and Skip give the current line theirs; a line whose records wait for a
// later one calls Hold(), a header row Informational(). source_records() then lets
// CheckSourceRecords catch a line dropped without any of these.
//
// Thread-safety: not thread-safe; one importer per thread.

#ifndef HFTBOT_FEED_IMPORTER_H_
#define HFTBOT_FEED_IMPORTER_H_

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "feed/event.h"
#include "feed/line_reader.h"
#include "feed/source_records.h"
#include "feed/symbol_table.h"
#include "feed/tick_format.h"

namespace hftbot::feed {

class Importer {
 public:
  // Opens `path` (gzip or plain). Throws InputError when it cannot be read or is empty.
  Importer(std::string path, const LoadOptions& options);
  virtual ~Importer();
  Importer(const Importer&) = delete;
  Importer& operator=(const Importer&) = delete;

  // The next event in file order; false at the end. Throws InputError (see above).
  [[nodiscard]] bool Next(Event& event);

  const std::string& path() const { return path_; }
  bool compressed() const { return lines_.compressed(); }
  const SymbolTable& symbols() const { return symbols_; }
  uint64_t read() const { return loaded_ + rejected_total_; }
  uint64_t loaded() const { return loaded_; }
  const std::map<std::string, uint64_t>& rejected() const { return rejected_; }
  const std::map<std::string, uint64_t>& notes() const { return notes_; }
  // Lines handed out so far and their outcomes.
  SourceRecords source_records() const { return tally_.Counts(lines_.line_number()); }
  // Input bytes consumed so far, and how many there will be (0: unknown); see TickReader.
  uint64_t input_offset() const { return lines_.offset(); }
  uint64_t input_expected_size() const { return lines_.expected_size(); }

 protected:
  // Reads input and queues events with Emit until at least one is queued or the input
  // ends (then returns false; it may still have queued events, e.g. a final flush).
  virtual bool Produce() = 0;

  // The next line without its terminator; false at the end. Counts line_number().
  bool ReadLine(std::string_view& line) { return lines_.ReadLine(line); }
  uint64_t line_number() const { return lines_.line_number(); }
  // The input after the last line ReadLine returned, up to the end of the reader's
  // current window: bytes a parser may read past that line's end (they stay valid
  // until the next ReadLine).
  std::string_view Unread() const { return lines_.Peek(); }
  std::string Where() const { return path_ + ":" + std::to_string(line_number()); }

  // Queues one event; it is checked for per-symbol time order when handed out.
  void Emit(const Event& event) {
    pending_.push_back(event);
    Mark(SourceTally::Outcome::kWithEvents);
  }
  void Reject(std::string_view key, const std::string& detail) {
    CountReject(key, detail);
    Mark(SourceTally::Outcome::kRejected);
  }
  void Skip(std::string_view key, uint64_t records = 1);
  // The current line's records are kept for a later line to emit or skip.
  void Hold() { Mark(SourceTally::Outcome::kHeld); }
  // The current line is a header or otherwise carries no record.
  void Informational() { Mark(SourceTally::Outcome::kInformational); }
  void Note(std::string_view key, uint64_t n = 1) { notes_[std::string(key)] += n; }

  SymbolId Intern(std::string_view name) { return symbols_.Intern(name); }
  // Interns a symbol read from the input; rejects ("bad_symbol") an invalid name.
  bool InternChecked(std::string_view name, SymbolId& out);

  // Parses an exact decimal field; on failure rejects the record under the decimal
  // error's key, naming `what`.
  bool Decimal(std::string_view text, std::string_view what, int64_t& out);

  // LoadOptions::symbol, else `fallback` (a name derived from the file name).
  std::string SymbolOr(std::string fallback) const;
  // The file name without directories, ".gz" and the last extension.
  std::string Stem() const;

  const LoadOptions options_;

 private:
  void Mark(SourceTally::Outcome outcome) { tally_.Record(lines_.line_number(), outcome); }
  // Counts (or, with kFail, throws) one rejected record without touching line outcomes.
  void CountReject(std::string_view key, const std::string& detail);

  std::string path_;
  LineReader lines_;
  SymbolTable symbols_;
  // The symbol InternChecked accepted last (none while >= symbols_.size()).
  SymbolId checked_symbol_ = std::numeric_limits<SymbolId>::max();
  // Queued events, handed out from pending_head_; a vector reused once drained, so
  // queueing allocates only while it grows (a deque allocates every few events).
  std::vector<Event> pending_;
  size_t pending_head_ = 0;
  std::vector<int64_t> last_ts_;
  uint64_t loaded_ = 0;
  uint64_t rejected_total_ = 0;
  std::map<std::string, uint64_t> rejected_;
  std::map<std::string, uint64_t> notes_;
  SourceTally tally_;
  bool input_done_ = false;
};

// ---- Helpers shared by the importers -------------------------------------------------

// Splits `line` at `sep` into at most `max` fields; returns the count (more fields
// than `max` gives max + 1 with the rest unsplit in the last).
size_t SplitFields(std::string_view line, char sep, std::string_view* fields, size_t max);

// Unsigned / signed decimal integers, the whole text. False on anything else.
bool ParseUint(std::string_view text, uint64_t& out);
bool ParseInt(std::string_view text, int64_t& out);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

// UTC offset of US Eastern time (ns to add to local time to get UTC) on a date, with
// the post-2007 daylight-saving rules.
int64_t UsEasternToUtcNs(int64_t year, unsigned month, unsigned day);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_IMPORTER_H_
