// The variants compare and sweep run. Four are the allocators, each a build of //bot
// (--//alloc=NAME). Two give the engine's components (book, exchange, strategy, risk)
// resources of their own, through the bot's --component option
// (alloc/resource_registry.h), so they need no build of their own:
//   hybrid   — the hybrid build: jemalloc serves malloc (feed, queues, gateway, reports),
//              the four components allocate from mimalloc heaps: the hot path on
//              mimalloc, cold data on jemalloc;
//   adaptive — the system build with the four components on the adaptive resource
//              (slabs in bursts, glibc when calm; [alloc.adaptive] sets it).
//
// Thread safety: immutable after first use.

#ifndef HFTBOT_LAB_VARIANT_H_
#define HFTBOT_LAB_VARIANT_H_

#include <string>
#include <vector>

namespace hftbot::lab {

struct Variant {
  std::string name;
  std::string build;                  // the --//alloc value of its bot (what its report names)
  std::vector<std::string> bot_args;  // given to every run of it, before the user's options
  std::string summary;                // one line for the reports
};

// Every variant, system (the baseline) first, the four allocators before the others.
const std::vector<Variant>& Variants();

// Names of Variants(), in order; AllocatorVariantNames() only the four allocators.
std::vector<std::string> VariantNames();
std::vector<std::string> AllocatorVariantNames();

// REQUIRES: `name` is one of VariantNames().
const Variant& VariantNamed(const std::string& name);

}  // namespace hftbot::lab

#endif  // HFTBOT_LAB_VARIANT_H_
