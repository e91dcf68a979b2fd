// Which events a hot thread times when it times 1 in N (--time-every N): the gap to the
// next timed event is drawn uniformly from 1..2N-1 (mean N) instead of being N.
//
// Why not every Nth: a fixed stride aliases with any period in the stream that shares a
// factor with N. A feed that sends its symbols round-robin (TrueFX snapshots, a
// strategy's every-kth-event decision) would then be timed on some symbols or some
// kinds of event only, and the percentiles would describe those. Random gaps meet every
// residue of every period at the rate 1/N. The generator is seeded, so a run with the
// same seed times the same events.
//
// Thread safety: none; one per hot thread.

#ifndef HFTBOT_PIPELINE_SAMPLE_SCHEDULE_H_
#define HFTBOT_PIPELINE_SAMPLE_SCHEDULE_H_

#include <cstdint>

namespace hftbot::pipeline {

class SampleSchedule {
 public:
  // REQUIRES: every >= 1. every == 1 times every event.
  SampleSchedule(uint32_t every, uint64_t seed)
      : span_(2 * static_cast<uint64_t>(every) - 1), state_(seed * 0x9E3779B97F4A7C15ULL | 1) {
    until_timed_ = NextGap();
  }

  // Whether the next event is timed. Called once per event, in event order.
  [[gnu::always_inline]] bool TimeThisEvent() {
    if (--until_timed_ != 0) [[likely]] return false;
    until_timed_ = NextGap();
    return true;
  }

 private:
  // 1..span_, uniformly: xorshift64* and Lemire's multiply-shift range reduction (no
  // division; the bias for span_ < 2^21 is below 2^-11 per value).
  uint64_t NextGap() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    const uint64_t random32 = (state_ * 0x2545F4914F6CDD1DULL) >> 32;
    return 1 + ((random32 * span_) >> 32);
  }

  const uint64_t span_;
  uint64_t state_;
  uint64_t until_timed_ = 0;
};

}  // namespace hftbot::pipeline

#endif  // HFTBOT_PIPELINE_SAMPLE_SCHEDULE_H_
