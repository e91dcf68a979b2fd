#include "alloc/component.h"

#include <thread>

#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

TEST(ComponentTest, NamesRoundTripAndAreStable) {
  // These names are keys in configs and reports: changing one breaks users.
  EXPECT_EQ(ComponentName(Component::kCold), "cold");
  EXPECT_EQ(ComponentName(Component::kQueue), "queue");
  EXPECT_EQ(ComponentName(Component::kReports), "reports");
  for (Component c : kAllComponents) EXPECT_EQ(ParseComponent(ComponentName(c)), c);
  EXPECT_FALSE(ParseComponent("orders").has_value());
  EXPECT_FALSE(ParseComponent("").has_value());
}

TEST(ComponentTest, ScopesNestAndRestore) {
  EXPECT_EQ(CurrentComponent(), Component::kCold);
  {
    ComponentScope book(Component::kBook);
    EXPECT_EQ(CurrentComponent(), Component::kBook);
    {
      ComponentScope risk(Component::kRisk);
      EXPECT_EQ(CurrentComponent(), Component::kRisk);
    }
    EXPECT_EQ(CurrentComponent(), Component::kBook);
  }
  EXPECT_EQ(CurrentComponent(), Component::kCold);
}

TEST(ComponentTest, TagIsPerThread) {
  ComponentScope feed(Component::kFeed);
  Component seen_by_other = Component::kFeed;
  std::thread other([&] { seen_by_other = CurrentComponent(); });
  other.join();
  EXPECT_EQ(seen_by_other, Component::kCold);
  EXPECT_EQ(CurrentComponent(), Component::kFeed);
}

}  // namespace
}  // namespace hftbot::alloc
