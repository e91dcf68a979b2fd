#include "feed/line_reader.h"

#include <cstring>

namespace hftbot::feed {

LineReader::LineReader(const std::string& path) : source_(OpenByteSource(path)) {}

bool LineReader::Refill(size_t n) {
  while (buffer_.size() - pos_ < n) {
    const size_t keep = buffer_.size() - pos_;
    base_ += pos_;
    buffer_ = source_->Refill(keep);
    pos_ = 0;
    if (buffer_.size() == keep) return false;
  }
  return true;
}

bool LineReader::ReadLineAcrossRefill(std::string_view& line) {
  // What is unread holds no newline: refill, searching only the new bytes each time.
  size_t scanned = buffer_.size() - pos_;
  while (true) {
    if (!Ensure(scanned + 1)) {
      const std::string_view rest = Peek();
      if (rest.empty()) return false;
      line = rest;  // the last line has no newline
      pos_ += rest.size();
      break;
    }
    const std::string_view rest = Peek();
    const void* nl = std::memchr(rest.data() + scanned, '\n', rest.size() - scanned);
    if (nl != nullptr) {
      line = rest.substr(0, static_cast<size_t>(static_cast<const char*>(nl) - rest.data()));
      pos_ += line.size() + 1;
      break;
    }
    scanned = rest.size();
  }
  EndLine(line);
  return true;
}

}  // namespace hftbot::feed
