// InputFile: hands a fuzz input to code that only takes a file path.
//
// The bytes live in an anonymous memory file (memfd_create) named by
// /proc/self/fd/<n>: a regular file that mmap, ifstream and fstat accept, with no disk
// traffic and nothing left behind when the fuzzer is killed.
//
// Thread-safety: not thread-safe; a fuzzer runs one input at a time.

#ifndef HFTBOT_FUZZ_INPUT_FILE_H_
#define HFTBOT_FUZZ_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <string>

namespace hftbot::fuzz {

class InputFile {
 public:
  InputFile();
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Replaces the file's contents with data[0, size) and returns its path.
  const std::string& Write(const uint8_t* data, size_t size);

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace hftbot::fuzz

#endif  // HFTBOT_FUZZ_INPUT_FILE_H_
