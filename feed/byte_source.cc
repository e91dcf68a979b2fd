#include "feed/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

// Hands the mapping out in windows and tells the kernel to drop the pages already
// consumed, so replaying a file much larger than memory keeps its resident set to
// about one window (file pages count in RSS while they stay mapped).
class MappedSource : public ByteSource {
 public:
  MappedSource(std::shared_ptr<MappedFile> file, size_t window)
      : file_(std::move(file)), window_(std::max<size_t>(window, kPage)) {}

  std::string_view Refill(size_t keep) override {
    const std::string_view all = file_->bytes();
    const size_t begin = end_ - keep;  // REQUIRES (interface): keep <= previous view
    end_ = std::min(all.size(), end_ + window_);
    // Pages wholly before `begin` were read and will not be read again.
    const size_t drop_to = begin / kPage * kPage;
    if (drop_to > dropped_) {
      ::madvise(const_cast<char*>(all.data()) + dropped_, drop_to - dropped_, MADV_DONTNEED);
      dropped_ = drop_to;
    }
    return all.substr(begin, end_ - begin);
  }

  bool compressed() const override { return false; }

 private:
  static constexpr size_t kPage = 4096;  // madvise needs page-aligned ranges; mmap returns page-aligned memory
  std::shared_ptr<MappedFile> file_;
  const size_t window_;
  size_t end_ = 0;      // one past the last byte handed out
  size_t dropped_ = 0;  // pages below this were released
};

class GzipSource : public ByteSource {
 public:
  GzipSource(std::shared_ptr<MappedFile> file, std::string path, size_t chunk_bytes)
      : file_(std::move(file)), path_(std::move(path)), buffer_(std::max<size_t>(chunk_bytes, 64)) {
    // 16 + MAX_WBITS: expect a gzip header and trailer (and check its CRC).
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      throw InputError(path_, "cannot initialise zlib");
    }
    const std::string_view input = file_->bytes();
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
    stream_.avail_in = 0;
    remaining_in_ = input.size();
  }
  ~GzipSource() override { inflateEnd(&stream_); }

  std::string_view Refill(size_t keep) override {
    // The kept tail sits at the end of the previous view; move it to the front.
    if (keep > 0) std::memmove(buffer_.data(), view_end_ - keep, keep);
    if (keep * 2 > buffer_.size()) buffer_.resize(keep * 2);
    size_t filled = keep;
    while (filled < buffer_.size() && !finished_) {
      if (stream_.avail_in == 0) {
        // zlib's avail_in is 32-bit: feed the mapping in slices.
        const size_t slice = std::min<size_t>(remaining_in_, size_t{1} << 30);
        stream_.avail_in = static_cast<uInt>(slice);
        remaining_in_ -= slice;
      }
      stream_.next_out = reinterpret_cast<Bytef*>(buffer_.data() + filled);
      stream_.avail_out = static_cast<uInt>(buffer_.size() - filled);
      const int status = inflate(&stream_, Z_NO_FLUSH);
      filled = buffer_.size() - stream_.avail_out;
      if (status == Z_STREAM_END) {
        // Concatenated gzip members (as `cat a.gz b.gz` makes) form one stream.
        if (stream_.avail_in == 0 && remaining_in_ == 0) {
          finished_ = true;
        } else if (inflateReset(&stream_) != Z_OK) {
          throw InputError(path_, "cannot reset zlib");
        }
      } else if (status == Z_BUF_ERROR && stream_.avail_in == 0 && remaining_in_ == 0) {
        throw InputError(path_, "truncated gzip stream (ends before its trailer)");
      } else if (status != Z_OK && status != Z_BUF_ERROR) {
        throw InputError(path_, std::string("corrupt gzip data: ") +
                                    (stream_.msg != nullptr ? stream_.msg : "inflate failed"));
      }
    }
    view_end_ = buffer_.data() + filled;
    ReleaseConsumedInput();
    return {buffer_.data(), filled};
  }

  bool compressed() const override { return true; }

 private:
  // The compressed pages zlib has read are not needed again: release them so a long
  // gzip replay does not keep the whole file resident.
  void ReleaseConsumedInput() {
    constexpr size_t kPage = 4096;
    const char* start = file_->bytes().data();
    const size_t consumed = static_cast<size_t>(reinterpret_cast<const char*>(stream_.next_in) - start);
    const size_t drop_to = consumed / kPage * kPage;
    if (drop_to > dropped_) {
      ::madvise(const_cast<char*>(start) + dropped_, drop_to - dropped_, MADV_DONTNEED);
      dropped_ = drop_to;
    }
  }

  std::shared_ptr<MappedFile> file_;
  size_t dropped_ = 0;
  std::string path_;
  std::vector<char> buffer_;
  z_stream stream_{};
  size_t remaining_in_ = 0;
  const char* view_end_ = nullptr;
  bool finished_ = false;
};

}  // namespace

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw InputError(path, ErrnoText("cannot open"));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const std::string reason = ErrnoText("cannot stat");
    ::close(fd);
    throw InputError(path, reason);
  }
  if (!S_ISREG(info.st_mode)) {
    ::close(fd);
    throw InputError(path, "not a regular file");
  }
  size_ = static_cast<size_t>(info.st_size);
  if (size_ > 0) {
    void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      const std::string reason = ErrnoText("cannot mmap");
      ::close(fd);
      throw InputError(path, reason);
    }
    // Readers walk the file front to back once.
    ::madvise(map, size_, MADV_SEQUENTIAL);
    data_ = static_cast<const char*>(map);
  }
  ::close(fd);  // The mapping keeps the file alive.
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

bool HasGzipMagic(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::unique_ptr<ByteSource> OpenByteSource(const std::string& path, size_t chunk_bytes) {
  auto file = std::make_shared<MappedFile>(path);
  if (HasGzipMagic(file->bytes())) {
    return std::make_unique<GzipSource>(std::move(file), path, chunk_bytes);
  }
  return std::make_unique<MappedSource>(std::move(file), std::max<size_t>(chunk_bytes, size_t{8} << 20));
}

}  // namespace hftbot::feed
