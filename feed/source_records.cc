#include "feed/source_records.h"

namespace hftbot::feed {

std::string CheckSourceRecords(const SourceRecords& records) {
  const uint64_t accounted = records.accounted();
  if (accounted == records.in_source) return "";
  std::string text = std::to_string(records.in_source) + " source records, " +
                     std::to_string(accounted) + " accounted for (" +
                     std::to_string(records.with_events) + " with events, " +
                     std::to_string(records.rejected) + " rejected, " +
                     std::to_string(records.held) + " held, " + std::to_string(records.skipped) +
                     " skipped, " + std::to_string(records.informational) + " informational): ";
  if (accounted < records.in_source) {
    return text + std::to_string(records.in_source - accounted) +
           " record(s) dropped without an outcome";
  }
  return text + std::to_string(accounted - records.in_source) +
         " outcome(s) for records the source never handed out";
}

SourceRecords SourceTally::Counts(uint64_t in_source) const {
  SourceRecords records;
  records.in_source = in_source;
  records.informational = counts_[static_cast<size_t>(Outcome::kInformational)];
  records.skipped = counts_[static_cast<size_t>(Outcome::kSkipped)];
  records.held = counts_[static_cast<size_t>(Outcome::kHeld)];
  records.rejected = counts_[static_cast<size_t>(Outcome::kRejected)];
  records.with_events = counts_[static_cast<size_t>(Outcome::kWithEvents)];
  return records;
}

}  // namespace hftbot::feed
