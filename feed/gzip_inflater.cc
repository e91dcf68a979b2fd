#include "feed/gzip_inflater.h"

#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstdint>
#include <utility>

#include "feed/input_error.h"

// ISA-L's igzip inflate rather than zlib's: inflating had become as slow as parsing a
// capture (//feed:import_benchmark, BM_GunzipOnly), and igzip inflates two to three
// times as fast.
//
// What ISA-L 2.30 does, which this file relies on or makes up for (igzip_lib.h and
// igzip/igzip_inflate.c at v2.30.0):
//  - With crc_flag ISAL_GZIP, isal_inflate checks each member's trailer, its CRC32 and
//    its ISIZE (total_out modulo 2^32), and returns ISAL_INCORRECT_CHECKSUM on either
//    mismatch. A member has ended when block_state is ISAL_BLOCK_FINISH, next_in just
//    past its trailer; isal_inflate_reset (which keeps crc_flag) starts the next.
//  - Running out of input is not an error: isal_inflate returns ISAL_DECOMP_OK having
//    used all of it. A call that moves nothing with no input left means the stream
//    ends inside a member.
//  - isal_inflate's own header reading keeps its progress in a record it re-creates on
//    every call, so a header split between two calls fails its FHCRC check and reads an
//    uninitialised flags field (valgrind). Headers are read here, with
//    isal_read_gzip_header and a record that lives as long as the member.
//  - The header reader waits for all ten fixed bytes before checking any, and never
//    looks at the reserved flag bits. CheckMemberStart makes zlib's earlier checks, so
//    garbage after a member is still corrupt data rather than a cut-short member, and a
//    reserved flag (which RFC 1952 says a decompressor must refuse) is still an error.

namespace hftbot::feed {
namespace {

const char* InflateErrorText(int status) {
  switch (status) {
    case ISAL_INVALID_BLOCK:
      return "invalid deflate block";
    case ISAL_INVALID_SYMBOL:
      return "invalid deflate code";
    case ISAL_INVALID_LOOKBACK:
      return "invalid distance too far back";
    case ISAL_INCORRECT_CHECKSUM:
      return "the trailer's CRC32 or length does not match the data";
    default:
      return "inflate failed";
  }
}

}  // namespace

class GzipInflater::Stream {
 public:
  Stream(std::string_view input, std::string path, size_t max_slice)
      : input_(reinterpret_cast<const uint8_t*>(input.data())),
        remaining_in_(input.size()),
        max_slice_(std::clamp<size_t>(max_slice, 1, kMaxSlice)),
        path_(std::move(path)) {
    isal_inflate_init(&state_);
    state_.crc_flag = ISAL_GZIP;
    state_.next_in = const_cast<uint8_t*>(input_);
    state_.avail_in = 0;
    StartMember();
  }

  size_t InflateInto(char* out, size_t capacity) {
    size_t filled = 0;
    while (filled < capacity && !finished_) {
      if (state_.avail_in == 0) {
        const size_t slice = std::min(remaining_in_, max_slice_);
        state_.avail_in = static_cast<uint32_t>(slice);
        remaining_in_ -= slice;
      }
      if (!header_read_) {
        ReadHeader();
        continue;
      }
      const uint8_t* const in_before = state_.next_in;
      state_.next_out = reinterpret_cast<uint8_t*>(out + filled);
      state_.avail_out = static_cast<uint32_t>(std::min(capacity - filled, kMaxSlice));
      const uint32_t offered = state_.avail_out;
      const int status = isal_inflate(&state_);
      const size_t produced = offered - state_.avail_out;
      filled += produced;
      if (status != ISAL_DECOMP_OK) {
        throw Corrupt(InflateErrorText(status));
      } else if (state_.block_state == ISAL_BLOCK_FINISH) {
        EndMember();
      } else if (produced == 0 && state_.next_in == in_before) {
        if (InputExhausted()) throw Truncated();
        throw Corrupt("inflate made no progress");  // not seen: ISA-L reads what it is given
      }
    }
    return filled;
  }

  bool finished() const { return finished_; }
  size_t consumed() const { return static_cast<size_t>(state_.next_in - input_); }

 private:
  bool InputExhausted() const { return state_.avail_in == 0 && remaining_in_ == 0; }
  InputError Truncated() const { return InputError(path_, "truncated gzip stream (ends before its trailer)"); }
  InputError Corrupt(const std::string& what) const { return InputError(path_, "corrupt gzip data: " + what); }

  void StartMember() {
    header_ = {};
    isal_gzip_header_init(&header_);  // no buffers: the name, comment and extra field are skipped
    header_read_ = false;
    member_checked_ = false;
  }

  void EndMember() {
    if (InputExhausted()) {
      finished_ = true;
      return;
    }
    // Concatenated gzip members (as `cat a.gz b.gz` makes) form one stream.
    isal_inflate_reset(&state_);
    StartMember();
  }

  // Reads on in the current member's header, which may span slices.
  void ReadHeader() {
    if (!member_checked_) {
      CheckMemberStart();
      member_checked_ = true;
    }
    const int status = isal_read_gzip_header(&state_, &header_);
    if (status == ISAL_DECOMP_OK) {
      header_read_ = true;
    } else if (status == ISAL_END_INPUT) {
      // The slice is used up ("all input was parsed"); the next one continues the header.
      if (InputExhausted()) throw Truncated();
    } else if (status == ISAL_INCORRECT_CHECKSUM) {
      throw Corrupt("header crc mismatch");
    } else if (status == ISAL_UNSUPPORTED_METHOD) {
      throw Corrupt("unknown compression method");
    } else {
      throw Corrupt("incorrect header check");
    }
  }

  // zlib's checks of a member's first four bytes, made as soon as they are there.
  // REQUIRES: next_in is at the member's first byte (ISA-L holds none of it back).
  void CheckMemberStart() const {
    const uint8_t* const p = state_.next_in;
    const size_t available = state_.avail_in + remaining_in_;  // the slices are consecutive
    if (available >= 2 && (p[0] != 0x1f || p[1] != 0x8b)) throw Corrupt("incorrect header check");
    if (available >= 4 && p[2] != 8) throw Corrupt("unknown compression method");
    if (available >= 4 && (p[3] & 0xe0) != 0) throw Corrupt("unknown header flags set");
  }

  inflate_state state_{};        // about 85 KiB
  isal_gzip_header header_{};    // the current member's, while its header is being read
  bool header_read_ = false;     // the current member's header is behind next_in
  bool member_checked_ = false;  // CheckMemberStart ran for the current member
  bool finished_ = false;
  const uint8_t* const input_;
  size_t remaining_in_;     // input bytes not yet handed to ISA-L
  const size_t max_slice_;  // well short of 2^32: ISA-L 2.30 adds avail_in to held-back header bytes in 32 bits
  const std::string path_;
};

GzipInflater::GzipInflater(std::string_view input, std::string path, size_t max_slice)
    : stream_(std::make_unique<Stream>(input, std::move(path), max_slice)) {}

GzipInflater::~GzipInflater() = default;

size_t GzipInflater::InflateInto(char* out, size_t capacity) { return stream_->InflateInto(out, capacity); }

bool GzipInflater::finished() const { return stream_->finished(); }

size_t GzipInflater::consumed() const { return stream_->consumed(); }

}  // namespace hftbot::feed
