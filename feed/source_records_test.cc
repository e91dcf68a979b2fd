#include "feed/source_records.h"

#include <gtest/gtest.h>

#include <string>

#include "feed/event.h"
#include "feed/importer.h"
#include "feed/test_files.h"

namespace hftbot::feed {
namespace {

using Outcome = SourceTally::Outcome;

TEST(SourceRecordsTest, HoldsWhenEveryRecordHasAnOutcome) {
  SourceRecords records;
  records.in_source = 6;
  records.with_events = 2;
  records.rejected = 1;
  records.held = 1;
  records.skipped = 1;
  records.informational = 1;
  EXPECT_EQ(CheckSourceRecords(records), "");
}

TEST(SourceRecordsTest, NamesBothSidesOfAMismatch) {
  SourceRecords records;
  records.in_source = 12;
  records.with_events = 10;
  records.rejected = 1;
  EXPECT_EQ(CheckSourceRecords(records),
            "12 source records, 11 accounted for (10 with events, 1 rejected, 0 held, 0 skipped, "
            "0 informational): 1 record(s) dropped without an outcome");
  records.with_events = 12;
  EXPECT_NE(CheckSourceRecords(records).find("1 outcome(s) for records the source never handed out"),
            std::string::npos);
}

TEST(SourceRecordsTest, TallyKeepsTheStrongestOutcomePerRecord) {
  SourceTally tally;
  tally.Record(1, Outcome::kInformational);
  tally.Record(2, Outcome::kSkipped);  // an empty level skipped ...
  tally.Record(2, Outcome::kWithEvents);  // ... then the row's other levels emitted
  tally.Record(2, Outcome::kSkipped);
  tally.Record(3, Outcome::kHeld);
  tally.Record(4, Outcome::kRejected);
  const SourceRecords records = tally.Counts(5);  // record 5 never got an outcome
  EXPECT_EQ(records.informational, 1u);
  EXPECT_EQ(records.with_events, 1u);
  EXPECT_EQ(records.skipped, 0u);
  EXPECT_EQ(records.held, 1u);
  EXPECT_EQ(records.rejected, 1u);
  EXPECT_NE(CheckSourceRecords(records), "");
  EXPECT_EQ(CheckSourceRecords(tally.Counts(4)), "");
}

// A test-only importer: "h" is a header, "x" a bad line, "s" a line its rules skip,
// anything else a price that becomes one trade. With `drop_line` it loses that line
// without a word, the defect read() == loaded + rejected cannot see.
class LineImporter final : public Importer {
 public:
  LineImporter(const std::string& path, uint64_t drop_line)
      : Importer(path, LoadOptions{TickFormat::kAuto, OnBadTick::kSkip, {}, false}),
        drop_line_(drop_line) {}

 private:
  bool Produce() override {
    std::string_view line;
    while (ReadLine(line)) {
      if (line_number() == drop_line_) continue;
      if (line == "h") {
        Informational();
      } else if (line == "x") {
        Reject("malformed_line", "x");
      } else if (line == "s") {
        Skip("rule");
      } else {
        Event event;
        if (!Decimal(line, "price", event.price)) continue;
        event.kind = EventKind::kTrade;
        event.symbol = Intern("T");
        Emit(event);
        return true;
      }
    }
    return false;
  }

  const uint64_t drop_line_;
};

SourceRecords LoadWith(uint64_t drop_line, uint64_t& read, uint64_t& accounted_records) {
  const std::string path = testing::WriteFile("lines.txt", "h\n1\nx\n\ns\n2\n3");
  LineImporter importer(path, drop_line);
  Event event;
  while (importer.Next(event)) {
  }
  read = importer.read();
  accounted_records = importer.loaded();
  for (const auto& [key, count] : importer.rejected()) accounted_records += count;
  return importer.source_records();
}

TEST(SourceRecordsTest, ImporterAccountsForEveryLine) {
  uint64_t read = 0;
  uint64_t accounted = 0;
  const SourceRecords records = LoadWith(/*drop_line=*/0, read, accounted);
  EXPECT_EQ(records.in_source, 7u);  // the last line has no '\n' and still counts
  EXPECT_EQ(records.informational, 1u);
  EXPECT_EQ(records.with_events, 3u);
  EXPECT_EQ(records.rejected, 2u);  // "x" and the blank line (empty_field)
  EXPECT_EQ(records.skipped, 1u);
  EXPECT_EQ(CheckSourceRecords(records), "");
}

TEST(SourceRecordsTest, CatchesAnImporterThatSilentlyDropsALine) {
  uint64_t read = 0;
  uint64_t accounted = 0;
  const SourceRecords records = LoadWith(/*drop_line=*/6, read, accounted);
  EXPECT_EQ(read, accounted);  // the importer's own sum still balances
  EXPECT_EQ(CheckSourceRecords(records),
            "7 source records, 6 accounted for (2 with events, 2 rejected, 0 held, 1 skipped, "
            "1 informational): 1 record(s) dropped without an outcome");
}

}  // namespace
}  // namespace hftbot::feed
