#include "fuzz/input_file.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace hftbot::fuzz {
namespace {

[[noreturn]] void Die(const char* what) {
  std::perror(what);
  std::abort();
}

}  // namespace

InputFile::InputFile() {
  fd_ = memfd_create("hftbot-fuzz-input", MFD_CLOEXEC);
  if (fd_ < 0) Die("memfd_create");
  path_ = "/proc/self/fd/" + std::to_string(fd_);
}

InputFile::~InputFile() { ::close(fd_); }

const std::string& InputFile::Write(const uint8_t* data, size_t size) {
  if (::ftruncate(fd_, 0) != 0) Die("ftruncate");
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Die("pwrite");
    done += static_cast<size_t>(n);
  }
  return path_;
}

}  // namespace hftbot::fuzz
