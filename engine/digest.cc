#include "engine/digest.h"

#include <algorithm>

namespace hftbot::engine {

uint64_t CombineDigests(std::vector<SymbolDigest> digests) {
  std::sort(digests.begin(), digests.end(),
            [](const SymbolDigest& a, const SymbolDigest& b) { return a.symbol < b.symbol; });
  Digest d;
  for (const SymbolDigest& s : digests) {
    d.Add(static_cast<uint64_t>(s.symbol));
    d.Add(s.digest);
  }
  return d.value();
}

std::string FormatDigest(uint64_t digest) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[digest & 0xf];
    digest >>= 4;
  }
  return out;
}

}  // namespace hftbot::engine
