// FlatIndex: an open-addressing hash index from a 64-bit key to a 32-bit slot number,
// for the pooled order-level book (order id -> order slot, price level -> level slot).
//
// Linear probing in a power-of-two table kept at most half full, Fibonacci hashing,
// and backward-shift deletion (no tombstones), so lookups stay short however many
// keys come and go and nothing is ever rehashed in place. The table doubles, and
// allocates, only when the number of keys passes a new high-water mark: in a steady
// state it never allocates. (absl::flat_hash_map would add a library and leave
// tombstones that trigger in-place rehashes on the hot path.)
//
// Not thread-safe: owned by one book.

#ifndef HFTBOT_ENGINE_FLAT_INDEX_H_
#define HFTBOT_ENGINE_FLAT_INDEX_H_

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace hftbot::engine {

class FlatIndex {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  // Room for `expected_keys` keys before the first growth.
  explicit FlatIndex(size_t expected_keys) { Allocate(std::bit_ceil(2 * expected_keys + 2)); }

  // The slot stored for key, or kAbsent.
  uint32_t Find(uint64_t key) const {
    for (size_t i = Home(key);; i = (i + 1) & mask_) {
      const Entry& e = entries_[i];
      if (e.value == kAbsent) return kAbsent;
      if (e.key == key) return e.value;
    }
  }

  // REQUIRES: key absent, value != kAbsent.
  void Insert(uint64_t key, uint32_t value) {
    if (2 * (size_ + 1) > entries_.size()) Grow();
    Place(key, value);
    ++size_;
  }

  // Removes key if present.
  void Erase(uint64_t key) {
    size_t i = Home(key);
    while (true) {
      if (entries_[i].value == kAbsent) return;
      if (entries_[i].key == key) break;
      i = (i + 1) & mask_;
    }
    // Backward shift: pull later entries of the probe run into the hole when their
    // home is not between the hole and their position.
    for (size_t j = (i + 1) & mask_; entries_[j].value != kAbsent; j = (j + 1) & mask_) {
      const size_t home = Home(entries_[j].key);
      if (((j - home) & mask_) >= ((j - i) & mask_)) {
        entries_[i] = entries_[j];
        i = j;
      }
    }
    entries_[i].value = kAbsent;
    --size_;
  }

  void Clear() {
    for (Entry& e : entries_) e.value = kAbsent;
    size_ = 0;
  }

  size_t size() const { return size_; }
  size_t capacity() const { return entries_.size() / 2; }

 private:
  struct Entry {
    uint64_t key = 0;
    uint32_t value = kAbsent;
  };

  size_t Home(uint64_t key) const {
    return static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  void Place(uint64_t key, uint32_t value) {
    size_t i = Home(key);
    while (entries_[i].value != kAbsent) i = (i + 1) & mask_;
    entries_[i] = {key, value};
  }

  void Allocate(size_t slots) {
    entries_.assign(slots, Entry{});
    mask_ = slots - 1;
    shift_ = 64 - std::countr_zero(slots);
  }

  void Grow() {
    std::vector<Entry> old;
    old.swap(entries_);
    Allocate(2 * old.size());
    for (const Entry& e : old) {
      if (e.value != kAbsent) Place(e.key, e.value);
    }
  }

  std::vector<Entry> entries_;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t size_ = 0;
};

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_FLAT_INDEX_H_
