// Fuzzes ByteSource (feed/byte_source.h), the layer under every tick reader that maps
// plain files and inflates gzip ones chunk by chunk.
//
// Input layout: byte 0 picks the inflate chunk size, byte 1 seeds the pattern of `keep`
// values a reader would pass; the rest is the file. Properties checked:
//  - Refill(keep) returns a view that starts with the last `keep` bytes of the previous
//    view, and the end of input is exactly the kept bytes;
//  - the stream of new bytes is the same whatever the chunk size and keep pattern
//    (compared with one pass using a 1 MiB chunk and keep 0), or both passes throw
//    InputError;
//  - a file without the gzip magic comes back byte for byte.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "feed/byte_source.h"
#include "feed/input_error.h"
#include "fuzz/input_file.h"

namespace {

// Enough for any small input's honest expansion; a bomb stops here, not at the OOM killer.
constexpr size_t kMaxOutput = size_t{8} << 20;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "fuzz property violated: %s\n", what);
    std::abort();
  }
}

// All bytes the source delivers, or nullopt when it throws InputError.
std::optional<std::string> Drain(const std::string& path, size_t chunk, uint32_t seed,
                                 bool vary_keep) {
  std::mt19937 rng(seed);
  std::string out;
  try {
    std::unique_ptr<hftbot::feed::ByteSource> source = hftbot::feed::OpenByteSource(path, chunk);
    std::string previous;  // a copy of the last view
    size_t keep = 0;
    for (;;) {
      const std::string_view view = source->Refill(keep);
      Check(view.size() >= keep, "a view holds at least the kept bytes");
      Check(view.substr(0, keep) == std::string_view(previous).substr(previous.size() - keep),
            "a view starts with the kept tail of the previous one");
      if (view.size() == keep) break;  // end of input
      out.append(view.substr(keep));
      if (out.size() > kMaxOutput) break;
      previous.assign(view);
      // A reader keeps an unfinished record: nothing, a little, or (a long line) all.
      switch (vary_keep ? rng() % 4 : 0) {
        case 0: keep = 0; break;
        case 1: keep = previous.size(); break;
        default: keep = rng() % (previous.size() + 1); break;
      }
      if (keep > 4096 && keep == previous.size()) keep = 0;  // bound the buffer growth
    }
  } catch (const hftbot::feed::InputError&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static hftbot::fuzz::InputFile file;
  const size_t chunk = 1 + size_t{data[0]} * 4;  // OpenByteSource raises it to its minimum
  const uint32_t seed = data[1];
  const std::string_view content(reinterpret_cast<const char*>(data + 2), size - 2);
  const std::string& path = file.Write(data + 2, size - 2);

  const std::optional<std::string> small = Drain(path, chunk, seed, true);
  const std::optional<std::string> big = Drain(path, size_t{1} << 20, 0, false);
  Check(small.has_value() == big.has_value(), "chunk size does not decide whether a file is corrupt");
  if (!small) return 0;
  const size_t n = std::min(small->size(), big->size());
  Check(small->compare(0, n, *big, 0, n) == 0, "chunk size does not change the bytes");
  if (small->size() <= kMaxOutput && big->size() <= kMaxOutput) {
    Check(*small == *big, "chunk size does not change the length");
  }
  if (!hftbot::feed::HasGzipMagic(content)) Check(*small == content, "plain files pass through");
  return 0;
}
