// ByteSource: the bytes of a tick file, mapped or decompressed, delivered in chunks.
//
// A plain file is mapped with mmap and handed out as one zero-copy view, so the OS
// pages it in and out and a file larger than memory still streams. A gzip file
// (detected by its 1f 8b magic, not by its name) is inflated with ISA-L (GzipInflater)
// by a thread the source owns, a few bounded chunks ahead of the reader, so inflating
// overlaps parsing.
// Readers ask for more with Refill(keep), carrying over the unconsumed tail of the
// previous view, so a record or line that straddles two chunks arrives contiguous
// without the reader copying anything itself.
//
// Thread-safety: not thread-safe; one reader thread owns a source (a gzip source's
// own inflating thread is internal and ends with it).

#ifndef HFTBOT_FEED_BYTE_SOURCE_H_
#define HFTBOT_FEED_BYTE_SOURCE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hftbot::feed {

// A read-only memory map of a whole file. Throws InputError when the file cannot be
// opened or mapped. An empty file maps to an empty view.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

class ByteSource {
 public:
  virtual ~ByteSource() = default;

  // Returns a view that starts with the last `keep` bytes of the previous view
  // (nothing on the first call) followed by as much new data as fits. The view is
  // valid until the next call. At the end of the input it returns exactly the kept
  // bytes. Throws InputError on corrupt or truncated compressed data.
  // REQUIRES: keep <= size of the previous view.
  virtual std::string_view Refill(size_t keep) = 0;

  // True when the bytes are inflated from gzip.
  virtual bool compressed() const = 0;

  // How many bytes the whole input will hand out, when that is known before reading it,
  // else 0. A hint for sizing what the reader builds (LoadTickFile's streams), never
  // a bound: a plain file's size is exact; a gzip file's is its trailer's ISIZE, the
  // last member's length modulo 2^32, which undercounts concatenated members and
  // wraps past 4 GiB (an ISIZE smaller than the compressed file is treated as unknown).
  virtual uint64_t expected_size() const { return 0; }
};

// The ISIZE a gzip file's trailer declares when it is plausible for the whole stream
// (at least the compressed size), else 0. See ByteSource::expected_size.
uint64_t GzipDeclaredSize(std::string_view gzip_bytes);

// True when `bytes` starts with the gzip magic (1f 8b).
bool HasGzipMagic(std::string_view bytes);

// Opens `path`, decompressing transparently when it starts with the gzip magic.
// `chunk_bytes` bounds each inflated chunk (three are inflated ahead); a plain file is handed out in windows of
// max(chunk_bytes, 8 MiB) and the pages already read are released as it goes.
std::unique_ptr<ByteSource> OpenByteSource(const std::string& path,
                                           size_t chunk_bytes = size_t{1} << 20);

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_BYTE_SOURCE_H_
