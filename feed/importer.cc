#include "feed/importer.h"

#include <charconv>
#include <cstdint>
#include <utility>

#include "feed/fixed_point.h"
#include "feed/input_error.h"

namespace hftbot::feed {

Importer::Importer(std::string path, const LoadOptions& options)
    : options_(options), path_(std::move(path)), lines_(path_) {
  if (!lines_.Ensure(1)) {
    throw InputError(path_, lines_.compressed() ? "empty file (after gunzip)" : "empty file");
  }
}

Importer::~Importer() = default;

bool Importer::Next(Event& event) {
  while (true) {
    while (pending_head_ < pending_.size()) {
      event = pending_[pending_head_++];
      if (event.symbol >= last_ts_.size()) last_ts_.resize(symbols_.size(), INT64_MIN);
      int64_t& last = last_ts_[event.symbol];
      if (event.ts_ns < last) {
        // Per event, not per line: the line that queued it already has its outcome.
        CountReject("time_backwards", "ts_ns " + std::to_string(event.ts_ns) + " is before " +
                                     std::to_string(last) + ", the previous event of " +
                                     symbols_.Name(event.symbol));
        continue;
      }
      last = event.ts_ns;
      ++loaded_;
      return true;
    }
    pending_.clear();
    pending_head_ = 0;
    if (input_done_) return false;
    if (!Produce()) input_done_ = true;
  }
}

void Importer::CountReject(std::string_view key, const std::string& detail) {
  if (options_.on_bad_tick == OnBadTick::kFail) {
    throw InputError(Where(), std::string(key) + ": " + detail);
  }
  ++rejected_[std::string(key)];
  ++rejected_total_;
}

void Importer::Skip(std::string_view key, uint64_t records) {
  if (records == 0) return;
  Mark(SourceTally::Outcome::kSkipped);
  rejected_[std::string(key)] += records;
  rejected_total_ += records;
}

bool Importer::InternChecked(std::string_view name, SymbolId& out) {
  // Lines of one stream name the same symbol again and again.
  if (checked_symbol_ < symbols_.size() && name == symbols_.Name(checked_symbol_)) {
    out = checked_symbol_;
    return true;
  }
  bool valid = !name.empty() && name.size() <= 64;
  for (const char c : name) valid &= c > ' ' && c <= '~' && c != ',' && c != '"';
  if (!valid) {
    Reject("bad_symbol", "symbol '" + std::string(name.substr(0, 64)) + "' is not 1-64 printable characters");
    return false;
  }
  out = symbols_.Intern(name);
  checked_symbol_ = out;
  return true;
}

bool Importer::Decimal(std::string_view text, std::string_view what, int64_t& out) {
  const DecimalError error = ParseFixedPoint(text, out);
  if (error == DecimalError::kOk) return true;
  Reject(DecimalErrorKey(error), std::string(what) + " '" + std::string(text.substr(0, 40)) +
                                     "' is not an exact decimal");
  return false;
}

std::string Importer::SymbolOr(std::string fallback) const {
  return options_.symbol.empty() ? std::move(fallback) : options_.symbol;
}

std::string Importer::Stem() const {
  std::string name = path_.substr(path_.find_last_of('/') == std::string::npos
                                      ? 0
                                      : path_.find_last_of('/') + 1);
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) name.resize(name.size() - 3);
  const size_t dot = name.find_last_of('.');
  if (dot != std::string::npos && dot > 0) name.resize(dot);
  return name;
}

size_t SplitFields(std::string_view line, char sep, std::string_view* fields, size_t max) {
  size_t count = 0;
  size_t start = 0;
  while (true) {
    if (count == max) return max + 1;
    const size_t at = line.find(sep, start);
    if (at == std::string_view::npos) {
      fields[count++] = line.substr(start);
      return count;
    }
    fields[count++] = line.substr(start, at - start);
    start = at + 1;
  }
}

// Both read up to 19 plain digits with ParseDigits (faster than from_chars) and leave
// the rest (a sign, 20 digits, anything malformed) to from_chars, which decides.
bool ParseUint(std::string_view text, uint64_t& out) {
  if (ParseDigits(text, out)) return true;
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool ParseInt(std::string_view text, int64_t& out) {
  uint64_t digits = 0;
  if (ParseDigits(text, digits)) {
    if (digits > static_cast<uint64_t>(INT64_MAX)) return false;
    out = static_cast<int64_t>(digits);
    return true;
  }
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

int64_t UsEasternToUtcNs(int64_t year, unsigned month, unsigned day) {
  constexpr int64_t kHour = 3'600'000'000'000;
  // Weekday of the 1st (0 = Sunday): 1970-01-01 was a Thursday.
  const auto weekday = [](int64_t days) { return static_cast<unsigned>(((days % 7) + 11) % 7); };
  const unsigned march_first = weekday(DaysFromCivil(year, 3, 1));
  const unsigned dst_start = 1 + (7 - march_first) % 7 + 7;  // second Sunday of March
  const unsigned november_first = weekday(DaysFromCivil(year, 11, 1));
  const unsigned dst_end = 1 + (7 - november_first) % 7;  // first Sunday of November
  const bool dst = (month > 3 && month < 11) || (month == 3 && day >= dst_start) ||
                   (month == 11 && day < dst_end);
  return (dst ? 4 : 5) * kHour;
}

}  // namespace hftbot::feed
