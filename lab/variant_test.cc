#include "lab/variant.h"

#include <algorithm>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::vector<std::string> ComponentsGiven(const Variant& variant) {
  std::vector<std::string> assignments;
  for (size_t i = 0; i + 1 < variant.bot_args.size(); i += 2) {
    EXPECT_EQ(variant.bot_args[i], "--component") << variant.name;
    assignments.push_back(variant.bot_args[i + 1]);
  }
  return assignments;
}

TEST(VariantTest, TheBaselineComesFirstAndEveryAllocatorIsItsOwnBuild) {
  ASSERT_EQ(VariantNames().front(), "system");
  EXPECT_EQ(AllocatorVariantNames(), (std::vector<std::string>{"system", "jemalloc", "mimalloc", "tcmalloc"}));
  for (const std::string& name : AllocatorVariantNames()) EXPECT_EQ(VariantNamed(name).build, name);
}

// The hybrid puts the hot path on mimalloc heaps inside the jemalloc build; the
// adaptive variant runs glibc with the engine on the adaptive resource. A variant
// that left a component out would measure that component on the process malloc.
TEST(VariantTest, HybridAndAdaptiveGiveEveryEngineComponentTheirResource) {
  const std::vector<std::string> hybrid = ComponentsGiven(VariantNamed("hybrid"));
  EXPECT_EQ(VariantNamed("hybrid").build, "hybrid");
  EXPECT_EQ(hybrid, (std::vector<std::string>{"book=mimalloc-heap", "exchange=mimalloc-heap",
                                              "strategy=mimalloc-heap", "risk=mimalloc-heap"}));
  EXPECT_EQ(VariantNamed("adaptive").build, "system");
  EXPECT_EQ(ComponentsGiven(VariantNamed("adaptive")),
            (std::vector<std::string>{"book=adaptive", "exchange=adaptive", "strategy=adaptive", "risk=adaptive"}));
}

TEST(VariantTest, AnUnknownNameIsAProgrammingError) { EXPECT_THROW(VariantNamed("jemaloc"), std::logic_error); }

}  // namespace
}  // namespace hftbot::lab
