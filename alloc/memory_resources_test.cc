// Every resource kind this build can make: counts, ownership by its own backend's
// query against every other resource, cross-thread frees, and the registry's errors.

#include <cstring>
#include <map>
#include <memory_resource>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "alloc/allocation_recorder.h"
#include "alloc/allocator.h"
#include "alloc/component.h"
#include "alloc/resource_registry.h"
#include "alloc/sanitizer.h"
#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

constexpr bool kHaveJemalloc =
#if defined(HFTBOT_HAVE_JEMALLOC)
    true;
#else
    false;
#endif
constexpr bool kHaveMimalloc =
#if defined(HFTBOT_HAVE_MIMALLOC)
    true;
#else
    false;
#endif

std::vector<std::string> BuildableSpecs() {
  std::vector<std::string> specs = {"default", "pool", "adaptive"};
  if (kHaveMimalloc) specs.push_back("mimalloc-heap");
  if (kHaveJemalloc) specs.push_back("jemalloc-arena:hot");
  return specs;
}

std::string ErrorOf(ResourceRegistry& registry, const std::string& spec) {
  try {
    registry.Get(spec);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "<no error>";
}

TEST(ResourceRegistryTest, SameSpecSameResource) {
  ResourceRegistry registry;
  for (const std::string& spec : BuildableSpecs()) {
    ComponentResource& a = registry.Get(spec);
    EXPECT_EQ(&a, &registry.Get(spec));
    EXPECT_EQ(a.Spec(), spec);
    EXPECT_FALSE(a.Backend().empty());
  }
  if (kHaveJemalloc) {
    EXPECT_NE(&registry.Get("jemalloc-arena:hot"), &registry.Get("jemalloc-arena:cold"));
  }
}

TEST(ResourceRegistryTest, ClearErrors) {
  ResourceRegistry registry;
  std::string unknown = ErrorOf(registry, "tcmalloc-heap");
  EXPECT_NE(unknown.find("unknown memory resource 'tcmalloc-heap'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("available in this build: default, pool, adaptive"), std::string::npos) << unknown;
  std::string bad_name = ErrorOf(registry, "jemalloc-arena:h o t");
  if (kHaveJemalloc) {
    EXPECT_NE(bad_name.find("jemalloc-arena:NAME"), std::string::npos) << bad_name;
  }
  const std::string build = "--//alloc=" + Info().name;
  if (!kHaveJemalloc) {
    std::string e = ErrorOf(registry, "jemalloc-arena:hot");
    EXPECT_NE(e.find("needs jemalloc, which is not linked into this build (" + build + ")"), std::string::npos) << e;
  }
  if (!kHaveMimalloc) {
    std::string e = ErrorOf(registry, "mimalloc-heap");
    EXPECT_NE(e.find("needs mimalloc, which is not linked into this build (" + build + ")"), std::string::npos) << e;
  }
  try {
    registry.Assign({{"orders", "pool"}});
    ADD_FAILURE() << "an unknown component was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown component 'orders'; components are cold, feed"), std::string::npos)
        << e.what();
  }
  try {
    registry.Assign({{"book", "slab"}});
    ADD_FAILURE() << "an unknown spec was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("book = \"slab\": unknown memory resource 'slab'", 0), 0u) << e.what();
  }
  EXPECT_THROW(registry.Assign({{"book", "pool"}, {"book", "default"}}), std::invalid_argument);
}

TEST(ResourceRegistryTest, UnassignedComponentsUseTheProcessMalloc) {
  ResourceRegistry registry;
  registry.Assign({{"book", "pool"}});
  EXPECT_EQ(registry.For(Component::kBook).Spec(), "pool");
  EXPECT_EQ(registry.For(Component::kGateway).Spec(), "default");
}

// What the process malloc's own query can say about its blocks in this build.
Ownership ExpectedDefaultOwnership() {
  const std::string name = Info().name;
  if (kSanitizerOwningMalloc != nullptr || name == "system") return Ownership::kUnknown;
  return Ownership::kOwned;
}

struct Block {
  void* p;
  std::size_t bytes;
  std::size_t alignment;
};

// Two threads allocate; the other thread frees half of each's blocks (cross-thread),
// then the test checks counts and that every resource answers for every block.
TEST(MemoryResourcesTest, CountsOwnershipAndCrossThreadFrees) {
  ResourceRegistry registry;
  std::vector<ComponentResource*> resources;
  for (const std::string& spec : BuildableSpecs()) resources.push_back(&registry.Get(spec));
  for (ComponentResource* resource : resources) {
    SCOPED_TRACE(resource->Spec());
    const ResourceStats before = resource->Stats();
    std::vector<Block> a, b;
    auto fill = [&](std::vector<Block>& blocks) {
      blocks.reserve(300);
      for (int i = 0; i < 300; ++i) {
        std::size_t bytes = 16 + static_cast<std::size_t>(i % 7) * 40;
        std::size_t alignment = i % 10 == 0 ? 128 : alignof(std::max_align_t);
        void* p = resource->allocate(bytes, alignment);
        std::memset(p, 0xab, bytes);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % alignment, 0u);
        blocks.push_back({p, bytes, alignment});
      }
    };
    std::thread ta([&] { fill(a); });
    ta.join();
    fill(b);  // main thread
    // Ownership, asked on the main thread: default under mimalloc can prove only this
    // thread's blocks, so use b for it.
    for (const Block& block : b) {
      Ownership own = resource->Owns(block.p);
      if (resource->Spec() == "default") {
        EXPECT_EQ(own, ExpectedDefaultOwnership());
      } else if (resource->Spec() == "adaptive") {  // calm: forwarded to "default"
        EXPECT_EQ(own, Ownership::kUnknown);
        EXPECT_EQ(resource->Backing()->Owns(block.p), ExpectedDefaultOwnership());
      } else {
        EXPECT_EQ(own, Ownership::kOwned);
      }
      for (ComponentResource* other : resources) {
        if (other == resource) continue;
        if (other->Spec() == "default" && resource->LayeredOnProcessMalloc()) continue;
        if (other == resource->Backing()) continue;
        EXPECT_NE(other->Owns(block.p), Ownership::kOwned) << other->Spec() << " claims a block of " << resource->Spec();
      }
    }
    std::thread tb([&] {
      for (std::size_t i = 0; i < b.size(); i += 2) resource->deallocate(b[i].p, b[i].bytes, b[i].alignment);
    });
    tb.join();
    for (std::size_t i = 0; i < a.size(); i += 2) resource->deallocate(a[i].p, a[i].bytes, a[i].alignment);
    uint64_t bytes_each = 0;
    for (const Block& block : a) bytes_each += block.bytes;
    const ResourceStats during = resource->Stats();
    EXPECT_EQ(during.allocations - before.allocations, 600u);
    EXPECT_EQ(during.bytes_allocated - before.bytes_allocated, 2 * bytes_each);
    EXPECT_EQ(during.deallocations - before.deallocations, 300u);
    for (std::size_t i = 1; i < a.size(); i += 2) resource->deallocate(a[i].p, a[i].bytes, a[i].alignment);
    for (std::size_t i = 1; i < b.size(); i += 2) resource->deallocate(b[i].p, b[i].bytes, b[i].alignment);
    const ResourceStats after = resource->Stats();
    EXPECT_EQ(after.live_bytes(), before.live_bytes());
    if (resource->Spec() != "adaptive") {  // adaptive does not track threads
      EXPECT_GE(after.threads, 2);
    }
  }
}

TEST(MemoryResourcesTest, AllocationsAreRecordedUnderTheCurrentComponent) {
  ResourceRegistry registry;
  for (const std::string& spec : BuildableSpecs()) {
    SCOPED_TRACE(spec);
    ComponentResource& resource = registry.Get(spec);
    void* warm = resource.allocate(8);  // the thread's first use may set up state
    resource.deallocate(warm, 8);
    std::vector<void*> blocks(25);
    auto before = ComponentTotals();
    {
      ComponentScope scope(Component::kBook);
      for (void*& p : blocks) p = resource.allocate(48);
    }
    {
      ComponentScope scope(Component::kRisk);
      for (void* p : blocks) resource.deallocate(p, 48);
    }
    auto after = ComponentTotals();
    const int book = static_cast<int>(Component::kBook);
    const int risk = static_cast<int>(Component::kRisk);
    EXPECT_EQ(after[book].allocations - before[book].allocations, 25u);
    EXPECT_EQ(after[book].bytes_allocated - before[book].bytes_allocated, 25u * 48);
    EXPECT_EQ(after[risk].deallocations - before[risk].deallocations, 25u);
  }
}

// The naive profile's containers take their component's resource: the contents, and
// so the results, cannot depend on which one.
TEST(MemoryResourcesTest, ContainersHoldTheSameDataOnEveryResource) {
  ResourceRegistry registry;
  std::vector<std::pair<long, std::string>> reference;
  for (const std::string& spec : BuildableSpecs()) {
    std::pmr::map<long, std::pmr::string> levels(&registry.Get(spec));
    for (long i = 0; i < 2000; ++i) levels[(i * 7919) % 1009] = std::pmr::string(40 + i % 50, static_cast<char>('a' + i % 26));
    std::vector<std::pair<long, std::string>> contents;
    for (const auto& [price, text] : levels) contents.emplace_back(price, std::string(text));
    if (reference.empty()) reference = contents;
    EXPECT_EQ(contents, reference) << spec;
  }
}

// --alloc-info's proof: every component's block is owned by its own resource and by
// no other; in the hybrid build the mimalloc heap's blocks are not the process
// malloc's (jemalloc's), and the arena's are not either.
TEST(MemoryResourcesTest, OwnershipProofPerComponent) {
  ResourceRegistry registry;
  std::vector<std::pair<std::string, std::string>> assignment = {
      {"exchange", "pool"}, {"reports", "default"}, {"queue", "adaptive"}};
  if (kHaveMimalloc) assignment.emplace_back("book", "mimalloc-heap");
  if (kHaveJemalloc) assignment.emplace_back("strategy", "jemalloc-arena:hot");
  registry.Assign(assignment);
  std::vector<OwnershipProof> proofs = ProveOwnership(registry);
  ASSERT_EQ(proofs.size(), static_cast<std::size_t>(kComponentCount));
  std::string described;
  for (const std::string& line : DescribeOwnership(proofs)) described += line + "\n";
  for (const OwnershipProof& proof : proofs) {
    EXPECT_TRUE(proof.proven) << described;
    if (proof.spec == "jemalloc-arena:hot") {
      EXPECT_EQ(proof.process_malloc, Ownership::kNotOwned) << described;
    }
    if (proof.spec == "mimalloc-heap" && kHaveJemalloc) {
      EXPECT_EQ(proof.process_malloc, Ownership::kNotOwned) << described;
    }
  }
  EXPECT_EQ(proofs[static_cast<int>(Component::kBook)].spec, kHaveMimalloc ? "mimalloc-heap" : "default");
}

#if defined(HFTBOT_HAVE_JEMALLOC)
TEST(MemoryResourcesTest, ArenaReleaseReturnsItsPages) {
  ResourceRegistry registry;
  ComponentResource& arena = registry.Get("jemalloc-arena:purge");
  std::vector<void*> blocks;
  for (int i = 0; i < 512; ++i) {
    void* p = arena.allocate(16384);
    std::memset(p, 1, 16384);
    blocks.push_back(p);
  }
  for (void* p : blocks) arena.deallocate(p, 16384);
  ResourceStats held = arena.Stats();
  ASSERT_TRUE(held.backend_resident.has_value());
  uint64_t returned = arena.Release();
  ResourceStats after = arena.Stats();
  EXPECT_GE(returned, 4u << 20);
  EXPECT_LE(*after.backend_resident + (4u << 20), *held.backend_resident);
}
#endif

}  // namespace
}  // namespace hftbot::alloc
