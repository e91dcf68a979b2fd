#include "feed/tick_reader.h"

#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "feed/importers.h"
#include "feed/input_error.h"
#include "feed/line_reader.h"
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
    input_.emplace(path_);
    input_->Ensure(kBinaryMagic.size());
    std::string_view head = input_->Peek().substr(0, kBinaryMagic.size());
    if (head.empty()) {
      throw InputError(path_, input_->compressed() ? "empty file (after gunzip)" : "empty file");
    }
    format_ = options.format;
    if (format_ == TickFormat::kAuto) {
      if (head == kBinaryMagic) {
        format_ = TickFormat::kBinary;
      } else if (input_->Peek().substr(0, 5) == "ts_ns") {
        format_ = TickFormat::kCsv;
      } else if (const std::optional<TickFormat> imported = DetectImported()) {
        format_ = *imported;
        input_.reset();
        importer_ = MakeImporter(format_, path_, options);
        return;
      } else if (head = input_->Peek().substr(0, kBinaryMagic.size()); !LooksLikeText(head)) {
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
  bool compressed() const { return importer_ ? importer_->compressed() : input_->compressed(); }
  const SymbolTable& symbols() const { return importer_ ? importer_->symbols() : symbols_; }
  uint64_t read() const { return importer_ ? importer_->read() : read_; }
  uint64_t loaded() const { return importer_ ? importer_->loaded() : loaded_; }
  const std::map<std::string, uint64_t>& rejected() const {
    return importer_ ? importer_->rejected() : rejected_;
  }
  const std::map<std::string, uint64_t>& notes() const {
    return importer_ ? importer_->notes() : notes_;
  }

  uint64_t input_offset() const { return importer_ ? importer_->input_offset() : input_->offset(); }
  uint64_t input_expected_size() const {
    return importer_ ? importer_->input_expected_size() : input_->expected_size();
  }

  SourceRecords source_records() const {
    if (importer_) return importer_->source_records();
    // Native formats: one record per line or slot, so a record's outcome is the
    // reader's own loaded / rejected tally; the count comes from lines and bytes.
    SourceRecords records;
    if (format_ == TickFormat::kBinary) {
      const uint64_t bytes = input_->offset() - records_start_;
      records.in_source = (bytes + record_size_ - 1) / record_size_;
    } else {
      records.in_source = input_->line_number();
      records.informational = 1;  // the header row
    }
    records.with_events = loaded_;
    for (const auto& [key, count] : rejected_) records.rejected += count;
    return records;
  }

 private:
  // An importer format recognised from the first line (up to 4 KiB).
  std::optional<TickFormat> DetectImported() {
    input_->Ensure(4096);
    const std::string_view start = input_->Peek().substr(0, 4096);
    if (!LooksLikeText(start.substr(0, start.find('\n')))) return std::nullopt;
    return DetectImportFormat(start);
  }

  // ---- CSV ----

  void ReadCsvHeader() {
    std::string_view header;
    if (!input_->ReadLine(header) || header != kCsvHeader) {
      throw InputError(path_ + ":1", "bad CSV header: expected '" + std::string(kCsvHeader) +
                                         "', found '" + std::string(header.substr(0, 120)) + "'");
    }
  }

  bool NextCsv(Event& event) {
    std::string_view line;
    Problem problem;
    while (input_->ReadLine(line)) {
      ++read_;
      if (ParseCsvLine(line, symbols_, event, problem) && InTimeOrder(event, problem)) {
        ++loaded_;
        return true;
      }
      Reject(problem, path_ + ":" + std::to_string(input_->line_number()));
    }
    return false;
  }

  // ---- Binary ----

  void ReadBinaryHeader(std::string_view head) {
    if (head != kBinaryMagic) {
      throw InputError(path_ + "@byte 0", "wrong magic: expected '" + std::string(kBinaryMagic) +
                                              "', found bytes " + Hex(head));
    }
    if (!input_->Ensure(kBinaryFixedHeaderSize)) {
      throw InputError(path_ + "@byte 0",
                       "truncated header: " + std::to_string(input_->Peek().size()) + " of " +
                           std::to_string(kBinaryFixedHeaderSize) + " bytes");
    }
    const BinaryHeader header = DecodeBinaryFixedHeader(input_->Peek());
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
    if (!input_->Ensure(header.header_size)) {
      throw InputError(path_ + "@byte 0", "truncated header: file ends before its " +
                                              std::to_string(header.header_size) +
                                              "-byte symbol table does");
    }
    const std::string_view bytes = input_->Peek().substr(0, header.header_size);
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
    input_->Consume(header.header_size);
    records_start_ = input_->offset();
  }

  bool NextBinary(Event& event) {
    Problem problem;
    while (true) {
      const uint64_t offset = input_->offset();
      if (!input_->Ensure(record_size_)) {
        const size_t left = input_->Peek().size();
        if (left == 0) return false;
        ++read_;
        input_->Consume(left);
        problem.key = "truncated_record";
        problem.detail = "the last record has " + std::to_string(left) + " of " +
                         std::to_string(record_size_) + " bytes";
        Reject(problem, path_ + "@byte " + std::to_string(offset));
        return false;
      }
      const char* record = input_->Peek().data();
      input_->Consume(record_size_);
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
  std::optional<LineReader> input_;    // the native formats; empty for the importer ones
  std::unique_ptr<Importer> importer_;  // the importer formats; null for the native ones
  std::map<std::string, uint64_t> notes_;
  uint64_t records_start_ = 0;  // binary: stream offset of the first record
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
