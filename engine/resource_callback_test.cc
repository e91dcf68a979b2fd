#include "engine/resource_callback.h"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <memory_resource>
#include <utility>
#include <vector>

#include "engine/allocation_counting.h"

namespace hftbot::engine {
namespace {

using testing::CountingResource;

TEST(ResourceCallbackTest, ClosureLivesInTheResourceUntilTheCallbackDies) {
  CountingResource resource;
  int calls = 0;
  const std::array<int64_t, 6> payload{1, 2, 3, 4, 5, 6};  // larger than std::function's inline buffer
  {
    ResourceCallback callback([&calls, payload] { calls += static_cast<int>(payload[5]); }, &resource);
    EXPECT_EQ(resource.allocations, 1u);
    EXPECT_GE(resource.live_bytes, sizeof(payload));
    callback();
    callback();
    EXPECT_EQ(calls, 12);
  }
  EXPECT_EQ(resource.deallocations, 1u);
  EXPECT_EQ(resource.live_bytes, 0u);
}

TEST(ResourceCallbackTest, MovingTransfersTheClosureWithoutAllocating) {
  CountingResource resource;
  int calls = 0;
  std::pmr::vector<ResourceCallback> callbacks(&resource);
  callbacks.reserve(8);
  const uint64_t after_reserve = resource.allocations;
  for (int i = 0; i < 8; ++i) callbacks.emplace_back([&calls, i] { calls += i; }, &resource);
  EXPECT_EQ(resource.allocations, after_reserve + 8);

  std::pmr::vector<ResourceCallback> run(callbacks.get_allocator());
  run.swap(callbacks);
  ResourceCallback moved = std::move(run[7]);
  run[6] = std::move(moved);  // the closure run[6] held is freed
  EXPECT_EQ(resource.deallocations, 1u);
  for (size_t i = 0; i + 1 < run.size(); ++i) run[i]();  // run[7] was moved from
  EXPECT_EQ(calls, 0 + 1 + 2 + 3 + 4 + 5 + 7);
  run.clear();
  EXPECT_EQ(resource.deallocations, 8u);
}

}  // namespace
}  // namespace hftbot::engine
