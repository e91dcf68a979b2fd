// A 64-bit FNV-1a digest of the order and fill stream, per symbol, and the rule for
// combining per-symbol digests into the run's digest.
//
// The run digest folds (symbol id, symbol digest) pairs in SymbolId order, so it does
// not depend on which engine thread handled which symbol or in what order they
// finished. Values are hashed as 8 little-endian bytes, so the digest is the same on
// every build of this code.
//
// Not thread-safe: a Digest is owned by one SymbolEngine. The free functions are pure.

#ifndef HFTBOT_ENGINE_DIGEST_H_
#define HFTBOT_ENGINE_DIGEST_H_

#include <cstdint>
#include <string>
#include <vector>

#include "feed/event.h"

namespace hftbot::engine {

class Digest {
 public:
  static constexpr uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  static constexpr uint64_t kPrime = 0x100000001b3ULL;

  void Add(uint64_t v) {
    for (int i = 0; i < 8; ++i) {
      state_ ^= (v >> (8 * i)) & 0xff;
      state_ *= kPrime;
    }
  }
  void Add(int64_t v) { Add(static_cast<uint64_t>(v)); }
  uint64_t value() const { return state_; }

 private:
  uint64_t state_ = kOffsetBasis;
};

struct SymbolDigest {
  feed::SymbolId symbol = 0;
  uint64_t digest = 0;
};

// Folds the per-symbol digests in ascending SymbolId order (input order is
// irrelevant). An empty input gives Digest's offset basis.
uint64_t CombineDigests(std::vector<SymbolDigest> digests);

// 16 lower-case hex digits, zero-padded.
std::string FormatDigest(uint64_t digest);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_DIGEST_H_
