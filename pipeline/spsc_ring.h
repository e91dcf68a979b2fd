// The feed -> engine hand-off: a bounded single-producer single-consumer ring whose
// slots carry their own sequence number, each slot on its own cache line.
//
// Why not boost::lockfree::spsc_queue, which this hand-off used before: its consumer
// learns that an item exists from the producer's write index, on a cache line of its
// own, and only then reads the slot, on another. When the queue is near empty, as it
// is whenever the engine keeps up, that is two cache-line transfers in series per
// item, and the feed -> engine hop measured about twice the core-to-core floor. Here
// the consumer polls the slot it will read next: the item and the stamp that says it
// is there arrive in one line, one transfer, as in the floor's ping-pong.
//
// The producer learns which slots are free from the consumer's read index, which the
// consumer publishes once per batch and the producer reads only when its cached copy
// says the ring is full. The consumer writes to a slot line only to move a
// non-trivial item out (the naive profile's shared_ptr); pooled items are copied.
//
// Thread safety: Push from one producer thread, Pop/HasItem from one consumer thread.

#ifndef HFTBOT_PIPELINE_SPSC_RING_H_
#define HFTBOT_PIPELINE_SPSC_RING_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <utility>

namespace hftbot::pipeline {

template <typename T>
class SpscRing {
 public:
  // REQUIRES: capacity > 0. Holds at most `capacity` items; slots are a power of two.
  explicit SpscRing(size_t capacity) : capacity_(capacity) {
    size_t size = 1;
    while (size < capacity) size <<= 1;
    mask_ = size - 1;
    slots_ = std::make_unique<Slot[]>(size);
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  size_t capacity() const { return capacity_; }

  // Producer. False when the ring is full; `item` is then untouched.
  template <typename U>
  [[nodiscard]] bool Push(U&& item) {
    if (tail_ - cached_head_ >= capacity_) {
      // acquire: the consumer had finished reading the slots it freed.
      cached_head_ = head_.value.load(std::memory_order_acquire);
      if (tail_ - cached_head_ >= capacity_) return false;
    }
    Slot& slot = slots_[tail_ & mask_];
    slot.item = std::forward<U>(item);
    ++tail_;
    // release: the item is written before its stamp says so.
    slot.stamp.store(tail_, std::memory_order_release);
    return true;
  }

  // Consumer. Moves up to `max` items into `out`; returns how many.
  [[nodiscard]] size_t Pop(T* out, size_t max) {
    size_t n = 0;
    while (n < max) {
      Slot& slot = slots_[head_local_ & mask_];
      // acquire: pairs with Push's release; the stamp of position p is p + 1.
      if (slot.stamp.load(std::memory_order_acquire) != head_local_ + 1) break;
      out[n++] = std::move(slot.item);
      ++head_local_;
    }
    // release: the moves out of these slots happen before the producer may reuse them.
    if (n > 0) head_.value.store(head_local_, std::memory_order_release);
    return n;
  }

  // Consumer: whether Pop would return an item now.
  bool HasItem() const {
    // acquire: as in Pop, so a caller that then pops sees the item.
    return slots_[head_local_ & mask_].stamp.load(std::memory_order_acquire) == head_local_ + 1;
  }

 private:
  struct alignas(64) Slot {
    std::atomic<uint64_t> stamp{0};  // position + 1 once the item at that position is in
    T item{};
  };
  struct alignas(64) Index {
    std::atomic<uint64_t> value{0};
  };
  static_assert(sizeof(Slot) == 64, "an item and its stamp share one cache line");

  size_t capacity_;
  size_t mask_ = 0;
  std::unique_ptr<Slot[]> slots_;
  // The producer's own line: its position and its last look at the consumer's.
  alignas(64) uint64_t tail_ = 0;
  uint64_t cached_head_ = 0;
  // The consumer's own line (head_local_) and the index it publishes (head_).
  alignas(64) uint64_t head_local_ = 0;
  Index head_;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_SPSC_RING_H_
