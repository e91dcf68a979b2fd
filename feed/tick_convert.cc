#include "feed/tick_convert.h"

#include <sys/stat.h>

#include <vector>

#include "feed/event.h"
#include "feed/input_error.h"
#include "feed/tick_codec.h"
#include "feed/tick_reader.h"

namespace hftbot::feed {

ConvertResult ConvertTickFile(const std::string& in, TickFormat input_format,
                              const std::string& out, const WriteOptions& output) {
  struct stat in_info {
  }, out_info{};
  if (::stat(in.c_str(), &in_info) == 0 && ::stat(out.c_str(), &out_info) == 0 &&
      in_info.st_dev == out_info.st_dev && in_info.st_ino == out_info.st_ino) {
    // Truncating a file that is still mapped for reading would crash the reader.
    throw InputError(out, "is the input file; convert into a new file");
  }
  LoadOptions options;
  options.format = input_format;
  options.on_bad_tick = OnBadTick::kFail;
  Event event;
  // Pass 1 validates everything and learns the symbol table: a CSV names its symbols
  // only as they appear, but the binary header must list them up front.
  std::vector<std::string> symbols;
  {
    TickReader reader(in, options);
    while (reader.Next(event)) {
    }
    symbols = reader.symbols().names();
  }
  ConvertResult result;
  result.symbols = symbols.size();
  TickReader reader(in, options);
  WriteOptions write = output;
  if (!IsNativeFormat(reader.format())) {
    // Imported events carry kinds, ids, exchange times and flags version 1 cannot hold.
    if (write.format != TickFormat::kBinary) {
      throw InputError(out, "events imported from " + std::string(FormatName(reader.format())) +
                                " convert to binary (version 2) only; CSV cannot hold their "
                                "ids, flags and order-level kinds");
    }
    write.binary_version = kBinaryVersion2;
  }
  result.binary_version = write.format == TickFormat::kBinary ? write.binary_version : 0;
  TickWriter writer(out, std::move(symbols), write);
  while (reader.Next(event)) {
    writer.Write(event);
    ++result.kind_counts[static_cast<int>(event.kind)];
  }
  writer.Close();
  result.events = writer.written();
  return result;
}

}  // namespace hftbot::feed
