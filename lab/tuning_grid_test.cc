#include "lab/tuning_grid.h"

#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"

namespace hftbot::lab {
namespace {

std::string Grid(const std::string& name, const std::string& text) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(TuningGridTest, LoadsEntriesBaselineFirst) {
  std::string error;
  std::optional<TuningGrid> grid = LoadGrid(
      Grid("ok.toml",
           "allocator = \"jemalloc\"\n[[entry]]\nname = \"one arena\"\nenv = { MALLOC_CONF = \"narenas:1\" }\n"
           "[[entry]]\nname = \"default\"\n"),
      &error);
  ASSERT_TRUE(grid) << error;
  EXPECT_EQ(grid->allocator, "jemalloc");
  ASSERT_EQ(grid->entries.size(), 2u);
  EXPECT_EQ(grid->entries[0].name, "default");
  EXPECT_EQ(ExportLine(grid->entries[1]), "export MALLOC_CONF='narenas:1'");
  EXPECT_EQ(EntryId(grid->entries[1], 1), "e1-one-arena");
}

TEST(TuningGridTest, AddsADefaultBaselineWhenThereIsNone) {
  std::string error;
  std::optional<TuningGrid> grid = LoadGrid(
      Grid("nobase.toml", "allocator = \"mimalloc\"\n[[entry]]\nname = \"x\"\nenv = { MIMALLOC_PAGE_RESET = \"1\" }\n"),
      &error);
  ASSERT_TRUE(grid) << error;
  ASSERT_EQ(grid->entries.size(), 2u);
  EXPECT_EQ(grid->entries[0].name, "default");
  EXPECT_TRUE(grid->entries[0].env.empty());
}

TEST(TuningGridTest, ErrorsNameTheKey) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& c : {
           Case{"allocator = \"system\"\n[[entry]]\nname = \"x\"\nenvv = {}\n", "entry[0].envv: unknown key"},
           Case{"[[entry]]\nname = \"x\"\n", "allocator: missing"},
           Case{"allocator = \"jemaloc\"\n[[entry]]\nname = \"x\"\n", "'jemaloc' is not"},
           Case{"allocator = \"system\"\n", "entry: no [[entry]] tables"},
           Case{"allocator = \"system\"\n[[entry]]\nname = \"x\"\nenv = { PATH = \"/\" }\n",
                "entry[0].env.PATH: not an allocator tuning variable"},
           Case{"allocator = \"system\"\n[[entry]]\nname = \"x\"\n[[entry]]\nname = \"x\"\n", "'x' is used twice"},
           Case{"allocator = \"system\"\n[[entry]]\nenv = {}\n", "entry[0].name: missing"},
           Case{"allocator = \"system\"\nentry = [\n", ".toml:"},
       }) {
    std::string error;
    EXPECT_FALSE(LoadGrid(Grid("bad.toml", c.text), &error)) << c.text;
    EXPECT_NE(error.find(c.expected), std::string::npos) << error;
  }
}

TEST(TuningGridTest, TheShippedGridsLoad) {
  for (const char* allocator : {"system", "jemalloc", "mimalloc", "tcmalloc", "hybrid"}) {
    const char* dir = std::getenv("TEST_SRCDIR");
    std::string path = std::string(dir ? dir : ".") + "/hftbot/config/tuning/" + allocator + ".toml";
    std::string error;
    std::optional<TuningGrid> grid = LoadGrid(path, &error);
    ASSERT_TRUE(grid) << error;
    EXPECT_EQ(grid->allocator, allocator);
    EXPECT_GE(grid->entries.size(), 2u);
  }
}

}  // namespace
}  // namespace hftbot::lab
