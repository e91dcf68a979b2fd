// OneBranch: a condition the compiler tests with a single branch.
//
// GCC turns a bitwise & or | of comparisons back into a branch per comparison
// (jump threading), and on the engine's hot paths each of those mispredicts as
// often as the data flips it: `if ((a < b) & (c == d))` became two unpredictable
// branches. Passing the combined value through an empty asm makes it opaque, so it
// is computed without branches and tested once. Costs nothing but that.
//
// Thread safety: a pure function.

#ifndef HFTBOT_ENGINE_ONE_BRANCH_H_
#define HFTBOT_ENGINE_ONE_BRANCH_H_

namespace hftbot::engine {

[[gnu::always_inline]] inline bool OneBranch(bool condition) {
  asm("" : "+r"(condition));
  return condition;
}

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_ONE_BRANCH_H_
