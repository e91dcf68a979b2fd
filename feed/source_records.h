// SourceRecords: a tick file's records counted where its bytes are cut into records,
// apart from the reader's own read() == loaded + rejected sum, and the identity that
// ties each of them to an outcome.
//
// read() counts candidate events, so it cannot see an input line that a reader drops
// without a word. This count can: the unit is the piece of input the byte layer hands
// out, counted there, and every piece must end in exactly one outcome.
//
// The unit, a "source record", per format:
//   csv        one line, the header row included (its one informational record).
//   binary     one record slot after the header: ceil(bytes after the header / record
//              size); a truncated last record is a slot (rejected as truncated_record).
//   importers  one line of the input file as the line reader cuts it (at '\n'; a last
//              line without one counts), header rows and blank lines included. A line
//              that yields several events (a depth diff, a snapshot row) is one source
//              record. LOBSTER counts the message file's lines; each orderbook row is
//              read in step with its message line and not counted again.
// A source record's outcome is the strongest of what happened to it while it was the
// current line (or record), in this order:
//   with_events    it queued at least one event (an event later refused as
//                  time_backwards still counts here; read()/rejected count it per event)
//   rejected       it was refused as bad input
//   held           its records wait for a later line (a Binance depth diff buffered
//                  until the snapshot, a REST snapshot waiting for its symbol); they
//                  become events or skips when released, under the releasing line
//   skipped        the format's rules leave it out (stale diff, halt, unhandled message)
//   informational  a header row or other line that carries no record
// Identity: in_source == with_events + rejected + held + skipped + informational.
//
// Thread-safety: plain values and a single-threaded tally.

#ifndef HFTBOT_FEED_SOURCE_RECORDS_H_
#define HFTBOT_FEED_SOURCE_RECORDS_H_

#include <array>
#include <cstdint>
#include <string>

namespace hftbot::feed {

struct SourceRecords {
  uint64_t in_source = 0;  // counted by the line reader or from the byte count
  uint64_t with_events = 0;
  uint64_t rejected = 0;
  uint64_t held = 0;
  uint64_t skipped = 0;
  uint64_t informational = 0;

  uint64_t accounted() const { return with_events + rejected + held + skipped + informational; }
};

// Empty when in_source == accounted(); otherwise one line naming both sides, e.g.
// "12 source records, 11 accounted for (10 with events, 1 rejected, 0 held, 0 skipped,
// 0 informational): 1 record dropped without an outcome".
// REQUIRES: the whole file was read (TickReader::Next returned false, or LoadTickFile).
std::string CheckSourceRecords(const SourceRecords& records);

// Keeps each source record's strongest outcome while a reader works through them in
// order. Not thread-safe.
class SourceTally {
 public:
  enum class Outcome : uint8_t { kInformational, kSkipped, kHeld, kRejected, kWithEvents };

  // Notes `outcome` for `record` (the reader's 1-based line or record number).
  // REQUIRES: records arrive in non-decreasing order.
  void Record(uint64_t record, Outcome outcome) {
    if (record != current_) {
      current_ = record;
      current_outcome_ = outcome;
      ++counts_[static_cast<size_t>(outcome)];
    } else if (outcome > current_outcome_) {
      --counts_[static_cast<size_t>(current_outcome_)];
      ++counts_[static_cast<size_t>(outcome)];
      current_outcome_ = outcome;
    }
  }

  // The outcomes so far beside `in_source`, the records the byte layer handed out.
  SourceRecords Counts(uint64_t in_source) const;

 private:
  static constexpr uint64_t kNone = UINT64_MAX;
  uint64_t current_ = kNone;
  Outcome current_outcome_ = Outcome::kInformational;
  std::array<uint64_t, 5> counts_{};
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_SOURCE_RECORDS_H_
