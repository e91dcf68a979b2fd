#include "alloc/adaptive_resource.h"

#include <sys/mman.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <new>
#include <stdexcept>

#include "alloc/allocation_recorder.h"

namespace hftbot::alloc {

std::optional<std::string> ValidateAdaptiveOptions(const AdaptiveOptions& o) {
  const std::size_t page = 4096;
  if (!(o.enter_burst_load > 0)) return "enter_burst_load must be > 0";
  if (!(o.leave_burst_load >= 0) || !(o.leave_burst_load < o.enter_burst_load)) {
    return "leave_burst_load must be >= 0 and below enter_burst_load (the hysteresis band)";
  }
  if (o.calm_after_ns < 0) return "calm_after_ms must be >= 0";
  if (o.decay_ns < 0) return "decay_ms must be >= 0";
  if (!std::has_single_bit(o.slab_bytes) || o.slab_bytes < page) {
    return "slab_kib must be a power of two of at least 4 KiB";
  }
  if (o.max_block_bytes < 16 || o.max_block_bytes > o.slab_bytes || (std::size_t{16} << 15) < o.max_block_bytes) {
    return "max_block_bytes must be between 16 and min(slab size, 512 KiB)";
  }
  if (o.region_bytes < o.slab_bytes || o.region_bytes % o.slab_bytes != 0) {
    return "region_mib must be a whole number of slabs, at least one";
  }
  if (o.retain_bytes > o.region_bytes) return "retain_mib must not exceed region_mib";
  return std::nullopt;
}

AdaptiveResource::AdaptiveResource(ComponentResource& calm, const AdaptiveOptions& options, const TimeSource& time)
    : calm_(calm), options_(options), time_(time) {
  if (auto error = ValidateAdaptiveOptions(options)) throw std::invalid_argument("[alloc.adaptive] " + *error);
  void* region = mmap(nullptr, options_.region_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                      -1, 0);
  if (region == MAP_FAILED) throw std::bad_alloc();
  region_ = static_cast<char*>(region);
  slab_count_ = options_.region_bytes / options_.slab_bytes;
  slabs_ = std::vector<SlabState>(slab_count_);
  free_slabs_.reserve(slab_count_);
  for (std::size_t i = slab_count_; i-- > 0;) free_slabs_.push_back(static_cast<int64_t>(i));
  // Prefault what stays resident anyway, so the first burst takes no page faults.
  std::size_t retained = options_.retain_bytes / options_.slab_bytes;
  std::memset(region_, 0, retained * options_.slab_bytes);
  for (std::size_t i = 0; i < retained; ++i) slabs_[i].resident = true;
  slabs_resident_.store(retained, std::memory_order_relaxed);
}

AdaptiveResource::~AdaptiveResource() { munmap(region_, options_.region_bytes); }

std::string AdaptiveResource::Backend() const {
  return "adaptive: bursts from a " + std::to_string(options_.region_bytes >> 20) + " MiB slab region, calm on " +
         calm_.Spec();
}

int64_t AdaptiveResource::TakeFreeSlab() {
  std::lock_guard<std::mutex> lock(free_mutex_);
  if (free_slabs_.empty()) return -1;
  int64_t slab = free_slabs_.back();
  free_slabs_.pop_back();
  if (!slabs_[slab].resident) {
    slabs_[slab].resident = true;
    slabs_resident_.fetch_add(1, std::memory_order_relaxed);
  }
  slabs_in_use_.fetch_add(1, std::memory_order_relaxed);
  return slab;
}

void AdaptiveResource::Recycle(int64_t slab) {
  slabs_[slab].state.store(0, std::memory_order_relaxed);
  slabs_[slab].freed_at_ns.store(time_.NowNs(), std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(free_mutex_);
  free_slabs_.push_back(slab);
  slabs_in_use_.fetch_sub(1, std::memory_order_relaxed);
}

void* AdaptiveResource::AllocateFromRegion(std::size_t bytes, std::size_t alignment) {
  std::size_t size = std::max({bytes, alignment, std::size_t{16}});
  if (size > options_.max_block_bytes) return nullptr;
  int k = static_cast<int>(std::bit_width((size - 1) >> 4));  // 16 << k >= size
  std::size_t block = std::size_t{16} << k;
  if (k >= kClasses || block > options_.slab_bytes) return nullptr;
  ClassState& c = classes_[k];
  std::lock_guard<std::mutex> lock(c.mutex);
  if (c.slab < 0 || c.next + block > options_.slab_bytes) {
    if (c.slab >= 0) {
      // Seal: from now on only frees touch the old slab; if none of its blocks is
      // live, the seal itself recycles it.
      if (slabs_[c.slab].state.fetch_add(1, std::memory_order_acq_rel) + 1 == 1) Recycle(c.slab);
      c.slab = -1;
    }
    int64_t slab = TakeFreeSlab();
    if (slab < 0) return nullptr;
    c.slab = slab;
    c.next = 0;
  }
  char* p = region_ + static_cast<std::size_t>(c.slab) * options_.slab_bytes + c.next;
  c.next += block;
  slabs_[c.slab].state.fetch_add(2, std::memory_order_relaxed);
  return p;
}

void* AdaptiveResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  if (mode_.load(std::memory_order_relaxed) == AdaptiveMode::kBurst) {
    if (void* p = AllocateFromRegion(bytes, alignment)) {
      hits_.fetch_add(1, std::memory_order_relaxed);
      allocations_.fetch_add(1, std::memory_order_relaxed);
      bytes_allocated_.fetch_add(bytes, std::memory_order_relaxed);
      RecordAllocation(p, bytes);
      return p;
    }
    misses_.fetch_add(1, std::memory_order_relaxed);
  } else {
    calm_allocations_.fetch_add(1, std::memory_order_relaxed);
  }
  // The calm backing counts and records this block itself.
  void* p = calm_.allocate(bytes, alignment);
  allocations_.fetch_add(1, std::memory_order_relaxed);
  bytes_allocated_.fetch_add(bytes, std::memory_order_relaxed);
  return p;
}

void AdaptiveResource::do_deallocate(void* p, std::size_t bytes, std::size_t alignment) {
  deallocations_.fetch_add(1, std::memory_order_relaxed);
  bytes_freed_.fetch_add(bytes, std::memory_order_relaxed);
  if (!InRegion(p)) {
    calm_.deallocate(p, bytes, alignment);
    return;
  }
  RecordDeallocation(p);
  auto slab = static_cast<int64_t>(static_cast<std::size_t>(static_cast<char*>(p) - region_) / options_.slab_bytes);
  if (slabs_[slab].state.fetch_sub(2, std::memory_order_acq_rel) - 2 == 1) Recycle(slab);
}

void AdaptiveResource::AccountTime(int64_t now) {
  if (last_observed_ns_ >= 0 && now > last_observed_ns_) {
    auto& bucket = mode() == AdaptiveMode::kBurst ? burst_ns_ : calm_ns_;
    bucket.fetch_add(now - last_observed_ns_, std::memory_order_relaxed);
  }
  last_observed_ns_ = now;
}

void AdaptiveResource::ObserveLoad(double load) {
  const int64_t now = time_.NowNs();
  AccountTime(now);
  if (mode() == AdaptiveMode::kCalm) {
    if (load >= options_.enter_burst_load) {
      mode_.store(AdaptiveMode::kBurst, std::memory_order_relaxed);
      switches_to_burst_.fetch_add(1, std::memory_order_relaxed);
      low_since_ns_ = -1;
      return;
    }
    Decay(now);
    return;
  }
  if (load > options_.leave_burst_load) {
    low_since_ns_ = -1;
    return;
  }
  if (low_since_ns_ < 0) low_since_ns_ = now;
  if (now - low_since_ns_ >= options_.calm_after_ns) {
    mode_.store(AdaptiveMode::kCalm, std::memory_order_relaxed);
    switches_to_calm_.fetch_add(1, std::memory_order_relaxed);
    low_since_ns_ = -1;
    bytes_returned_.fetch_add(calm_.Release(), std::memory_order_relaxed);
  }
}

void AdaptiveResource::Decay(int64_t now) {
  const std::size_t keep = options_.retain_bytes / options_.slab_bytes;
  std::lock_guard<std::mutex> lock(free_mutex_);
  // Oldest-freed first: the front of the LIFO is the coldest.
  for (int64_t slab : free_slabs_) {
    if (slabs_resident_.load(std::memory_order_relaxed) <= keep) break;
    SlabState& s = slabs_[slab];
    if (!s.resident || now - s.freed_at_ns.load(std::memory_order_relaxed) < options_.decay_ns) continue;
    madvise(region_ + static_cast<std::size_t>(slab) * options_.slab_bytes, options_.slab_bytes, MADV_DONTNEED);
    s.resident = false;
    slabs_resident_.fetch_sub(1, std::memory_order_relaxed);
    bytes_returned_.fetch_add(options_.slab_bytes, std::memory_order_relaxed);
  }
}

AdaptiveStats AdaptiveResource::AdaptiveStatistics() const {
  AdaptiveStats s;
  s.switches_to_burst = switches_to_burst_.load(std::memory_order_relaxed);
  s.switches_to_calm = switches_to_calm_.load(std::memory_order_relaxed);
  s.calm_ns = calm_ns_.load(std::memory_order_relaxed);
  s.burst_ns = burst_ns_.load(std::memory_order_relaxed);
  s.hits = hits_.load(std::memory_order_relaxed);
  s.misses = misses_.load(std::memory_order_relaxed);
  s.calm_allocations = calm_allocations_.load(std::memory_order_relaxed);
  s.bytes_returned = bytes_returned_.load(std::memory_order_relaxed);
  s.region_slabs_in_use = slabs_in_use_.load(std::memory_order_relaxed);
  s.region_slabs_resident = slabs_resident_.load(std::memory_order_relaxed);
  return s;
}

Ownership AdaptiveResource::Owns(const void* p) const {
  if (InRegion(p)) return Ownership::kOwned;
  // A block it forwarded looks exactly like the calm backing's own blocks.
  return calm_.Owns(p) == Ownership::kNotOwned ? Ownership::kNotOwned : Ownership::kUnknown;
}

ResourceStats AdaptiveResource::Stats() const {
  ResourceStats stats;
  stats.allocations = allocations_.load(std::memory_order_relaxed);
  stats.deallocations = deallocations_.load(std::memory_order_relaxed);
  stats.bytes_allocated = bytes_allocated_.load(std::memory_order_relaxed);
  stats.bytes_freed = bytes_freed_.load(std::memory_order_relaxed);
  stats.backend_resident = slabs_resident_.load(std::memory_order_relaxed) * options_.slab_bytes;
  stats.backend_mapped = options_.region_bytes;
  stats.bytes_returned = bytes_returned_.load(std::memory_order_relaxed);
  return stats;
}

}  // namespace hftbot::alloc
