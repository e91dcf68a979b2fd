#include "feed/gzip_inflater.h"

#include <zlib.h>

#include <algorithm>

#include "feed/input_error.h"

namespace hftbot::feed {

struct GzipInflater::Stream {
  z_stream z{};
  const char* input = nullptr;
  size_t remaining_in = 0;  // input bytes not yet handed to zlib
  size_t max_slice = 0;
};

GzipInflater::GzipInflater(std::string_view input, std::string path, size_t max_slice)
    : stream_(std::make_unique<Stream>()), path_(std::move(path)) {
  // 16 + MAX_WBITS: expect a gzip header and trailer (and check its CRC).
  if (inflateInit2(&stream_->z, 16 + MAX_WBITS) != Z_OK) {
    throw InputError(path_, "cannot initialise zlib");
  }
  stream_->input = input.data();
  stream_->z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream_->z.avail_in = 0;
  stream_->remaining_in = input.size();
  stream_->max_slice = std::clamp<size_t>(max_slice, 1, kMaxSlice);
}

GzipInflater::~GzipInflater() { inflateEnd(&stream_->z); }

size_t GzipInflater::consumed() const {
  return static_cast<size_t>(reinterpret_cast<const char*>(stream_->z.next_in) - stream_->input);
}

size_t GzipInflater::InflateInto(char* out, size_t capacity) {
  z_stream& z = stream_->z;
  size_t filled = 0;
  while (filled < capacity && !finished_) {
    if (z.avail_in == 0) {
      const size_t slice = std::min(stream_->remaining_in, stream_->max_slice);
      z.avail_in = static_cast<uInt>(slice);
      stream_->remaining_in -= slice;
    }
    z.next_out = reinterpret_cast<Bytef*>(out + filled);
    z.avail_out = static_cast<uInt>(std::min(capacity - filled, kMaxSlice));
    const uInt offered = z.avail_out;
    const int status = inflate(&z, Z_NO_FLUSH);
    filled += offered - z.avail_out;
    if (status == Z_STREAM_END) {
      // Concatenated gzip members (as `cat a.gz b.gz` makes) form one stream.
      if (z.avail_in == 0 && stream_->remaining_in == 0) {
        finished_ = true;
      } else if (inflateReset(&z) != Z_OK) {
        throw InputError(path_, "cannot reset zlib");
      }
    } else if (status == Z_BUF_ERROR && z.avail_in == 0 && stream_->remaining_in == 0) {
      throw InputError(path_, "truncated gzip stream (ends before its trailer)");
    } else if (status != Z_OK && status != Z_BUF_ERROR) {
      throw InputError(path_, std::string("corrupt gzip data: ") + (z.msg != nullptr ? z.msg : "inflate failed"));
    }
  }
  return filled;
}

}  // namespace hftbot::feed
