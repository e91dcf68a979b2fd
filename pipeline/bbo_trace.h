// BboTrace: the --bbo-out top-of-book trace, one CSV row per book event.
//
//   ts_ns,exchange_ts_ns,update_id,event,symbol,bid_px,bid_qty,ask_px,ask_qty
//
// `event` names the input record kind: snapshot, depth, resync, quote, trade, add,
// cancel, execute. Prices and sizes are exact decimals; a side is empty when the
// book has none; exchange_ts_ns and update_id are empty when the event has none
// (0). For order-level events update_id is the order id.
//
// Threading: one BboTraceWriter per symbol, so the engine thread that owns a symbol
// writes its rows without sharing anything (a symbol never moves between threads).
// Each writer streams into its own part file next to the output through a 64 KiB
// buffer; Finish() (main thread, after the engine threads joined) merges the parts
// into the output ordered by (ts_ns, symbol id, row order) and deletes them, so the
// file is the same whatever the number of engine threads.
//
// Errors: construction and Finish throw feed::InputError naming the file. Record()
// never throws; a write failure is remembered and reported by Finish().

#ifndef HFTBOT_PIPELINE_BBO_TRACE_H_
#define HFTBOT_PIPELINE_BBO_TRACE_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/order_book.h"
#include "feed/event.h"

namespace hftbot::pipeline {

inline constexpr std::string_view kBboTraceHeader =
    "ts_ns,exchange_ts_ns,update_id,event,symbol,bid_px,bid_qty,ask_px,ask_qty";

// The `event` column for an event.
std::string_view BboEventName(const feed::Event& event);

class BboTraceWriter {
 public:
  BboTraceWriter(std::string part_path, std::string symbol);
  ~BboTraceWriter();
  BboTraceWriter(const BboTraceWriter&) = delete;
  BboTraceWriter& operator=(const BboTraceWriter&) = delete;

  // One row: `event` and the book after it was applied. Engine thread only.
  void Record(const feed::Event& event, const engine::BookView& book);

  // Flushes and closes; false when any write failed. Main thread, after the engine
  // thread is done.
  bool Close();
  uint64_t rows() const { return rows_; }
  const std::string& part_path() const { return part_path_; }

 private:
  void Flush();

  std::string part_path_;
  std::string symbol_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  uint64_t rows_ = 0;
  bool failed_ = false;
};

class BboTrace {
 public:
  // Creates one part file per symbol (`path`.part<id>). Main thread, before the
  // engine threads start. Throws feed::InputError when a file cannot be created.
  BboTrace(std::string path, const std::vector<std::string>& symbols);
  ~BboTrace();  // removes part files left by a run that did not Finish
  BboTrace(const BboTrace&) = delete;
  BboTrace& operator=(const BboTrace&) = delete;

  // The writer of symbol `id`, for the engine thread that owns it.
  // REQUIRES: id < symbols.size().
  BboTraceWriter& writer(feed::SymbolId id) { return *writers_[id]; }

  // Merges the parts into `path`, header first. Main thread, after every engine
  // thread joined. Returns the number of rows. Throws feed::InputError on I/O errors.
  uint64_t Finish();

 private:
  std::string path_;
  std::vector<std::unique_ptr<BboTraceWriter>> writers_;
  bool finished_ = false;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_BBO_TRACE_H_
