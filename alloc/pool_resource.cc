#include "alloc/pool_resource.h"

#include <cstdlib>
#include <new>

namespace hftbot::alloc {

void* RangeRecordingUpstream::do_allocate(std::size_t bytes, std::size_t alignment) {
  std::size_t size = bytes == 0 ? 1 : bytes;
  void* p = alignment <= alignof(std::max_align_t)
                ? std::malloc(size)
                : std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment);
  if (p == nullptr) throw std::bad_alloc();
  std::lock_guard<std::mutex> lock(mutex_);
  ranges_[reinterpret_cast<uintptr_t>(p)] = size;
  held_bytes_ += size;
  return p;
}

void RangeRecordingUpstream::do_deallocate(void* p, std::size_t, std::size_t) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = ranges_.find(reinterpret_cast<uintptr_t>(p));
    if (it != ranges_.end()) {
      held_bytes_ -= it->second;
      ranges_.erase(it);
    }
  }
  std::free(p);
}

bool RangeRecordingUpstream::Contains(const void* p) const {
  auto address = reinterpret_cast<uintptr_t>(p);
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = ranges_.upper_bound(address);
  if (it == ranges_.begin()) return false;
  --it;
  return address < it->first + it->second;
}

uint64_t RangeRecordingUpstream::HeldBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_bytes_;
}

PoolResource::PoolResource(const std::pmr::pool_options& options)
    : pool_(options, &upstream_), states_(nullptr) {}

PoolResource::~PoolResource() { states_.Shutdown(); }

std::string PoolResource::Backend() const {
  std::pmr::pool_options options = pool_.options();
  return "std::pmr::synchronized_pool_resource (pools up to " +
         std::to_string(options.largest_required_pool_block) + " B, chunks of up to " +
         std::to_string(options.max_blocks_per_chunk) + " blocks) over the process malloc";
}

namespace {

// libstdc++ 12's pools do not honour alignments above their block size (a 56 B block
// asked with 128 alignment came back 64-aligned): over-aligned blocks skip the pools.
bool OverAligned(std::size_t alignment) { return alignment > alignof(std::max_align_t); }

}  // namespace

void* PoolResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  void* p = OverAligned(alignment) ? upstream_.allocate(bytes, alignment) : pool_.allocate(bytes, alignment);
  CountAllocation(states_.Mine(), p, bytes);
  return p;
}

void PoolResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  CountDeallocation(states_.Mine(), p, bytes);
  if (OverAligned(alignment)) {
    upstream_.deallocate(p, bytes, alignment);
  } else {
    pool_.deallocate(p, bytes, alignment);
  }
}

Ownership PoolResource::Owns(const void* p) const {
  return upstream_.Contains(p) ? Ownership::kOwned : Ownership::kNotOwned;
}

ResourceStats PoolResource::Stats() const {
  ResourceStats stats = CountedStats(states_);
  stats.backend_mapped = upstream_.HeldBytes();
  return stats;
}

}  // namespace hftbot::alloc
