#include "lab/variant.h"

#include <stdexcept>

namespace hftbot::lab {
namespace {

std::vector<std::string> AllComponentsOn(const std::string& spec) {
  std::vector<std::string> args;
  for (const char* component : {"book", "exchange", "strategy", "risk"}) {
    args.insert(args.end(), {"--component", std::string(component) + "=" + spec});
  }
  return args;
}

}  // namespace

const std::vector<Variant>& Variants() {
  static const std::vector<Variant> variants = {
      {"system", "system", {}, "glibc malloc"},
      {"jemalloc", "jemalloc", {}, "jemalloc serves malloc"},
      {"mimalloc", "mimalloc", {}, "mimalloc serves malloc"},
      {"tcmalloc", "tcmalloc", {}, "tcmalloc (gperftools) serves malloc"},
      {"hybrid", "hybrid", AllComponentsOn("mimalloc-heap"),
       "jemalloc serves malloc; book, exchange, strategy and risk allocate from mimalloc heaps"},
      {"adaptive", "system", AllComponentsOn("adaptive"),
       "glibc malloc; book, exchange, strategy and risk on the adaptive resource ([alloc.adaptive])"},
  };
  return variants;
}

std::vector<std::string> VariantNames() {
  std::vector<std::string> names;
  for (const Variant& variant : Variants()) names.push_back(variant.name);
  return names;
}

std::vector<std::string> AllocatorVariantNames() {
  std::vector<std::string> names;
  for (const Variant& variant : Variants()) {
    if (variant.bot_args.empty()) names.push_back(variant.name);
  }
  return names;
}

const Variant& VariantNamed(const std::string& name) {
  for (const Variant& variant : Variants()) {
    if (variant.name == name) return variant;
  }
  throw std::logic_error("no variant " + name);
}

}  // namespace hftbot::lab
