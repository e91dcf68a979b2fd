// InputError: the project's single start-up error type.
//
// Whatever the bot reads before it starts (tick files, configuration) reports a
// problem by throwing one InputError that names *where* (a file and line such as
// `ticks.csv:17`, a byte offset such as `ticks.bin@byte 4096`, or a configuration key
// path such as `risk.max_position`) and *why*. main catches it once and prints
// what(), so every such message reads "<where>: <reason>". Hot paths never throw it.
//
// Thread-safety: an immutable value; safe to share once constructed.

#ifndef HFTBOT_FEED_INPUT_ERROR_H_
#define HFTBOT_FEED_INPUT_ERROR_H_

#include <stdexcept>
#include <string>

namespace hftbot::feed {

class InputError : public std::runtime_error {
 public:
  // what() becomes "<where>: <reason>" (just "<reason>" when where is empty).
  InputError(std::string where, std::string reason);

  const std::string& where() const noexcept { return where_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string where_;
  std::string reason_;
};

}  // namespace hftbot::feed

#endif  // HFTBOT_FEED_INPUT_ERROR_H_
