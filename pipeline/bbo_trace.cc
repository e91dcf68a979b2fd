#include "pipeline/bbo_trace.h"

#include <charconv>
#include <cstring>
#include <fstream>
#include <queue>
#include <utility>

#include "feed/event_flags.h"
#include "feed/fixed_point.h"
#include "feed/input_error.h"

namespace hftbot::pipeline {
namespace {

constexpr size_t kBufferBytes = 64 * 1024;

void AppendInt(std::string& out, uint64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void AppendSigned(std::string& out, int64_t value) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

void AppendLevel(std::string& out, const engine::Level& level) {
  if (level.quantity > 0) {
    char buffer[feed::kMaxFixedPointChars];
    out.append(buffer, feed::FormatFixedPoint(level.price, buffer));
    out.push_back(',');
    out.append(buffer, feed::FormatFixedPoint(level.quantity, buffer));
  } else {
    out.push_back(',');
  }
}

}  // namespace

std::string_view BboEventName(const feed::Event& event) {
  switch (event.kind) {
    case feed::EventKind::kQuote:
      return "quote";
    case feed::EventKind::kTrade:
      return "trade";
    case feed::EventKind::kLevelUpdate:
      return feed::HasFlag(event, feed::kFlagResync) ? "resync" : "depth";
    case feed::EventKind::kOrderAdd:
      return "add";
    case feed::EventKind::kOrderCancel:
      return "cancel";
    case feed::EventKind::kOrderExecute:
      return "execute";
    case feed::EventKind::kSnapshotLevel:
      return "snapshot";
  }
  return "unknown";
}

BboTraceWriter::BboTraceWriter(std::string part_path, std::string symbol)
    : part_path_(std::move(part_path)), symbol_(std::move(symbol)) {
  file_ = std::fopen(part_path_.c_str(), "wb");
  if (file_ == nullptr) {
    throw feed::InputError(part_path_, std::string("cannot create: ") + std::strerror(errno));
  }
  buffer_.reserve(kBufferBytes + 256);
}

BboTraceWriter::~BboTraceWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

void BboTraceWriter::Record(const feed::Event& event, const engine::BookView& book) {
  AppendSigned(buffer_, event.ts_ns);
  buffer_.push_back(',');
  if (event.exchange_ts_ns != 0) AppendSigned(buffer_, event.exchange_ts_ns);
  buffer_.push_back(',');
  if (event.id != 0) AppendInt(buffer_, event.id);
  buffer_.push_back(',');
  buffer_.append(BboEventName(event));
  buffer_.push_back(',');
  buffer_.append(symbol_);
  buffer_.push_back(',');
  AppendLevel(buffer_, book.best_bid());
  buffer_.push_back(',');
  AppendLevel(buffer_, book.best_ask());
  buffer_.push_back('\n');
  ++rows_;
  if (buffer_.size() >= kBufferBytes) Flush();
}

void BboTraceWriter::Flush() {
  if (file_ != nullptr && !buffer_.empty() &&
      std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    failed_ = true;
  }
  buffer_.clear();
}

bool BboTraceWriter::Close() {
  Flush();
  if (file_ != nullptr) {
    failed_ |= std::fclose(file_) != 0;
    file_ = nullptr;
  }
  return !failed_;
}

BboTrace::BboTrace(std::string path, const std::vector<std::string>& symbols)
    : path_(std::move(path)) {
  for (size_t id = 0; id < symbols.size(); ++id) {
    writers_.push_back(
        std::make_unique<BboTraceWriter>(path_ + ".part" + std::to_string(id), symbols[id]));
  }
}

BboTrace::~BboTrace() {
  if (finished_) return;
  for (auto& writer : writers_) {
    writer->Close();
    std::remove(writer->part_path().c_str());
  }
}

uint64_t BboTrace::Finish() {
  finished_ = true;
  for (auto& writer : writers_) {
    if (!writer->Close()) throw feed::InputError(writer->part_path(), "write failed");
  }
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  if (!out) throw feed::InputError(path_, "cannot create");
  out << kBboTraceHeader << '\n';

  // k-way merge by (ts_ns, symbol id); each part is already in time order.
  struct Head {
    int64_t ts;
    size_t part;
  };
  const auto later = [](const Head& a, const Head& b) {
    return a.ts != b.ts ? a.ts > b.ts : a.part > b.part;
  };
  std::priority_queue<Head, std::vector<Head>, decltype(later)> heads(later);
  std::vector<std::ifstream> parts;
  std::vector<std::string> lines(writers_.size());
  const auto advance = [&](size_t i) {
    if (std::getline(parts[i], lines[i])) {
      int64_t ts = 0;
      std::from_chars(lines[i].data(), lines[i].data() + lines[i].size(), ts);
      heads.push({ts, i});
    }
  };
  for (size_t i = 0; i < writers_.size(); ++i) {
    parts.emplace_back(writers_[i]->part_path(), std::ios::binary);
    if (!parts.back()) throw feed::InputError(writers_[i]->part_path(), "cannot reopen");
    advance(i);
  }
  uint64_t rows = 0;
  while (!heads.empty()) {
    const size_t i = heads.top().part;
    heads.pop();
    out << lines[i] << '\n';
    ++rows;
    advance(i);
  }
  out.flush();
  if (!out) throw feed::InputError(path_, "write failed");
  for (auto& writer : writers_) std::remove(writer->part_path().c_str());
  return rows;
}

}  // namespace hftbot::pipeline
