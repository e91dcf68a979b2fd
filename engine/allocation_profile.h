// AllocationProfile: how the engine and strategies manage memory on the hot path.
//
// kNaive is how a typical first bot is written (node containers, heap orders with
// string ids, std::function callbacks, growing histories); kPooled preallocates
// everything and performs zero heap allocations per event in steady state. Both
// produce identical orders, fills, PnL and digests for the same input: the profile
// changes speed and allocator pressure, never results.
//
// Thread safety: plain functions over values; callable from any thread.

#ifndef HFTBOT_ENGINE_ALLOCATION_PROFILE_H_
#define HFTBOT_ENGINE_ALLOCATION_PROFILE_H_

#include <cstdint>
#include <string_view>

namespace hftbot::engine {

enum class AllocationProfile : uint8_t { kNaive = 0, kPooled = 1 };

// "naive" or "pooled".
std::string_view AllocationProfileName(AllocationProfile profile);

// Parses "naive" or "pooled" (exact, lower case). Returns false and leaves *profile
// untouched for anything else.
[[nodiscard]] bool ParseAllocationProfile(std::string_view name, AllocationProfile* profile);

}  // namespace hftbot::engine

#endif  // HFTBOT_ENGINE_ALLOCATION_PROFILE_H_
