#include "feed/tick_reader.h"

#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "feed/byte_source.h"
#include "feed/importers.h"
#include "feed/input_error.h"
#include "feed/tick_codec.h"

namespace hftbot::feed {
namespace {

// Anything larger is a corrupt header, not a symbol table.
constexpr uint64_t kMaxBinaryHeaderSize = uint64_t{64} << 20;

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (!out.empty()) out += ' ';
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

bool LooksLikeText(std::string_view bytes) {
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
    if (b == 0x7f) return false;
  }
  return true;
}

}  // namespace

class TickReader::Impl {
 public:
  Impl(std::string path, const LoadOptions& options)
      : path_(std::move(path)), on_bad_tick_(options.on_bad_tick) {
    if (!IsNativeFormat(options.format) && options.format != TickFormat::kAuto) {
      format_ = options.format;
      importer_ = MakeImporter(format_, path_, options);
      return;
    }
    source_ = OpenByteSource(path_);
    Ensure(kBinaryMagic.size());
    std::string_view head = Available().substr(0, kBinaryMagic.size());
    if (head.empty()) {
      throw InputError(path_, source_->compressed() ? "empty file (after gunzip)" : "empty file");
    }
    format_ = options.format;
    if (format_ == TickFormat::kAuto) {
      if (head == kBinaryMagic) {
        format_ = TickFormat::kBinary;
      } else if (Available().substr(0, 5) == "ts_ns") {
        format_ = TickFormat::kCsv;
      } else if (const std::optional<TickFormat> imported = DetectImported()) {
        format_ = *imported;
        source_.reset();
        importer_ = MakeImporter(format_, path_, options);
        return;
      } else if (head = Available().substr(0, kBinaryMagic.size()); !LooksLikeText(head)) {
        throw InputError(path_ + "@byte 0", "wrong magic: expected '" + std::string(kBinaryMagic) +
                                                "', found bytes " + Hex(head));
      } else {
        throw InputError(path_, "unknown format: neither the binary magic '" +
                                    std::string(kBinaryMagic) +
                                    "' nor a CSV header row starting 'ts_ns,', nor a recognised "
                                    "import format (pass --format NAME)");
      }
    }
    if (format_ == TickFormat::kBinary) {
      ReadBinaryHeader(head);
    } else {
      ReadCsvHeader();
    }
  }

  bool Next(Event& event) {
    if (importer_) return importer_->Next(event);
    return format_ == TickFormat::kBinary ? NextBinary(event) : NextCsv(event);
  }

  const std::string& path() const { return path_; }
  TickFormat format() const { return format_; }
  bool compressed() const { return importer_ ? importer_->compressed() : source_->compressed(); }
  const SymbolTable& symbols() const { return importer_ ? importer_->symbols() : symbols_; }
  uint64_t read() const { return importer_ ? importer_->read() : read_; }
  uint64_t loaded() const { return importer_ ? importer_->loaded() : loaded_; }
  const std::map<std::string, uint64_t>& rejected() const {
    return importer_ ? importer_->rejected() : rejected_;
  }
  const std::map<std::string, uint64_t>& notes() const {
    return importer_ ? importer_->notes() : notes_;
  }

  uint64_t input_offset() const { return importer_ ? importer_->input_offset() : base_ + pos_; }
  uint64_t input_expected_size() const {
    return importer_ ? importer_->input_expected_size() : source_->expected_size();
  }

  SourceRecords source_records() const {
    if (importer_) return importer_->source_records();
    // Native formats: one record per line or slot, so a record's outcome is the
    // reader's own loaded / rejected tally; the count comes from lines and bytes.
    SourceRecords records;
    if (format_ == TickFormat::kBinary) {
      const uint64_t bytes = base_ + pos_ - records_start_;
      records.in_source = (bytes + record_size_ - 1) / record_size_;
    } else {
      records.in_source = line_number_;
      records.informational = 1;  // the header row
    }
    records.with_events = loaded_;
    for (const auto& [key, count] : rejected_) records.rejected += count;
    return records;
  }

 private:
  std::string_view Available() const { return buffer_.substr(pos_); }

  // An importer format recognised from the first line (up to 4 KiB).
  std::optional<TickFormat> DetectImported() {
    Ensure(4096);
    const std::string_view start = Available().substr(0, 4096);
    if (!LooksLikeText(start.substr(0, start.find('\n')))) return std::nullopt;
    return DetectImportFormat(start);
  }

  // Makes at least `n` unread bytes contiguous in buffer_; false when the input ends
  // first (whatever is left stays available).
  bool Ensure(size_t n) {
    while (buffer_.size() - pos_ < n) {
      const size_t keep = buffer_.size() - pos_;
      base_ += pos_;
      buffer_ = source_->Refill(keep);
      pos_ = 0;
      if (buffer_.size() == keep) return false;
    }
    return true;
  }

  // ---- CSV ----

  // The next line without its terminator ("\n" or "\r\n"); false at the end.
  bool ReadLine(std::string_view& line) {
    size_t scanned = 0;
    while (true) {
      const std::string_view rest = Available();
      const void* nl = std::memchr(rest.data() + scanned, '\n', rest.size() - scanned);
      if (nl != nullptr) {
        const size_t length = static_cast<size_t>(static_cast<const char*>(nl) - rest.data());
        line = rest.substr(0, length);
        pos_ += length + 1;
        break;
      }
      scanned = rest.size();
      if (!Ensure(rest.size() + 1)) {
        if (rest.empty()) return false;
        line = rest;  // the last line has no newline
        pos_ += rest.size();
        break;
      }
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number_;
    return true;
  }

  void ReadCsvHeader() {
    std::string_view header;
    if (!ReadLine(header) || header != kCsvHeader) {
      throw InputError(path_ + ":1", "bad CSV header: expected '" + std::string(kCsvHeader) +
                                         "', found '" + std::string(header.substr(0, 120)) + "'");
    }
  }

  bool NextCsv(Event& event) {
    std::string_view line;
    Problem problem;
    while (ReadLine(line)) {
      ++read_;
      if (ParseCsvLine(line, symbols_, event, problem) && InTimeOrder(event, problem)) {
        ++loaded_;
        return true;
      }
      Reject(problem, path_ + ":" + std::to_string(line_number_));
    }
    return false;
  }

  // ---- Binary ----

  void ReadBinaryHeader(std::string_view head) {
    if (head != kBinaryMagic) {
      throw InputError(path_ + "@byte 0", "wrong magic: expected '" + std::string(kBinaryMagic) +
                                              "', found bytes " + Hex(head));
    }
    if (!Ensure(kBinaryFixedHeaderSize)) {
      throw InputError(path_ + "@byte 0",
                       "truncated header: " + std::to_string(Available().size()) + " of " +
                           std::to_string(kBinaryFixedHeaderSize) + " bytes");
    }
    const BinaryHeader header = DecodeBinaryFixedHeader(Available());
    if (header.version != kBinaryVersion && header.version != kBinaryVersion2) {
      throw InputError(path_ + "@byte 8", "unsupported version " + std::to_string(header.version) +
                                              " (this build reads versions 1 and 2)");
    }
    version_ = header.version;
    record_size_ = version_ == kBinaryVersion2 ? kBinaryRecordSize2 : kBinaryRecordSize;
    if (header.record_size != record_size_) {
      throw InputError(path_ + "@byte 10", "record size " + std::to_string(header.record_size) +
                                               " (version " + std::to_string(version_) +
                                               " records are " + std::to_string(record_size_) +
                                               " bytes)");
    }
    if (header.header_size < kBinaryFixedHeaderSize || header.header_size % 8 != 0 ||
        header.header_size > kMaxBinaryHeaderSize) {
      throw InputError(path_ + "@byte 16", "bad header size " + std::to_string(header.header_size));
    }
    if (!Ensure(header.header_size)) {
      throw InputError(path_ + "@byte 0", "truncated header: file ends before its " +
                                              std::to_string(header.header_size) +
                                              "-byte symbol table does");
    }
    const std::string_view bytes = Available().substr(0, header.header_size);
    size_t at = kBinaryFixedHeaderSize;
    for (uint32_t i = 0; i < header.symbol_count; ++i) {
      const std::string where = path_ + "@byte " + std::to_string(at);
      if (at + 2 > bytes.size()) throw InputError(where, "symbol table overruns the header");
      uint16_t length = 0;
      std::memcpy(&length, bytes.data() + at, 2);
      at += 2;
      if (at + length > bytes.size()) throw InputError(where, "symbol table overruns the header");
      const std::string_view name = bytes.substr(at, length);
      at += length;
      if (!IsValidSymbolName(name)) {
        throw InputError(where, "bad symbol name '" + std::string(name) + "' in symbol table");
      }
      if (symbols_.Find(name)) {
        throw InputError(where, "duplicate symbol '" + std::string(name) + "' in symbol table");
      }
      symbols_.Intern(name);
    }
    pos_ += header.header_size;
    records_start_ = base_ + pos_;
  }

  bool NextBinary(Event& event) {
    Problem problem;
    while (true) {
      const uint64_t offset = base_ + pos_;
      if (!Ensure(record_size_)) {
        const size_t left = Available().size();
        if (left == 0) return false;
        ++read_;
        pos_ += left;
        problem.key = "truncated_record";
        problem.detail = "the last record has " + std::to_string(left) + " of " +
                         std::to_string(record_size_) + " bytes";
        Reject(problem, path_ + "@byte " + std::to_string(offset));
        return false;
      }
      const char* record = buffer_.data() + pos_;
      pos_ += record_size_;
      ++read_;
      const bool ok = version_ == kBinaryVersion2
                          ? DecodeBinaryRecord2(record, symbols_.size(), event, problem)
                          : DecodeBinaryRecord(record, symbols_.size(), event, problem);
      if (ok &&
          InTimeOrder(event, problem)) {
        ++loaded_;
        return true;
      }
      Reject(problem, path_ + "@byte " + std::to_string(offset));
    }
  }

  // ---- Shared ----

  bool InTimeOrder(const Event& event, Problem& problem) {
    if (event.symbol >= last_ts_.size()) last_ts_.resize(symbols_.size(), INT64_MIN);
    int64_t& last = last_ts_[event.symbol];
    if (event.ts_ns < last) {
      problem.key = "time_backwards";
      problem.detail = "ts_ns " + std::to_string(event.ts_ns) + " is before " +
                       std::to_string(last) + ", the previous tick of " +
                       symbols_.Name(event.symbol);
      return false;
    }
    last = event.ts_ns;
    return true;
  }

  void Reject(const Problem& problem, const std::string& where) {
    if (on_bad_tick_ == OnBadTick::kFail) {
      throw InputError(where, std::string(problem.key) + ": " + problem.detail);
    }
    ++rejected_[std::string(problem.key)];
  }

  std::string path_;
  OnBadTick on_bad_tick_;
  TickFormat format_ = TickFormat::kAuto;
  std::unique_ptr<ByteSource> source_;
  std::unique_ptr<Importer> importer_;  // the importer formats; null for the native ones
  std::map<std::string, uint64_t> notes_;
  std::string_view buffer_;  // the source's current view
  size_t pos_ = 0;           // first unread byte in buffer_
  uint64_t base_ = 0;        // stream offset of buffer_[0]
  uint64_t records_start_ = 0;  // binary: stream offset of the first record
  uint64_t line_number_ = 0;
  uint16_t version_ = kBinaryVersion;
  size_t record_size_ = kBinaryRecordSize;
  SymbolTable symbols_;
  std::vector<int64_t> last_ts_;  // per symbol: the last accepted timestamp
  uint64_t read_ = 0;
  uint64_t loaded_ = 0;
  std::map<std::string, uint64_t> rejected_;
};

TickReader::TickReader(std::string path, const LoadOptions& options)
    : impl_(std::make_unique<Impl>(std::move(path), options)) {}
TickReader::~TickReader() = default;

bool TickReader::Next(Event& event) { return impl_->Next(event); }
const std::string& TickReader::path() const { return impl_->path(); }
TickFormat TickReader::format() const { return impl_->format(); }
bool TickReader::compressed() const { return impl_->compressed(); }
const SymbolTable& TickReader::symbols() const { return impl_->symbols(); }
uint64_t TickReader::read() const { return impl_->read(); }
uint64_t TickReader::loaded() const { return impl_->loaded(); }
const std::map<std::string, uint64_t>& TickReader::rejected() const { return impl_->rejected(); }
const std::map<std::string, uint64_t>& TickReader::notes() const { return impl_->notes(); }
SourceRecords TickReader::source_records() const { return impl_->source_records(); }
uint64_t TickReader::input_offset() const { return impl_->input_offset(); }
uint64_t TickReader::input_expected_size() const { return impl_->input_expected_size(); }

}  // namespace hftbot::feed
