#include "feed/tick_writer.h"

#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "feed/input_error.h"
#include "feed/tick_codec.h"

namespace hftbot::feed {
namespace {

constexpr size_t kFlushBytes = size_t{1} << 20;

}  // namespace

// Where bytes go: a plain FILE* or a gzFile.
class TickWriter::Sink {
 public:
  Sink(const std::string& path, bool gzip, int level) : path_(path) {
    if (gzip) {
      const std::string mode = "wb" + std::to_string(level);
      gz_ = gzopen(path.c_str(), mode.c_str());
      if (gz_ == nullptr)
        throw InputError(path, std::string("cannot create: ") + std::strerror(errno));
      gzbuffer(gz_, 1 << 20);
    } else {
      file_ = std::fopen(path.c_str(), "wb");
      if (file_ == nullptr)
        throw InputError(path, std::string("cannot create: ") + std::strerror(errno));
    }
  }
  ~Sink() {
    if (gz_ != nullptr) gzclose(gz_);
    if (file_ != nullptr) std::fclose(file_);
  }

  void Write(const std::string& bytes) {
    if (bytes.empty()) return;
    bool ok;
    if (gz_ != nullptr) {
      ok = gzwrite(gz_, bytes.data(), static_cast<unsigned>(bytes.size())) ==
           static_cast<int>(bytes.size());
    } else {
      ok = std::fwrite(bytes.data(), 1, bytes.size(), file_) == bytes.size();
    }
    if (!ok) throw InputError(path_, std::string("write failed: ") + std::strerror(errno));
  }

  void Close() {
    bool ok = true;
    if (gz_ != nullptr) {
      ok = gzclose(gz_) == Z_OK;
      gz_ = nullptr;
    }
    if (file_ != nullptr) {
      ok = std::fclose(file_) == 0;
      file_ = nullptr;
    }
    if (!ok) throw InputError(path_, std::string("close failed: ") + std::strerror(errno));
  }

 private:
  std::string path_;
  gzFile gz_ = nullptr;
  std::FILE* file_ = nullptr;
};

TickWriter::TickWriter(std::string path, std::vector<std::string> symbols,
                       const WriteOptions& options)
    : path_(std::move(path)),
      symbols_(std::move(symbols)),
      format_(options.format),
      binary_version_(options.binary_version) {
  if (format_ != TickFormat::kCsv && format_ != TickFormat::kBinary) {
    throw std::invalid_argument("TickWriter needs format csv or binary");
  }
  if (binary_version_ != kBinaryVersion && binary_version_ != kBinaryVersion2) {
    throw std::invalid_argument("binary_version must be 1 or 2");
  }
  for (const std::string& name : symbols_) {
    if (!IsValidSymbolName(name)) {
      throw std::invalid_argument("invalid symbol name '" + name + "'");
    }
  }
  sink_ = std::make_unique<Sink>(path_, options.gzip, options.gzip_level);
  buffer_.reserve(kFlushBytes + kMaxCsvLine);
  if (format_ == TickFormat::kBinary) {
    buffer_ = EncodeBinaryHeader(symbols_, binary_version_);
  } else {
    buffer_.append(kCsvHeader);
    buffer_.push_back('\n');
  }
}

TickWriter::~TickWriter() {
  if (sink_ == nullptr) return;
  try {
    Close();
  } catch (const std::exception&) {
    // Documented: errors are lost when the owner did not call Close().
  }
}

void TickWriter::Write(const Event& event) {
  if (event.symbol >= symbols_.size()) {
    throw std::invalid_argument("symbol id " + std::to_string(event.symbol) + " has no name");
  }
  const bool extended = format_ == TickFormat::kBinary && binary_version_ == kBinaryVersion2;
  if (!extended && event.kind != EventKind::kQuote && event.kind != EventKind::kTrade &&
      event.kind != EventKind::kLevelUpdate) {
    throw std::invalid_argument("the native formats carry quote, trade and level only");
  }
  const size_t at = buffer_.size();
  if (extended) {
    buffer_.resize(at + kBinaryRecordSize2);
    EncodeBinaryRecord2(event, buffer_.data() + at);
  } else if (format_ == TickFormat::kBinary) {
    buffer_.resize(at + kBinaryRecordSize);
    EncodeBinaryRecord(event, buffer_.data() + at);
  } else {
    buffer_.resize(at + kMaxCsvLine);
    char* end = FormatCsvLine(event, symbols_[event.symbol], buffer_.data() + at);
    buffer_.resize(static_cast<size_t>(end - buffer_.data()));
  }
  ++written_;
  if (buffer_.size() >= kFlushBytes) Flush();
}

void TickWriter::Flush() {
  sink_->Write(buffer_);
  buffer_.clear();
}

void TickWriter::Close() {
  if (sink_ == nullptr) return;
  Flush();
  std::unique_ptr<Sink> sink = std::move(sink_);
  sink->Close();
}

}  // namespace hftbot::feed
