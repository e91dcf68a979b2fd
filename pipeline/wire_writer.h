// Puts orders on the wire: encodes each as a FIX-like message (engine/wire_format.h)
// and, when asked, appends it to the order log. naive builds a std::string per order,
// as a first bot does; pooled encodes into one reused buffer and never allocates.
//
// Errors: the constructor throws feed::InputError when the order log cannot be
// opened (so the run stops before the replay); Write() never throws: an order too
// big for the buffer is counted as an encode failure, a failed log write is
// remembered, and Finish() reports both.
//
// Not thread-safe: one WireWriter per thread that sends (the gateway thread).

#ifndef HFTBOT_PIPELINE_WIRE_WRITER_H_
#define HFTBOT_PIPELINE_WIRE_WRITER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/order.h"
#include "engine/wire_format.h"
#include "pipeline/lanes.h"

namespace hftbot::pipeline {

template <Profile kProfile>
class WireWriter {
 public:
  // `symbol_names[id]` names symbol id on the wire. `order_log` empty: no log.
  WireWriter(const std::vector<std::string>& symbol_names, const std::string& order_log);
  ~WireWriter();
  WireWriter(const WireWriter&) = delete;
  WireWriter& operator=(const WireWriter&) = delete;

  // Encodes and sends one order. False when it could not be encoded (not on the wire).
  [[nodiscard]] bool Write(const engine::Order& order);

  // Flushes and closes the log. Empty on success, else what went wrong (and how many
  // orders it concerns). Call once, after the last Write.
  std::string Finish();

  uint64_t orders_on_wire() const { return orders_on_wire_; }
  uint64_t wire_bytes() const { return wire_bytes_; }
  uint64_t encode_failures() const { return encode_failures_; }

 private:
  void Log(const char* data, size_t size);

  const std::vector<std::string>& symbol_names_;
  std::string log_path_;
  std::FILE* log_ = nullptr;
  bool log_failed_ = false;
  uint64_t orders_on_wire_ = 0;
  uint64_t wire_bytes_ = 0;
  uint64_t encode_failures_ = 0;
  char buffer_[engine::kMaxWireMessageSize + 1];
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_WIRE_WRITER_H_
