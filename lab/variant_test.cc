#include "lab/variant.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

TEST(VariantTest, TheBaselineComesFirstAndEveryAllocatorIsItsOwnBuild) {
  ASSERT_EQ(VariantNames().front(), "system");
  EXPECT_EQ(AllocatorVariantNames(), (std::vector<std::string>{"system", "jemalloc", "mimalloc", "tcmalloc"}));
  for (const std::string& name : AllocatorVariantNames()) EXPECT_EQ(VariantNamed(name).build, name);
}

TEST(VariantTest, AnUnknownNameIsAProgrammingError) { EXPECT_THROW(VariantNamed("jemaloc"), std::logic_error); }

}  // namespace
}  // namespace hftbot::lab
