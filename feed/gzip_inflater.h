// GzipInflater: a gzip stream in memory inflated chunk by chunk, as ByteSource's gzip
// thread reads a mapped tick file (feed/byte_source.h). Concatenated members (as
// `cat a.gz b.gz` makes) read as one stream; each member's trailer is checked.
//
// Thread-safety: not thread-safe; one thread owns an inflater.

#ifndef HFTBOT_FEED_GZIP_INFLATER_H_
#define HFTBOT_FEED_GZIP_INFLATER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace hftbot::feed {

class GzipInflater {
 public:
  // The inflate library's byte counts are 32-bit: it is handed the input at most this
  // much at a time.
  static constexpr size_t kMaxSlice = size_t{1} << 30;

  // Reads `input`, which must outlive the inflater; `path` names it in errors.
  // `max_slice` (at most kMaxSlice) bounds the input given to the library per call; tests
  // make it tiny to split headers, data and trailers between calls, as a file larger
  // than kMaxSlice does.
  GzipInflater(std::string_view input, std::string path, size_t max_slice = kMaxSlice);
  ~GzipInflater();
  GzipInflater(const GzipInflater&) = delete;
  GzipInflater& operator=(const GzipInflater&) = delete;

  // Fills out[0, capacity) as far as the stream goes; returns the bytes written, fewer
  // than capacity only at the end. Throws InputError(path, ...) on corrupt or truncated
  // data: "truncated gzip stream ..." when the input ends inside a member, else
  // "corrupt gzip data: ...". After a throw the inflater must not be used again.
  size_t InflateInto(char* out, size_t capacity);

  // The last member's trailer has been read and checked: InflateInto returns 0 from now on.
  bool finished() const;

  // Bytes of input read so far; the caller may release the pages below (the inflater
  // never reads them again).
  size_t consumed() const;

 private:
  class Stream;  // the inflate library's state and the steps on it, kept out of this header

  std::unique_ptr<Stream> stream_;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_GZIP_INFLATER_H_
