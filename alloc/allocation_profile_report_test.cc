#include "alloc/allocation_profile_report.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "alloc/allocation_counter.h"
#include "alloc/component.h"
#include "alloc/sanitizer.h"
#include "gtest/gtest.h"

namespace hftbot::alloc {
namespace {

ComponentProfile& Of(AllocationProfile& p, Component c) { return p.components[static_cast<int>(c)]; }

// The issue's example: the book makes 1.0 M allocations of 48 B that live 3 ms and
// are freed on the same thread.
AllocationProfile BookLikeTheIssue() {
  AllocationProfile p;
  p.profiling = true;
  for (int c = 0; c < kComponentCount; ++c) p.components[c].component = static_cast<Component>(c);
  ComponentProfile& book = Of(p, Component::kBook);
  book.allocations = 1'000'000;
  book.bytes_allocated = 48'000'000;
  book.size_classes[SizeClassOf(48)] = 1'000'000;
  book.tracked_frees = 1'000'000;
  book.cross_thread_frees = 1'000;
  for (int i = 0; i < 15'625; ++i) book.lifetimes.Record(3'000'000);
  ComponentProfile& queue = Of(p, Component::kQueue);
  queue.allocations = 50'000;
  queue.size_classes[SizeClassOf(100)] = 50'000;
  queue.tracked_frees = 50'000;
  queue.cross_thread_frees = 49'000;
  for (int i = 0; i < 700; ++i) queue.lifetimes.Record(20'000);
  ComponentProfile& cold = Of(p, Component::kCold);
  cold.allocations = 2'000;
  cold.size_classes[SizeClassOf(1u << 20)] = 2'000;
  cold.peak_live_bytes = 64u << 20;
  for (int i = 0; i < 30; ++i) cold.lifetimes.Record(30'000'000'000ull);
  return p;
}

std::vector<std::string> AdviceFor(const std::vector<Suggestion>& all, Component c) {
  std::vector<std::string> out;
  for (const Suggestion& s : all) {
    if (s.component == c) out.push_back(s.advice + " | " + s.evidence);
  }
  return out;
}

TEST(AllocationProfileReportTest, SuggestionsFollowFromTheNumbersWithEvidence) {
  std::vector<Suggestion> all = SuggestFromProfile(BookLikeTheIssue(), 500'000);
  auto book = AdviceFor(all, Component::kBook);
  ASSERT_EQ(book.size(), 2u);
  EXPECT_EQ(book[0].rfind("preallocate", 0), 0u);
  EXPECT_NE(book[0].find("1.0 M allocations over 500.0 k events = 2.00 per event"), std::string::npos) << book[0];
  EXPECT_NE(book[1].find("[alloc.components] book = \"pool\", or --component book=pool"), std::string::npos) << book[1];
  EXPECT_NE(book[1].find("1.0 M allocations, 100% of them 33-64 B, median lifetime 2.9 ms"), std::string::npos) << book[1]
      << book[1];
  EXPECT_NE(book[1].find("0% freed on another thread"), std::string::npos) << book[1];
  auto queue = AdviceFor(all, Component::kQueue);
  ASSERT_EQ(queue.size(), 1u);  // 0.1 per event: no preallocation advice; no pool (98% cross-thread)
  // The queue takes no resource of its own: the advice names what can serve it.
  EXPECT_EQ(queue[0].find("[alloc.components]"), std::string::npos) << queue[0];
  EXPECT_NE(queue[0].find("--//alloc=mimalloc"), std::string::npos) << queue[0];
  EXPECT_NE(queue[0].find("98% freed on another thread"), std::string::npos) << queue[0];
  auto cold = AdviceFor(all, Component::kCold);
  ASSERT_EQ(cold.size(), 2u);
  EXPECT_EQ(cold[0].find("[alloc.components]"), std::string::npos) << cold[0];
  EXPECT_NE(cold[0].find("dirty_decay_ms"), std::string::npos) << cold[0];
  EXPECT_NE(cold[0].find("peak live 64.0 MiB, median lifetime"), std::string::npos) << cold[0];
  EXPECT_NE(cold[1].find("100% of 2000 allocations are above 64 KiB"), std::string::npos) << cold[1];
}

TEST(AllocationProfileReportTest, NoProfileNoProfileAdvice) {
  AllocationProfile p = BookLikeTheIssue();
  p.profiling = false;
  std::vector<Suggestion> all = SuggestFromProfile(p, 0);
  EXPECT_TRUE(all.empty());
  EXPECT_NE(FormatProfileTable(p, 0).find("(profiling was off)"), std::string::npos);
}

TEST(AllocationProfileReportTest, JsonCarriesEveryComponentAndTheSuggestions) {
  nlohmann::json j = ProfileToJson(BookLikeTheIssue(), 500'000);
  EXPECT_EQ(j["components"].size(), static_cast<std::size_t>(kComponentCount));
  EXPECT_EQ(j["components"]["book"]["allocations"], 1'000'000);
  EXPECT_EQ(j["components"]["book"]["size_classes"]["33-64 B"], 1'000'000);
  EXPECT_DOUBLE_EQ(j["components"]["book"]["allocations_per_event"].get<double>(), 2.0);
  EXPECT_EQ(j["components"]["queue"]["cross_thread_frees"], 49'000);
  EXPECT_EQ(j["suggestions"].size(), 5u);
}

__attribute__((noinline)) std::vector<void*> AllocateForTheBook(int n) {
  std::vector<void*> blocks;
  blocks.reserve(static_cast<std::size_t>(n));
  ComponentScope scope(Component::kBook);
  for (int i = 0; i < n; ++i) blocks.push_back(::operator new(48));
  return blocks;
}

// A real profile through the counting operator new: the folded stacks name the
// function that allocated, under its component, and every file is written.
TEST(AllocationProfileReportTest, WritesNamedStacksForARealProfile) {
  if (kSanitizerOwningMalloc != nullptr) GTEST_SKIP() << kSanitizerOwningMalloc << " owns operator new";
  ProfileOptions options;
  options.stack_sample_every = 1;
  ASSERT_TRUE(StartProfiling(options));
  std::vector<void*> blocks = AllocateForTheBook(20);
  StopProfiling();
  for (void* p : blocks) ::operator delete(p);
  const std::string dir = std::string(std::getenv("TEST_TMPDIR")) + "/profile";
  std::vector<std::string> files = WriteAllocationProfile(ProfileSnapshot(), 0, dir);
  ASSERT_EQ(files.size(), 4u);
  std::ifstream folded(dir + "/stacks.folded");
  std::stringstream text;
  text << folded.rdbuf();
  bool found = false;
  std::string line;
  while (std::getline(text, line)) found |= line.rfind("book;", 0) == 0 && line.find("AllocateForTheBook") != std::string::npos;
  EXPECT_TRUE(found) << text.str();
  EXPECT_GT(std::filesystem::file_size(dir + "/flame.svg"), 500u);
  std::ifstream json_file(dir + "/profile.json");
  nlohmann::json j = nlohmann::json::parse(json_file);
  EXPECT_EQ(j["components"]["book"]["size_classes"]["33-64 B"], 20);
}

}  // namespace
}  // namespace hftbot::alloc
