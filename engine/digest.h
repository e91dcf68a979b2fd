// A 64-bit digest of the order and fill stream, per symbol, and the rule for
// combining per-symbol digests into the run's digest.
//
// Values are hashed a whole word at a time (FxHash's step: rotate, xor, multiply;
// each step is a bijection of the state for a given word and of the word for a given
// state, so changing any one word always changes the result), and value() finishes
// with MurmurHash3's fmix64 so every output bit depends on every input bit. Byte-at-a-
// time FNV-1a cost eight dependent multiplies per word on the engine's hot path.
//
// The run digest folds (symbol id, symbol digest) pairs in SymbolId order, so it does
// not depend on which engine thread handled which symbol or in what order they
// finished. Only integer arithmetic on uint64_t, so the digest is the same on every
// build of this code.
//
// Not thread-safe: a Digest is owned by one SymbolEngine. The free functions are pure.

#ifndef HFTBOT_ENGINE_DIGEST_H_
#define HFTBOT_ENGINE_DIGEST_H_

#include <bit>
#include <cstdint>
#include <string>
#include <vector>

#include "feed/event.h"

namespace hftbot::engine {

class Digest {
 public:
  static constexpr uint64_t kSeed = 0xcbf29ce484222325ULL;
  static constexpr uint64_t kMultiplier = 0x517cc1b727220a95ULL;  // FxHash's

  void Add(uint64_t v) { state_ = (std::rotl(state_, 5) ^ v) * kMultiplier; }
  void Add(int64_t v) { Add(static_cast<uint64_t>(v)); }
  uint64_t value() const { return Finish(state_); }

  // The digest of nothing: value() before any Add.
  static constexpr uint64_t Empty() { return Finish(kSeed); }

 private:
  static constexpr uint64_t Finish(uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
  }

  uint64_t state_ = kSeed;
};

struct SymbolDigest {
  feed::SymbolId symbol = 0;
  uint64_t digest = 0;
};

// Folds the per-symbol digests in ascending SymbolId order (input order is
// irrelevant). An empty input gives Digest::Empty().
uint64_t CombineDigests(std::vector<SymbolDigest> digests);

// 16 lower-case hex digits, zero-padded.
std::string FormatDigest(uint64_t digest);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_DIGEST_H_
