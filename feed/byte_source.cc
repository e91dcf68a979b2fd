#include "feed/byte_source.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "feed/gzip_inflater.h"
#include "feed/input_error.h"

namespace hftbot::feed {
namespace {

std::string ErrnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

constexpr size_t kPage = 4096;  // madvise needs page-aligned ranges; mmap returns page-aligned memory

// Tells the kernel to drop a mapping's pages as a reader passes them, so replaying a file
// much larger than memory keeps its resident set small (file pages count in RSS while
// they stay mapped).
class PageReleaser {
 public:
  // The reader will not come back below `offset` of `mapping`.
  void ReleaseBelow(std::string_view mapping, size_t offset) {
    const size_t drop_to = offset / kPage * kPage;
    if (drop_to > dropped_) {
      ::madvise(const_cast<char*>(mapping.data()) + dropped_, drop_to - dropped_, MADV_DONTNEED);
      dropped_ = drop_to;
    }
  }

 private:
  size_t dropped_ = 0;  // pages below this were released
};

// Hands the mapping out in windows and releases the pages already consumed, so its
// resident set stays about one window.
class MappedSource : public ByteSource {
 public:
  MappedSource(std::shared_ptr<MappedFile> file, size_t window)
      : file_(std::move(file)), window_(std::max<size_t>(window, kPage)) {}

  std::string_view Refill(size_t keep) override {
    const std::string_view all = file_->bytes();
    const size_t begin = end_ - keep;  // REQUIRES (interface): keep <= previous view
    end_ = std::min(all.size(), end_ + window_);
    released_.ReleaseBelow(all, begin);  // bytes before `begin` were read and will not be read again
    return all.substr(begin, end_ - begin);
  }

  bool compressed() const override { return false; }
  uint64_t expected_size() const override { return file_->bytes().size(); }

 private:
  std::shared_ptr<MappedFile> file_;
  const size_t window_;
  size_t end_ = 0;  // one past the last byte handed out
  PageReleaser released_;
};

// Inflates on a thread of its own, up to kChunksAhead chunks ahead of the reader:
// even with ISA-L, inflating is about a fifth of what importing a gzip capture costs
// (//feed:import_benchmark, BM_GunzipOnly against BM_Import), and on a second core it
// overlaps the parsing instead of adding to it. The thread sleeps on a condition variable when it is that
// far ahead, so a reader that stops (or a streamed replay's bounded staging) costs no
// CPU. Errors are handed over in stream order: the reader gets every byte before a
// corrupt or truncated spot, then the InputError.
class GzipSource : public ByteSource {
 public:
  GzipSource(std::shared_ptr<MappedFile> file, std::string path, size_t chunk_bytes)
      : file_(std::move(file)),
        expected_size_(GzipDeclaredSize(file_->bytes())),
        inflater_(file_->bytes(), std::move(path)) {
    for (int i = 0; i < kChunksAhead; ++i) free_.emplace_back(std::max<size_t>(chunk_bytes, 64));
    thread_ = std::thread([this] { InflateAhead(); });
  }
  ~GzipSource() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  std::string_view Refill(size_t keep) override {
    // The kept tail sits at the end of the previous view; move it to the front.
    if (keep > 0) std::memmove(view_.data(), view_.data() + view_size_ - keep, keep);
    view_size_ = keep;
    Chunk chunk;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (ended_ && ready_.empty()) return {view_.data(), view_size_};
      changed_.wait(lock, [this] { return !ready_.empty(); });
      chunk = std::move(ready_.front());
      ready_.pop_front();
    }
    if (chunk.error) {
      ended_ = true;
      std::rethrow_exception(chunk.error);
    }
    if (chunk.last) ended_ = true;
    if (view_.size() < keep + chunk.size) view_.resize(std::max(keep + chunk.size, 2 * view_.size()));
    // An empty chunk (an empty gzip member) may have no buffer: memcpy's pointers must
    // not be null even for a zero length (UBSan: nonnull-attribute).
    if (chunk.size != 0) std::memcpy(view_.data() + keep, chunk.bytes.data(), chunk.size);
    view_size_ = keep + chunk.size;
    if (!chunk.last) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        free_.push_back(std::move(chunk.bytes));
      }
      changed_.notify_all();
    }
    return {view_.data(), view_size_};
  }

  bool compressed() const override { return true; }
  uint64_t expected_size() const override { return expected_size_; }

 private:
  static constexpr int kChunksAhead = 3;

  struct Chunk {
    std::vector<char> bytes;
    size_t size = 0;
    bool last = false;  // the stream ended with this chunk (possibly empty)
    std::exception_ptr error;
  };

  // The inflating thread.
  void InflateAhead() {
    for (;;) {
      Chunk chunk;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        changed_.wait(lock, [this] { return stopping_ || !free_.empty(); });
        if (stopping_) return;
        chunk.bytes = std::move(free_.back());
        free_.pop_back();
      }
      try {
        chunk.size = inflater_.InflateInto(chunk.bytes.data(), chunk.bytes.size());
        chunk.last = inflater_.finished();
        // The compressed pages read are not needed again: a long gzip replay does not
        // keep the whole file resident.
        released_.ReleaseBelow(file_->bytes(), inflater_.consumed());
      } catch (...) {
        chunk.error = std::current_exception();
      }
      const bool done = chunk.last || chunk.error != nullptr;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        ready_.push_back(std::move(chunk));
      }
      changed_.notify_all();
      if (done) return;
    }
  }

  const std::shared_ptr<MappedFile> file_;
  const uint64_t expected_size_;
  // The inflating thread's only.
  GzipInflater inflater_;
  PageReleaser released_;
  std::thread thread_;
  // Guarded by mutex_; changed_ is signalled when any of them changes.
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::vector<char>> free_;
  std::deque<Chunk> ready_;
  bool stopping_ = false;
  // The reader's.
  std::vector<char> view_;
  size_t view_size_ = 0;
  bool ended_ = false;  // the last chunk or the error was handed out
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

uint64_t GzipDeclaredSize(std::string_view gzip_bytes) {
  // A gzip member is at least a 10-byte header and an 8-byte trailer (CRC32, ISIZE).
  if (gzip_bytes.size() < 18) return 0;
  const auto* trailer = reinterpret_cast<const unsigned char*>(gzip_bytes.data() + gzip_bytes.size() - 4);
  const uint64_t isize = uint64_t{trailer[0]} | uint64_t{trailer[1]} << 8 | uint64_t{trailer[2]} << 16 |
                         uint64_t{trailer[3]} << 24;
  return isize >= gzip_bytes.size() ? isize : 0;
}

std::unique_ptr<ByteSource> OpenByteSource(const std::string& path, size_t chunk_bytes) {
  auto file = std::make_shared<MappedFile>(path);
  if (HasGzipMagic(file->bytes())) {
    return std::make_unique<GzipSource>(std::move(file), path, chunk_bytes);
  }
  return std::make_unique<MappedSource>(std::move(file), std::max<size_t>(chunk_bytes, size_t{8} << 20));
}

}  // namespace hftbot::feed
