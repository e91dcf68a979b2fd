#include "pipeline/wire_writer.h"

#include <cerrno>
#include <cstring>

#include "feed/input_error.h"

namespace hftbot::pipeline {

template <Profile kProfile>
WireWriter<kProfile>::WireWriter(const std::vector<std::string>& symbol_names, const std::string& order_log)
    : symbol_names_(symbol_names), log_path_(order_log) {
  if (order_log.empty()) return;
  log_ = std::fopen(order_log.c_str(), "w");
  if (log_ == nullptr) throw feed::InputError(order_log, std::string("--order-log: cannot open: ") + std::strerror(errno));
}

template <Profile kProfile>
WireWriter<kProfile>::~WireWriter() {
  if (log_ != nullptr) std::fclose(log_);
}

template <Profile kProfile>
void WireWriter<kProfile>::Log(const char* data, size_t size) {
  if (log_ == nullptr || log_failed_) return;
  if (std::fwrite(data, 1, size, log_) != size || std::fputc('\n', log_) == EOF) log_failed_ = true;
}

template <Profile kProfile>
bool WireWriter<kProfile>::Write(const engine::Order& order) {
  const std::string& symbol = symbol_names_[order.symbol];
  if constexpr (kProfile == Profile::kNaive) {
    std::string wire = engine::EncodeToString(order, symbol);
    wire_bytes_ += wire.size();
    Log(wire.data(), wire.size());
  } else {
    size_t size = engine::EncodeInto(order, symbol, buffer_, sizeof(buffer_));
    if (size == 0) {
      ++encode_failures_;
      return false;
    }
    wire_bytes_ += size;
    Log(buffer_, size);
  }
  ++orders_on_wire_;
  return true;
}

template <Profile kProfile>
std::string WireWriter<kProfile>::Finish() {
  std::string problems;
  if (log_ != nullptr) {
    if (std::fclose(log_) != 0) log_failed_ = true;
    log_ = nullptr;
    if (log_failed_) problems = log_path_ + ": --order-log: a write failed; the log is incomplete";
  }
  if (encode_failures_ > 0) {
    if (!problems.empty()) problems += "; ";
    problems += std::to_string(encode_failures_) + " orders did not fit a wire message and were not sent";
  }
  return problems;
}

template class WireWriter<Profile::kNaive>;
template class WireWriter<Profile::kPooled>;

}  // namespace hftbot::pipeline
