// Doorbell: lets an idle consumer thread sleep without making producers pay for a
// system call on every message. The consumer parks only after finding no work;
// producers ring (one semaphore signal) only when it is parked.
//
// Thread safety: any number of producers may Ring(); one consumer calls Park().

#ifndef HFTBOT_PIPELINE_DOORBELL_H_
#define HFTBOT_PIPELINE_DOORBELL_H_

// The semaphore header relies on macros and <cassert> from the queue header.
#include <concurrentqueue/concurrentqueue.h>
#include <concurrentqueue/lightweightsemaphore.h>

#include <atomic>
#include <cstdint>

namespace hftbot::pipeline {

class Doorbell {
 public:
  enum class ParkResult {
    kWorkFound,  // the re-check after announcing the park saw work: no sleep
    kRung,       // slept and a producer rang
    kTimedOut,   // slept the whole timeout: with a correct ring protocol, only when idle
  };

  // Sleeps until rung or `timeout_us` passes, unless `has_work()` turns true after the
  // consumer announced it is parking (the re-check closes the lost-wake-up race).
  template <typename HasWork>
  ParkResult Park(HasWork&& has_work, int64_t timeout_us) {
    parked_.store(true, std::memory_order_relaxed);
    // seq_cst fence: orders "parked" before the re-check, pairing with Ring()'s fence
    // (Dekker): either we see the new work or the producer sees parked == true.
    std::atomic_thread_fence(std::memory_order_seq_cst);
    ParkResult result = ParkResult::kWorkFound;
    if (!has_work()) result = semaphore_.wait(timeout_us) ? ParkResult::kRung : ParkResult::kTimedOut;
    // A producer that saw parked == true after our timeout still signals once; that
    // stale signal only makes a later park return early, never sleep longer.
    parked_.store(false, std::memory_order_relaxed);
    return result;
  }

  // Call after publishing work.
  void Ring() {
    std::atomic_thread_fence(std::memory_order_seq_cst);  // pairs with Park()'s fence
    // exchange: of several producers, only one signals per parking.
    if (parked_.load(std::memory_order_relaxed) && parked_.exchange(false, std::memory_order_acq_rel)) {
      semaphore_.signal();
    }
  }

 private:
  alignas(64) std::atomic<bool> parked_{false};
  // Few spins: the caller already spun before parking, and on an oversubscribed
  // machine more spinning only takes the core from the thread that would ring.
  moodycamel::LightweightSemaphore semaphore_{0, /*maxSpins=*/64};
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_DOORBELL_H_
