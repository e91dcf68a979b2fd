// "adaptive": a component resource that switches its backing by load (the lesson's
// adaptive allocator). The caller feeds a load signal (events/s, or queue occupancy:
// any number that is high in bursts) with ObserveLoad(); the resource is in one of
// two modes:
//
//   burst  new blocks up to max_block_bytes come from a preallocated region: slabs of
//          slab_bytes, one size class per slab, bump-allocated under a per-class
//          mutex, freed lock-free (a slab is recycled when its last block is freed).
//          No system call, no allocator lock shared with other components.
//   calm   new blocks come from the calm backing (any ComponentResource, e.g. the
//          process malloc or a jemalloc arena with decay); free region slabs idle for
//          decay_ns are returned to the OS (madvise DONTNEED) beyond retain_bytes,
//          and the calm backing is asked to Release(): RSS is bounded while calm.
//
// Switching has hysteresis: a burst starts when load >= enter_burst_load and ends
// only after load stayed <= leave_burst_load for calm_after_ns. A block is freed to
// whichever backing served it (the region is one address range).
//
// Thread safety: allocate/deallocate from any thread. ObserveLoad() from one thread at
// a time (the thread that samples the load). Stats() from any thread.

#ifndef HFTBOT_ALLOC_ADAPTIVE_RESOURCE_H_
#define HFTBOT_ALLOC_ADAPTIVE_RESOURCE_H_

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "alloc/memory_resource.h"
#include "alloc/time_source.h"

namespace hftbot::alloc {

// TOML `[alloc.adaptive]` keys in brackets.
struct AdaptiveOptions {
  // [enter_burst_load] Load at or above which a burst starts. Default 50000 (events/s).
  double enter_burst_load = 50'000;
  // [leave_burst_load] Load at or below which a burst may end. Default 20000.
  // REQUIRES: 0 <= leave_burst_load < enter_burst_load.
  double leave_burst_load = 20'000;
  // [calm_after_ms] How long load must stay at or below leave_burst_load before calm
  // resumes. Default 100 ms.
  int64_t calm_after_ns = 100'000'000;
  // [region_mib] Address space reserved for burst blocks. Default 64 MiB.
  std::size_t region_bytes = std::size_t{64} << 20;
  // [slab_kib] Slab size, a power of two, at least a page and max_block_bytes. Default 64 KiB.
  std::size_t slab_bytes = std::size_t{64} << 10;
  // [max_block_bytes] Larger blocks always go to the calm backing. Default 4096.
  std::size_t max_block_bytes = 4096;
  // [retain_mib] Region memory kept resident while calm (prefaulted at start so the
  // first burst does not fault). Default 8 MiB. REQUIRES: <= region_bytes.
  std::size_t retain_bytes = std::size_t{8} << 20;
  // [decay_ms] A free slab idle this long while calm is returned to the OS. Default 1 s.
  int64_t decay_ns = 1'000'000'000;
};

// nullopt when valid, else one sentence naming the TOML key and the rule it breaks.
std::optional<std::string> ValidateAdaptiveOptions(const AdaptiveOptions& options);

enum class AdaptiveMode { kCalm, kBurst };

struct AdaptiveStats {
  uint64_t switches_to_burst = 0;
  uint64_t switches_to_calm = 0;
  int64_t calm_ns = 0;   // time spent in each mode, up to the last ObserveLoad
  int64_t burst_ns = 0;
  uint64_t hits = 0;     // burst-mode allocations served by the region
  uint64_t misses = 0;   // burst-mode allocations that went to the calm backing (too large, region full)
  uint64_t calm_allocations = 0;
  uint64_t bytes_returned = 0;  // region slabs given back (madvise) plus calm backing Release()
  uint64_t region_slabs_in_use = 0;
  uint64_t region_slabs_resident = 0;  // touched and not returned (in use or free)
};

class AdaptiveResource final : public ComponentResource {
 public:
  // `calm` serves calm-mode and oversized blocks; it and `time` must outlive this.
  // Throws std::invalid_argument for invalid options, std::bad_alloc when the region
  // cannot be reserved.
  AdaptiveResource(ComponentResource& calm, const AdaptiveOptions& options, const TimeSource& time);
  ~AdaptiveResource() override;

  // Feeds one load sample; switches mode (with hysteresis) and, while calm, returns
  // idle memory. Cheap when nothing is due.
  void ObserveLoad(double load);
  AdaptiveMode mode() const { return mode_.load(std::memory_order_relaxed); }
  AdaptiveStats AdaptiveStatistics() const;

  std::string Spec() const override { return "adaptive"; }
  std::string Backend() const override;
  // kOwned for region blocks; kUnknown for blocks the calm backing may own (it cannot
  // tell its forwarded blocks from the backing's others), else kNotOwned.
  Ownership Owns(const void* p) const override;
  ResourceStats Stats() const override;
  bool LayeredOnProcessMalloc() const override { return calm_.Spec() == "default" || calm_.LayeredOnProcessMalloc(); }
  const ComponentResource* Backing() const override { return &calm_; }

 private:
  static constexpr int kClasses = 16;  // 16 B << k

  struct alignas(64) ClassState {
    std::mutex mutex;
    int64_t slab = -1;        // current slab, or -1
    std::size_t next = 0;     // bump offset inside it
  };
  struct SlabState {
    // 2 * live blocks + sealed bit: the slab is recycled by whoever brings it to
    // exactly 1 (sealed, no live block). acq_rel: the recycler sees every free's writes.
    std::atomic<uint64_t> state{0};
    std::atomic<int64_t> freed_at_ns{0};
    bool resident = false;  // guarded by free_mutex_
  };

  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* p, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override { return this == &other; }

  bool InRegion(const void* p) const {
    auto a = reinterpret_cast<uintptr_t>(p);
    return a >= reinterpret_cast<uintptr_t>(region_) && a < reinterpret_cast<uintptr_t>(region_) + options_.region_bytes;
  }
  void* AllocateFromRegion(std::size_t bytes, std::size_t alignment);
  int64_t TakeFreeSlab();
  void Recycle(int64_t slab);
  void Decay(int64_t now);
  void AccountTime(int64_t now);

  ComponentResource& calm_;
  const AdaptiveOptions options_;
  const TimeSource& time_;
  char* region_ = nullptr;
  std::size_t slab_count_ = 0;
  std::vector<SlabState> slabs_;
  ClassState classes_[kClasses];
  std::mutex free_mutex_;            // guards free_slabs_ and SlabState::resident
  std::vector<int64_t> free_slabs_;  // LIFO: the most recently freed (warm) slab first

  // relaxed: a thread that reads the old mode for one allocation serves it from the
  // other backing, which is correct either way.
  std::atomic<AdaptiveMode> mode_{AdaptiveMode::kCalm};
  // Written by ObserveLoad's thread only.
  int64_t last_observed_ns_ = -1;
  int64_t low_since_ns_ = -1;
  // Owner-agnostic counters: relaxed fetch_add (shared by allocating threads).
  std::atomic<uint64_t> hits_{0}, misses_{0}, calm_allocations_{0};
  std::atomic<uint64_t> allocations_{0}, deallocations_{0}, bytes_allocated_{0}, bytes_freed_{0};
  std::atomic<uint64_t> switches_to_burst_{0}, switches_to_calm_{0}, bytes_returned_{0};
  std::atomic<int64_t> calm_ns_{0}, burst_ns_{0};
  std::atomic<uint64_t> slabs_in_use_{0}, slabs_resident_{0};
};

}  // namespace hftbot::alloc

#endif  // HFTBOT_ALLOC_ADAPTIVE_RESOURCE_H_
