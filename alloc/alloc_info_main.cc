// alloc_info: which allocator serves malloc and which resource serves each component,
// with the evidence, for this build. The bot's --alloc-info prints the same with the
// components its config assigns; this tool assigns one of each available kind.
//
//   ./bazelw run //alloc:alloc_info --//alloc=hybrid
//   ./bazelw run //alloc:alloc_info --//alloc=hybrid -- book=mimalloc-heap risk=pool

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "alloc/allocator.h"
#include "alloc/resource_registry.h"

int main(int argc, char** argv) {
  using namespace hftbot::alloc;
  std::vector<std::pair<std::string, std::string>> assignment;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto eq = arg.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "alloc_info: expected COMPONENT=SPEC, got '%s'\n", arg.c_str());
      return 2;
    }
    assignment.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
  }
  if (assignment.empty()) {
    bool mimalloc = false, jemalloc = false;
    for (const std::string& kind : AvailableResourceKinds()) {
      mimalloc |= kind == "mimalloc-heap";
      jemalloc |= kind.rfind("jemalloc-arena", 0) == 0;
    }
    // The lesson's hybrid: the hot book on mimalloc, a jemalloc arena of its own for
    // the strategy, a pool for the exchange, reports on the process malloc.
    if (mimalloc) assignment.emplace_back("book", "mimalloc-heap");
    if (jemalloc) assignment.emplace_back("strategy", "jemalloc-arena:hot");
    assignment.emplace_back("exchange", "pool");
    assignment.emplace_back("reports", "default");
  }
  AllocatorInfo info = Info();
  ActiveCheck check = CheckActive();
  std::printf("allocator: %s %s (%s)\n", info.name.c_str(), info.version.c_str(),
              check.active ? "proven to serve malloc" : "NOT PROVEN");
  for (const std::string& line : check.evidence) std::printf("  %s\n", line.c_str());
  try {
    ResourceRegistry registry;
    registry.Assign(assignment);
    std::printf("components:\n");
    bool all = true;
    std::vector<OwnershipProof> proofs = ProveOwnership(registry);
    for (const OwnershipProof& proof : proofs) all &= proof.proven;
    for (const std::string& line : DescribeOwnership(proofs)) std::printf("  %s\n", line.c_str());
    return check.active && all ? 0 : 1;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "alloc_info: %s\n", e.what());
    return 2;
  }
}
