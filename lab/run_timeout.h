// How long one bot run may take before the lab kills it and marks it timed out, so a
// hung run never hangs compare, tune or sweep. `--run-timeout S` fixes it for every
// run; by default (0) the first phase (the warm-up round) gets an hour, and every later
// run ten times the slowest warm-up run's time (at least a minute), scaled by how much
// longer the run is expected to take (a sweep's slow paced rates).
//
// Thread safety: a plain value.

#ifndef HFTBOT_LAB_RUN_TIMEOUT_H_
#define HFTBOT_LAB_RUN_TIMEOUT_H_

namespace hftbot::lab {

struct RunTimeout {
  static constexpr double kFirstPhaseS = 3600;
  static constexpr double kFloorS = 60;
  static constexpr double kFactor = 10;

  double fixed_s = 0;  // --run-timeout; 0 = derived

  // For the warm-up round, before any run has been timed.
  double FirstPhase() const { return fixed_s > 0 ? fixed_s : kFirstPhaseS; }

  // For a later run expected to take `expected_scale` times as long as the slowest
  // warm-up run (`slowest_first_s`, 0 when none succeeded).
  double Later(double slowest_first_s, double expected_scale = 1) const;
};

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_RUN_TIMEOUT_H_
