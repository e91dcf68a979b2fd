// LineReader: a forward reader over one file's ByteSource (plain or gzip), for every
// reader of a tick file: text lines for CSV and the import formats, raw bytes for the
// binary format's header and records.
//
// It keeps the source's current view and a position in it. Ensure(n) refills the view
// (carrying the unread tail over, see ByteSource::Refill) until n unread bytes are
// contiguous, so a line or record that straddles two chunks is read in one piece.
//
// Thread-safety: not thread-safe; one reader thread owns it.

#ifndef HFTBOT_FEED_LINE_READER_H_
#define HFTBOT_FEED_LINE_READER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "feed/byte_source.h"

namespace hftbot::feed {

class LineReader {
 public:
  // Throws InputError when the file cannot be read.
  explicit LineReader(const std::string& path);

  // The next line without "\n" or "\r\n"; false at the end. The view is valid until
  // the next call that reads or refills. Inline when the line ends in the current view,
  // as all but one line per view do.
  bool ReadLine(std::string_view& line) {
    const std::string_view rest = Peek();
    // An empty rest's data() may be null (before the first refill), and memchr's pointer
    // must not be null even for a zero length (UBSan: nonnull-attribute).
    const void* nl = rest.empty() ? nullptr : std::memchr(rest.data(), '\n', rest.size());
    if (nl == nullptr) return ReadLineAcrossRefill(line);
    line = std::string_view(rest.data(), static_cast<size_t>(static_cast<const char*>(nl) - rest.data()));
    pos_ += line.size() + 1;
    EndLine(line);
    return true;
  }
  // Makes at least n unread bytes contiguous in Peek(); false when the input ends first
  // (whatever is left stays in Peek()). Inline when they already are: the binary
  // format asks once per record.
  bool Ensure(size_t n) { return buffer_.size() - pos_ >= n || Refill(n); }
  // The unread bytes of the current view (pos_ never passes its end, so no substr check).
  std::string_view Peek() const { return {buffer_.data() + pos_, buffer_.size() - pos_}; }
  // Marks the first n bytes of Peek() read (a binary header or record).
  // REQUIRES: n <= Peek().size().
  void Consume(size_t n) { pos_ += n; }

  // Lines returned by ReadLine so far.
  uint64_t line_number() const { return line_number_; }
  bool compressed() const { return source_->compressed(); }
  // Bytes of the (inflated) input consumed so far, and ByteSource::expected_size.
  uint64_t offset() const { return base_ + pos_; }
  uint64_t expected_size() const { return source_->expected_size(); }

 private:
  // Ensure's slow path: refills until n unread bytes are contiguous.
  bool Refill(size_t n);
  // ReadLine's slow path: the line's end is not in the current view.
  bool ReadLineAcrossRefill(std::string_view& line);
  void EndLine(std::string_view& line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number_;
  }

  std::unique_ptr<ByteSource> source_;
  std::string_view buffer_;  // the source's current view
  size_t pos_ = 0;           // first unread byte in buffer_
  uint64_t base_ = 0;        // input offset of buffer_[0]
  uint64_t line_number_ = 0;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_LINE_READER_H_
